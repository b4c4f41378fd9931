import type { AccountMetric, AccountMetrics, RfmSegmentKey } from '../api/analytics';

export interface AccountAnalytics {
  clv: AccountMetric | null;
  pActive: AccountMetric | null;
  expectedPurchases: AccountMetric | null;
  expectedSpend: AccountMetric | null;
  /** The CLV model id that scored the account, when a model did. */
  clvModel: string | null;
  rfm: { r: number; f: number; m: number; score: number | null; segment: RfmSegmentKey; computedAt: string } | null;
}

const finite = (metric: AccountMetric | undefined): AccountMetric | null =>
  metric && metric.value !== null && Number.isFinite(metric.value) ? metric : null;

/** Picks the analytics metrics out of the account's stored metrics; missing or non-finite values are null. The RFM segment is the server's. */
export function accountAnalytics({ metrics, rfm_segment }: AccountMetrics): AccountAnalytics {
  const byName = new Map(metrics.map((metric) => [metric.metric, metric]));
  const clv = finite(byName.get('clv'));
  const r = finite(byName.get('rfm_r'));
  const f = finite(byName.get('rfm_f'));
  const m = finite(byName.get('rfm_m'));
  const score = finite(byName.get('rfm_score'));
  return {
    clv,
    pActive: finite(byName.get('p_active')),
    expectedPurchases: finite(byName.get('expected_purchases')),
    expectedSpend: finite(byName.get('expected_spend')),
    clvModel: clv?.model ?? null,
    rfm:
      r && f && m && rfm_segment
        ? { r: r.value!, f: f.value!, m: m.value!, score: score?.value ?? null, segment: rfm_segment, computedAt: r.computed_at }
        : null,
  };
}
