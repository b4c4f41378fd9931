import type { Queryable } from '../../db/database.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';

/**
 * Cohort retention and revenue retention from the orders (cancelled ones excluded, values net of
 * refunds, months in UTC), all aggregated in SQL:
 *
 * - cohorts: accounts by acquisition month (the month of their first order); for each month after
 *   it, the share of the cohort that ordered (logo retention) and the revenue against the
 *   cohort's first-month revenue (revenue retention);
 * - periods: consecutive windows of `periodMonths` months ending at `asOf`, newest first, each
 *   with the accounts active at its start, the new accounts, how many of those active at the
 *   start churned in it and the churn rate (that over active at start), and gross and net
 *   revenue retention against the window before it:
 *     NRR = revenue now from the accounts that bought in the previous window / their revenue then
 *     GRR = the same with each account's revenue capped at what it was (no expansion counted).
 *   An account is active from its first order until it churns, `churnAfterDays` after its last
 *   order (the definition the Kaplan-Meier curves use).
 */
export interface CohortRetentionInput {
  /** Default now. */
  asOf?: string | Date | null;
  /** How many acquisition months, ending with the as-of month (default 24). */
  months?: number | null;
  /** Window length for churn and revenue retention, in months (default 12). */
  periodMonths?: number | null;
  /** How many windows (default 4). */
  periods?: number | null;
  churnAfterDays?: number | null;
}

export interface Cohort {
  /** YYYY-MM of the first order. */
  cohort: string;
  accounts: number;
  /** Per month since acquisition (index 0 = the acquisition month): accounts that ordered, and their revenue. */
  active: number[];
  revenue: number[];
  /** active / accounts. */
  logo_retention: number[];
  /** revenue / revenue in month 0 (null when month 0 had no revenue). */
  revenue_retention: (number | null)[];
}

export interface RetentionPeriod {
  start: Date;
  end: Date;
  active_at_start: number;
  new_accounts: number;
  churned: number;
  churn_rate: number | null;
  revenue: number;
  /** Revenue of the previous window from the accounts that bought in it. */
  base_revenue: number;
  /** This window's revenue from those accounts. */
  retained_revenue: number;
  retained_revenue_capped: number;
  net_revenue_retention: number | null;
  gross_revenue_retention: number | null;
}

export interface CohortRetention {
  as_of: Date;
  churn_after_days: number;
  period_months: number;
  cohorts: Cohort[];
  periods: RetentionPeriod[];
}

function wholeNumber(issues: FieldIssue[], path: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) issues.push({ path, message: `must be a whole number from ${min} to ${max} (got ${value})` });
}

