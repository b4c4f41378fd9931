import type { CohortRetention } from '../api/analytics';
import type { AidaFunnel } from '../api/funnel';
import type { LeavingReasons } from '../api/leaving-reasons';
import type { ShareOfWallet } from '../api/wallet';

export type KeyNumberKey = 'customers' | 'churnRate' | 'nrr' | 'grr' | 'shareOfWallet' | 'margin' | 'conversion' | 'revenueLost';

export interface KeyNumber {
  key: KeyNumberKey;
  /** The latest window's value; null when the data cannot give it. */
  value: number | null;
  /** The window before, for the trend. */
  previous: number | null;
  kind: 'count' | 'rate' | 'money';
  /** Whether a rise is good news (churn and lost revenue: a fall is). */
  higherIsBetter: boolean;
  /** Oldest first, when the source has more than two windows. */
  series: (number | null)[];
}

export interface Trend {
  direction: 'up' | 'down' | 'flat';
  /** value - previous (for rates in shares, 0.012 = 1.2 percentage points). */
  delta: number;
  /** Relative change for counts and money; null for rates or when the previous was 0. */
  relative: number | null;
  good: boolean | null;
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Active customers, churn rate, NRR and GRR per window of the cohort report (newest last in `series`). */
export function cohortKeyNumbers(report: CohortRetention): KeyNumber[] {
  const windows = [...report.periods].reverse();
  const customers = windows.map((p) => p.active_at_start + p.new_accounts - p.churned);
  const pick = (values: (number | null)[], key: KeyNumberKey, kind: KeyNumber['kind'], higherIsBetter: boolean): KeyNumber => ({
    key,
    value: finite(values.at(-1)),
    previous: values.length > 1 ? finite(values.at(-2)) : null,
    kind,
    higherIsBetter,
    series: values.map(finite),
  });
  return [
    pick(customers, 'customers', 'count', true),
    pick(
      windows.map((p) => p.churn_rate),
      'churnRate',
      'rate',
      false,
    ),
    pick(
      windows.map((p) => p.net_revenue_retention),
      'nrr',
      'rate',
      true,
    ),
    pick(
      windows.map((p) => p.gross_revenue_retention),
      'grr',
      'rate',
      true,
    ),
  ];
}

/** Share of wallet and margin of this window against the window before. */
export function walletKeyNumbers(now: ShareOfWallet, before: ShareOfWallet | null): KeyNumber[] {
  const two = (key: KeyNumberKey, a: number | null, b: number | null): KeyNumber => ({ key, value: finite(a), previous: finite(b), kind: 'rate', higherIsBetter: true, series: [] });
  return [two('shareOfWallet', now.total.share_of_wallet, before?.total.share_of_wallet ?? null), two('margin', now.total.margin, before?.total.margin ?? null)];
}

/** The share of the prospects entering the funnel who reached its last step (the first customer stage). */
export function funnelConversion(funnel: AidaFunnel): number | null {
  let entered = 0;
  let won = 0;
  for (const row of funnel.rows) {
    entered += row.entered;
    won += row.steps.at(-1)?.reached ?? 0;
  }
  return entered > 0 ? won / entered : null;
}

/** Revenue that leaving customers brought in their last year. */
export function revenueLost(reasons: LeavingReasons): number {
  return reasons.reasons.reduce((sum, r) => sum + r.revenue_lost, 0);
}

/** The change from the previous window, and whether it is good news. */
export function trendOf(n: KeyNumber): Trend | null {
  if (n.value === null || n.previous === null) return null;
  const delta = n.value - n.previous;
  const flat = Math.abs(delta) < (n.kind === 'rate' ? 0.0005 : 0.5);
  const direction: Trend['direction'] = flat ? 'flat' : delta > 0 ? 'up' : 'down';
  return {
    direction,
    delta,
    relative: n.kind !== 'rate' && n.previous !== 0 ? delta / Math.abs(n.previous) : null,
    good: flat ? null : (delta > 0) === n.higherIsBetter,
  };
}
