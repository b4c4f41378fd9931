import type { AccountMetric } from '../api/analytics';

export type RfmSegmentKey =
  | 'champions'
  | 'loyal'
  | 'potential_loyalists'
  | 'new_customers'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'at_risk'
  | 'cant_lose_them'
  | 'hibernating';

/** The classic 5 x 5 RFM grid over recency and frequency scores (as the server assigns it). */
export function rfmSegmentOf(r: number, f: number): RfmSegmentKey {
  if (r === 5 && f >= 4) return 'champions';
  if (r >= 3 && f >= 4) return 'loyal';
  if (r >= 4 && f >= 2) return 'potential_loyalists';
  if (r === 5) return 'new_customers';
  if (r === 4) return 'promising';
  if (r === 3 && f === 3) return 'need_attention';
  if (r === 3) return 'about_to_sleep';
  if (f === 5) return 'cant_lose_them';
  if (f >= 3) return 'at_risk';
  return 'hibernating';
}

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

/** Picks the analytics metrics out of the account's stored metrics; missing or non-finite values are null. */
export function accountAnalytics(metrics: readonly AccountMetric[]): AccountAnalytics {
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
      r && f && m
        ? { r: r.value!, f: f.value!, m: m.value!, score: score?.value ?? null, segment: rfmSegmentOf(r.value!, f.value!), computedAt: r.computed_at }
        : null,
  };
}