export async function getCohortRetention(db: Queryable, workspaceId: number, input: CohortRetentionInput = {}): Promise<CohortRetention> {
  const months = input.months ?? 24;
  const periodMonths = input.periodMonths ?? 12;
  const periods = input.periods ?? 4;
  const churnAfterDays = input.churnAfterDays ?? 365;
  const issues: FieldIssue[] = [];
  wholeNumber(issues, '/months', months, 1, 240);
  wholeNumber(issues, '/period_months', periodMonths, 1, 60);
  wholeNumber(issues, '/periods', periods, 1, 60);
  wholeNumber(issues, '/churn_after_days', churnAfterDays, 1, 3650);
  const asOf = input.asOf == null ? new Date() : new Date(input.asOf);
  if (Number.isNaN(asOf.getTime())) issues.push({ path: '/as_of', message: `must be an ISO 8601 date or date-time (got ${JSON.stringify(input.asOf)})` });
  if (issues.length > 0) throw new AppError('validation_failed', `Invalid cohort request: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);

  const firstCohort = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - (months - 1), 1)).toISOString().slice(0, 10);
  // The orders are read in account and time order (orders_account covers these columns,
  // migration 0012), so every step below streams over that order without sorting or hashing
  // all accounts: an account's cohort is the month of its first order (the first row of its
  // group), and an order counts the account as active in its month when the account's previous
  // order was in another month (no sort, no distinct count). Money is summed as float8 (numeric arithmetic
  // on every order row costs a third of the scan; the sums are reported as float8 anyway).
  // The reads are independent: on a connection pool they run at once.
  const cellsRead = db.query<{ cohort: string; month: string; accounts: number; revenue: number }>(
    `WITH x AS (
       SELECT month, revenue, first_value(month) OVER w AS cohort, month IS DISTINCT FROM lag(month) OVER w AS first_in_month
         FROM (SELECT account_id, ordered_at, date_trunc('month', ordered_at AT TIME ZONE 'UTC')::date AS month, total::float8 - refunded_total::float8 AS revenue
                 FROM orders
                WHERE workspace_id = $1 AND account_id IS NOT NULL AND status <> 'cancelled' AND ordered_at <= $2) o
       -- A ROWS frame: the default RANGE frame makes every row look for its peers.
       WINDOW w AS (PARTITION BY account_id ORDER BY ordered_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
     ), cell AS (
       SELECT cohort, month, (count(*) FILTER (WHERE first_in_month))::int AS accounts, sum(revenue) AS revenue
         FROM x WHERE cohort >= $3::date GROUP BY 1, 2
     )
     SELECT to_char(cohort, 'YYYY-MM') AS cohort, to_char(month, 'YYYY-MM') AS month, accounts, revenue FROM cell ORDER BY 1, 2`,
    [workspaceId, asOf, firstCohort],
  );
  // Churn and revenue retention in one more pass. Window g (0 = newest) is (start, end]; window
  // `periods` is only the base of the oldest reported one. width_bucket puts a time in [lower,
  // upper) buckets, so the bounds sit one microsecond (the resolution of timestamptz) after each
  // start and after the as-of time: bucket i = periods + 1 - g is window g, bucket 0 is older than
  // every window. a: per account (one group of the index order, no sort) its first and last order
  // and its net revenue in each bucket 1..periods + 1 (r1, r2, ...). Then per bucket i: the revenue,
  // and of the accounts that bought in i (revenue > 0) their revenue in i (the base) and in i + 1
  // (retained; capped at the base per account for GRR); and the accounts counted by the buckets
  // of their first order and of their churn, for the active, new and churned of each window.
  const windowsRead = db.query<{ period: number; start_at: Date; end_at: Date }>(
    `SELECT g AS period, $1::timestamptz - make_interval(months => (g + 1) * $2::int) AS start_at, $1::timestamptz - make_interval(months => g * $2::int) AS end_at
       FROM generate_series(0, $3::int - 1) AS g ORDER BY g`,
    [asOf, periodMonths, periods],
  );
  const buckets = Array.from({ length: periods + 1 }, (_, k) => k + 1);
  const revenueColumns = buckets
    .map((i) => `sum(o.total::float8 - o.refunded_total::float8) FILTER (WHERE o.ordered_at >= b.t${i} AND o.ordered_at < b.t${i + 1}) AS r${i}`)
    .join(',\n              ');
  const next = (i: number) => (i <= periods ? `coalesce(r${i + 1}, 0)` : '0');
  const bucketSums = buckets
    .map((i) => `sum(r${i}) AS revenue_${i}, sum(r${i}) FILTER (WHERE r${i} > 0) AS base_${i}, sum(${next(i)}) FILTER (WHERE r${i} > 0) AS retained_${i}, sum(least(${next(i)}, r${i})) FILTER (WHERE r${i} > 0) AS capped_${i}`)
    .join(',\n                ');
  const unpivot = buckets.map((i) => `(${i}, t.revenue_${i}, t.base_${i}, t.retained_${i}, t.capped_${i})`).join(', ');
  const groupsRead = db.query<{
    bucket: number | null;
    first_bucket: number | null;
    churn_bucket: number | null;
    accounts: number;
    revenue: number | null;
    base_revenue: number | null;
    retained: number | null;
    capped: number | null;
  }>(
    `WITH bounds AS (
       SELECT array_agg($2::timestamptz - make_interval(months => g * $3::int) + interval '1 microsecond' ORDER BY g DESC) AS bounds
         FROM generate_series(0, $4::int + 1) AS g
     ), b AS MATERIALIZED (
       -- Each bound also as a column of its own: a subscript per order row and bucket costs more than the comparison.
       SELECT bounds, ${[...buckets, periods + 2].map((i) => `bounds[${i}] AS t${i}`).join(', ')} FROM bounds
     ), a AS MATERIALIZED (
       SELECT min(o.ordered_at) AS first_at, max(o.ordered_at) AS last_at,
              ${revenueColumns}
         FROM orders o CROSS JOIN b
        WHERE o.workspace_id = $1 AND o.account_id IS NOT NULL AND o.status <> 'cancelled' AND o.ordered_at <= $2
        GROUP BY o.account_id
     )
     SELECT v.bucket, NULL::int AS first_bucket, NULL::int AS churn_bucket, 0 AS accounts, v.revenue, v.base_revenue, v.retained, v.capped
       FROM (SELECT ${bucketSums} FROM a) t
      CROSS JOIN LATERAL (VALUES ${unpivot}) AS v(bucket, revenue, base_revenue, retained, capped)
     UNION ALL
     SELECT NULL, width_bucket(a.first_at, b.bounds),
            CASE WHEN a.last_at + make_interval(days => $5::int) <= $2 THEN width_bucket(a.last_at + make_interval(days => $5::int), b.bounds) END,
            count(*)::int, NULL, NULL, NULL, NULL
       FROM a CROSS JOIN b
      GROUP BY 2, 3`,
    [workspaceId, asOf, periodMonths, periods, churnAfterDays],
  );
  const [cells, windows, groups] = await Promise.all([cellsRead, windowsRead, groupsRead]);
  const asOfMonth = asOf.getUTCFullYear() * 12 + asOf.getUTCMonth();
  const cohorts: Cohort[] = [];
  for (const cell of cells) {
    let c = cohorts[cohorts.length - 1];
    const [y, m] = cell.cohort.split('-').map(Number);
    if (!c || c.cohort !== cell.cohort) {
      const width = asOfMonth - (y! * 12 + m! - 1) + 1;
      c = { cohort: cell.cohort, accounts: 0, active: new Array<number>(width).fill(0), revenue: new Array<number>(width).fill(0), logo_retention: [], revenue_retention: [] };
      cohorts.push(c);
    }
    const [my, mm] = cell.month.split('-').map(Number);
    const k = (my! - y!) * 12 + (mm! - m!);
    c.active[k] = cell.accounts;
    c.revenue[k] = cell.revenue;
  }
  for (const c of cohorts) {
    c.accounts = c.active[0]!;
    c.logo_retention = c.active.map((a) => a / c.accounts);
    const base = c.revenue[0]!;
    c.revenue_retention = c.revenue.map((r) => (base > 0 ? r / base : null));
  }

  const byBucket = new Map(groups.filter((g) => g.bucket !== null).map((g) => [g.bucket!, g]));
  const lives = groups.filter((g) => g.bucket === null && g.accounts > 0);
  const periodRows = windows.map((w) => {
    const i = periods + 1 - w.period;
    const count = (test: (first: number, churn: number | null) => boolean): number => lives.filter((l) => test(l.first_bucket!, l.churn_bucket)).reduce((n, l) => n + l.accounts, 0);
    const base = byBucket.get(i - 1);
    return {
      start_at: w.start_at,
      end_at: w.end_at,
      // first order at or before the start, not churned by then; first order in the window; churned in it
      active_at_start: count((first, churn) => first < i && (churn === null || churn >= i)),
      new_accounts: count((first) => first === i),
      churned: count((first, churn) => first < i && churn === i),
      revenue: byBucket.get(i)?.revenue ?? 0,
      base_revenue: base?.base_revenue ?? 0,
      retained: base?.retained ?? 0,
      capped: base?.capped ?? 0,
    };
  });
  return {
    as_of: asOf,
    churn_after_days: churnAfterDays,
    period_months: periodMonths,
    cohorts,
    periods: periodRows.map((r) => ({
      start: r.start_at,
      end: r.end_at,
      active_at_start: r.active_at_start,
      new_accounts: r.new_accounts,
      churned: r.churned,
      churn_rate: r.active_at_start > 0 ? r.churned / r.active_at_start : null,
      revenue: r.revenue,
      base_revenue: r.base_revenue,
      retained_revenue: r.retained,
      retained_revenue_capped: r.capped,
      net_revenue_retention: r.base_revenue > 0 ? r.retained / r.base_revenue : null,
      gross_revenue_retention: r.base_revenue > 0 ? r.capped / r.base_revenue : null,
    })),
  };
}
