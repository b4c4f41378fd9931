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
  const cells = await db.query<{ cohort: string; k: number; accounts: number; revenue: number }>(
    `WITH o AS (
       SELECT account_id, date_trunc('month', ordered_at AT TIME ZONE 'UTC')::date AS month, sum(total - refunded_total)::float8 AS revenue
         FROM orders
        WHERE workspace_id = $1 AND account_id IS NOT NULL AND status <> 'cancelled' AND ordered_at <= $2
        GROUP BY 1, 2
     ), c AS (
       SELECT account_id, min(month) AS cohort FROM o GROUP BY 1
     )
     SELECT to_char(c.cohort, 'YYYY-MM') AS cohort,
            ((extract(year FROM o.month) - extract(year FROM c.cohort)) * 12 + extract(month FROM o.month) - extract(month FROM c.cohort))::int AS k,
            count(*)::int AS accounts, sum(o.revenue)::float8 AS revenue
       FROM o JOIN c USING (account_id)
      WHERE c.cohort >= $3::date
      GROUP BY 1, 2
      ORDER BY 1, 2`,
    [workspaceId, asOf, firstCohort],
  );
  const asOfMonth = asOf.getUTCFullYear() * 12 + asOf.getUTCMonth();
  const cohorts: Cohort[] = [];
  for (const cell of cells) {
    let c = cohorts[cohorts.length - 1];
    if (!c || c.cohort !== cell.cohort) {
      const [y, m] = cell.cohort.split('-').map(Number);
      const width = asOfMonth - (y! * 12 + m! - 1) + 1;
      c = { cohort: cell.cohort, accounts: 0, active: new Array<number>(width).fill(0), revenue: new Array<number>(width).fill(0), logo_retention: [], revenue_retention: [] };
      cohorts.push(c);
    }
    c.active[cell.k] = cell.accounts;
    c.revenue[cell.k] = cell.revenue;
  }
  for (const c of cohorts) {
    c.accounts = c.active[0]!;
    c.logo_retention = c.active.map((a) => a / c.accounts);
    const base = c.revenue[0]!;
    c.revenue_retention = c.revenue.map((r) => (base > 0 ? r / base : null));
  }

  // Windows 0..periods-1 are reported; window `periods` is only the base of the oldest one.
  const windows = `SELECT g AS period, $2::timestamptz - make_interval(months => (g + 1) * $3::int) AS start_at, $2::timestamptz - make_interval(months => g * $3::int) AS end_at
                     FROM generate_series(0, $4::int) AS g`;
  const flows = await db.query<{ period: number; start_at: Date; end_at: Date; active_at_start: number; new_accounts: number; churned: number }>(
    `WITH p AS (${windows}), a AS (
       SELECT account_id, min(ordered_at) AS first_at,
              CASE WHEN max(ordered_at) + make_interval(days => $5::int) <= $2 THEN max(ordered_at) + make_interval(days => $5::int) END AS churn_at
         FROM orders
        WHERE workspace_id = $1 AND account_id IS NOT NULL AND status <> 'cancelled' AND ordered_at <= $2
        GROUP BY account_id
     )
     SELECT p.period, p.start_at, p.end_at,
            count(a.account_id) FILTER (WHERE a.first_at <= p.start_at AND (a.churn_at IS NULL OR a.churn_at > p.start_at))::int AS active_at_start,
            count(a.account_id) FILTER (WHERE a.first_at > p.start_at AND a.first_at <= p.end_at)::int AS new_accounts,
            count(a.account_id) FILTER (WHERE a.first_at <= p.start_at AND a.churn_at > p.start_at AND a.churn_at <= p.end_at)::int AS churned
       FROM p LEFT JOIN a ON true
      WHERE p.period < $4
      GROUP BY p.period, p.start_at, p.end_at
      ORDER BY p.period`,
    [workspaceId, asOf, periodMonths, periods, churnAfterDays],
  );
  const revenue = await db.query<{ period: number; revenue: number; base_revenue: number; retained: number; capped: number }>(
    `WITH p AS (${windows}), r AS (
       SELECT o.account_id, p.period, sum(o.total - o.refunded_total)::float8 AS revenue
         FROM orders o JOIN p ON o.ordered_at > p.start_at AND o.ordered_at <= p.end_at
        WHERE o.workspace_id = $1 AND o.account_id IS NOT NULL AND o.status <> 'cancelled'
        GROUP BY 1, 2
     ), retained AS (
       SELECT b.period - 1 AS period, sum(b.revenue) AS base_revenue, sum(coalesce(c.revenue, 0)) AS retained,
              sum(least(coalesce(c.revenue, 0), b.revenue)) AS capped
         FROM r b LEFT JOIN r c ON c.account_id = b.account_id AND c.period = b.period - 1
        WHERE b.period >= 1 AND b.revenue > 0
        GROUP BY b.period
     ), total AS (
       SELECT period, sum(revenue) AS revenue FROM r GROUP BY period
     )
     SELECT p.period, coalesce(t.revenue, 0)::float8 AS revenue, coalesce(x.base_revenue, 0)::float8 AS base_revenue,
            coalesce(x.retained, 0)::float8 AS retained, coalesce(x.capped, 0)::float8 AS capped
       FROM p LEFT JOIN total t ON t.period = p.period LEFT JOIN retained x ON x.period = p.period
      WHERE p.period < $4
      ORDER BY p.period`,
    [workspaceId, asOf, periodMonths, periods],
  );
  const revenueOf = new Map(revenue.map((r) => [r.period, r]));
  return {
    as_of: asOf,
    churn_after_days: churnAfterDays,
    period_months: periodMonths,
    cohorts,
    periods: flows.map((f) => {
      const r = revenueOf.get(f.period)!;
      return {
        start: f.start_at,
        end: f.end_at,
        active_at_start: f.active_at_start,
        new_accounts: f.new_accounts,
        churned: f.churned,
        churn_rate: f.active_at_start > 0 ? f.churned / f.active_at_start : null,
        revenue: r.revenue,
        base_revenue: r.base_revenue,
        retained_revenue: r.retained,
        retained_revenue_capped: r.capped,
        net_revenue_retention: r.base_revenue > 0 ? r.retained / r.base_revenue : null,
        gross_revenue_retention: r.base_revenue > 0 ? r.capped / r.base_revenue : null,
      };
    }),
  };
}
