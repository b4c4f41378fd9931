import type { Database } from '../../db/database.js';
import { queryWithoutParallelWorkers } from '../../db/query-without-parallel-workers.js';
import { AppError } from '../../errors/app-error.js';
import { compareSurvivalLogRank } from '../models/compare-survival-log-rank.js';
import { estimateKaplanMeier, survivalAt } from '../models/estimate-kaplan-meier.js';
import { resolveAccountGrouping } from './account-grouping.js';

/**
 * Kaplan-Meier retention curves of accounts from their orders, with Greenwood confidence bands,
 * overall or by an account attribute (see account-grouping.ts), and a log-rank test of whether
 * the groups retain alike.
 *
 * An account's life starts at its first order (cancelled orders do not count). It has churned
 * when its last order is more than `churnAfterDays` before `asOf`: the event is then at the last
 * order (the last day it was seen buying). Otherwise it is still active and censored at `asOf`.
 * Times are whole days. SQL reduces the orders to one row per (group, days, churned) with a
 * count; the curves are estimated from those.
 *
 * Contractual data that already knows each account's lifetime (IBM's Telco set: tenure in months,
 * Churn = Yes) gives it as traits instead (`lifetime`): the duration trait in `unit`s and the
 * churn trait's value that marks the event; the time fields (`days`, `median_days`, milestones)
 * are then in that unit. Accounts without a numeric duration are counted in `skipped_accounts`.
 */
export interface RetentionCurvesInput {
  by?: string | null;
  /** Days without an order after which an account counts as churned (default 365). */
  churnAfterDays?: number | null;
  /** Default now. */
  asOf?: string | Date | null;
  /** Confidence level of the bands (default 0.95). */
  confidence?: number | null;
  /** The largest groups kept; the rest are merged into "(other)" (default 10). */
  maxGroups?: number | null;
  /** Lifetimes from traits instead of orders. */
  lifetime?: { durationTrait: string; unit: 'day' | 'week' | 'month'; churnTrait: string; churnValue: string } | null;
}

export interface RetentionPoint {
  days: number;
  at_risk: number;
  churned: number;
  censored: number;
  retention: number;
  lower: number;
  upper: number;
}

export interface RetentionCurve {
  group: string;
  accounts: number;
  churned: number;
  /** Days until half the accounts have churned, with its confidence interval (null: not reached). */
  median_days: number | null;
  median_lower: number | null;
  median_upper: number | null;
  /** Retention at 90, 180, 365 and 730 days. */
  milestones: { days: number; retention: number }[];
  points: RetentionPoint[];
}

export interface RetentionCurves {
  by: string | null;
  /** The unit of the time fields: 'day' from orders, else the lifetime trait's unit. */
  time_unit: 'day' | 'week' | 'month';
  /** Accounts left out because their duration trait is missing or not a number (lifetimes from traits only). */
  skipped_accounts: number;
  churn_after_days: number;
  as_of: Date;
  confidence: number;
  accounts: number;
  curves: RetentionCurve[];
  /** Log-rank test across the groups; null with fewer than two groups or no churn at all. */
  log_rank: { statistic: number; degrees_of_freedom: number; p_value: number; groups: { group: string; accounts: number; observed: number; expected: number }[] } | null;
}

const MILESTONES = { day: [90, 180, 365, 730], week: [13, 26, 52, 104], month: [3, 6, 12, 24] } as const;
const TRAIT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export async function estimateRetentionCurves(db: Database, workspaceId: number, input: RetentionCurvesInput = {}): Promise<RetentionCurves> {
  const churnAfterDays = input.churnAfterDays ?? 365;
  if (!Number.isInteger(churnAfterDays) || churnAfterDays < 1 || churnAfterDays > 3650) {
    throw new AppError('validation_failed', `churn_after_days must be a whole number of days from 1 to 3650 (got ${churnAfterDays})`, [{ path: '/churn_after_days', message: 'must be 1..3650' }]);
  }
  const maxGroups = input.maxGroups ?? 10;
  if (!Number.isInteger(maxGroups) || maxGroups < 1 || maxGroups > 50) throw new AppError('validation_failed', `max_groups must be 1..50 (got ${maxGroups})`, [{ path: '/max_groups', message: 'must be 1..50' }]);
  const confidence = input.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new AppError('validation_failed', `confidence must be between 0 and 1 (got ${confidence})`, [{ path: '/confidence', message: 'must be in (0, 1)' }]);
  const asOf = input.asOf == null ? new Date() : new Date(input.asOf);
  if (Number.isNaN(asOf.getTime())) throw new AppError('validation_failed', `as_of must be an ISO 8601 date or date-time (got ${JSON.stringify(input.asOf)})`, [{ path: '/as_of', message: 'not a date' }]);

  const lifetime = input.lifetime ?? null;
  if (lifetime) {
    for (const [field, v] of [['duration_trait', lifetime.durationTrait], ['churn_trait', lifetime.churnTrait]] as const) {
      if (!TRAIT_NAME.test(v)) throw new AppError('validation_failed', `${field} must be a trait name (letters, digits, _ . -), got ${JSON.stringify(v)}`, [{ path: `/${field}`, message: 'not a trait name' }]);
    }
  }
  const grouping = await resolveAccountGrouping(db, workspaceId, input.by, lifetime ? 5 : 4);
  let skipped = 0;
  const rows = lifetime
    ? await db.query<{ grp: string; days: number; churned: boolean; n: number }>(
        `WITH s AS (
           SELECT ${grouping.joinedSql} AS grp, a.traits ->> $2 AS duration, coalesce(a.traits ->> $3 = $4, false) AS churned
             FROM accounts a ${grouping.join} WHERE a.workspace_id = $1
         )
         SELECT grp, CASE WHEN duration ~ '^[0-9]{1,9}(\\.[0-9]+)?$' THEN floor(duration::numeric)::int END AS days, churned, count(*)::int AS n
           FROM s GROUP BY 1, 2, 3`,
        [workspaceId, lifetime.durationTrait, lifetime.churnTrait, lifetime.churnValue, ...grouping.params],
      )
    : await queryWithoutParallelWorkers<{ grp: string; days: number; churned: boolean; n: number }>(
        db,
        `WITH o AS (
           SELECT account_id, min(ordered_at) AS first_at, max(ordered_at) AS last_at
             FROM orders
            WHERE workspace_id = $1 AND account_id IS NOT NULL AND status <> 'cancelled' AND ordered_at <= $2
            GROUP BY account_id
         ), s AS (
           SELECT ${grouping.joinedSql} AS grp, o.last_at <= $2::timestamptz - make_interval(days => $3::int) AS churned, o.first_at, o.last_at
             FROM o JOIN accounts a ON a.workspace_id = $1 AND a.id = o.account_id ${grouping.join}
         )
         SELECT grp, floor(extract(epoch FROM (CASE WHEN churned THEN last_at ELSE $2::timestamptz END) - first_at) / 86400)::int AS days, churned, count(*)::int AS n
           FROM s GROUP BY 1, 2, 3`,
        [workspaceId, asOf, churnAfterDays, ...grouping.params],
      );
  if (lifetime) {
    skipped = rows.filter((r) => r.days === null).reduce((n, r) => n + r.n, 0);
    rows.splice(0, rows.length, ...rows.filter((r) => r.days !== null));
  }
  const unit = lifetime?.unit ?? 'day';

  // Keep the largest groups; merge the rest into "(other)".
  const sizes = new Map<string, number>();
  for (const r of rows) sizes.set(r.grp, (sizes.get(r.grp) ?? 0) + r.n);
  const kept = new Set([...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, maxGroups).map(([g]) => g));
  const label = (g: string): string => (kept.has(g) ? g : '(other)');
  const byGroup = new Map<string, typeof rows>();
  for (const r of rows) {
    const g = label(r.grp);
    let list = byGroup.get(g);
    if (!list) byGroup.set(g, (list = []));
    list.push(r);
  }
  const total = [...sizes.values()].reduce((s, v) => s + v, 0);
  const expand = (list: typeof rows): { time: Float64Array; event: Uint8Array } => {
    const n = list.reduce((s, r) => s + r.n, 0);
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    let k = 0;
    for (const r of list) {
      time.fill(r.days, k, k + r.n);
      event.fill(r.churned ? 1 : 0, k, k + r.n);
      k += r.n;
    }
    return { time, event };
  };

  const curves: RetentionCurve[] = [];
  for (const [group, list] of [...byGroup.entries()].sort((a, b) => (sizes.get(b[0]) ?? 0) - (sizes.get(a[0]) ?? 0))) {
    const km = estimateKaplanMeier(expand(list), { confidence });
    const points: RetentionPoint[] = [];
    for (let j = 0; j < km.time.length; j++) {
      points.push({
        days: km.time[j]!,
        at_risk: km.atRisk[j]!,
        churned: km.events[j]!,
        censored: km.censored[j]!,
        retention: km.survival[j]!,
        lower: km.lower[j]!,
        upper: km.upper[j]!,
      });
    }
    curves.push({
      group,
      accounts: km.observations,
      churned: km.totalEvents,
      median_days: km.median,
      median_lower: km.medianLower,
      median_upper: km.medianUpper,
      milestones: MILESTONES[unit].map((days) => ({ days, retention: survivalAt(km, days) })),
      points,
    });
  }
  curves.sort((a, b) => b.accounts - a.accounts || a.group.localeCompare(b.group));

  let logRank: RetentionCurves['log_rank'] = null;
  if (curves.length >= 2 && curves.some((c) => c.churned > 0)) {
    const all = rows.map((r) => ({ ...r, grp: label(r.grp) }));
    const { time, event } = expand(all);
    const group = new Array<string>(time.length);
    let k = 0;
    for (const r of all) for (let i = 0; i < r.n; i++) group[k++] = r.grp;
    const test = compareSurvivalLogRank({ time, event, group });
    logRank = {
      statistic: test.statistic,
      degrees_of_freedom: test.degreesOfFreedom,
      p_value: test.pValue,
      groups: test.groups.map((g) => ({ group: String(g.group), accounts: g.observations, observed: g.observed, expected: g.expected })),
    };
  }
  return { by: grouping.by, time_unit: unit, skipped_accounts: skipped, churn_after_days: churnAfterDays, as_of: asOf, confidence, accounts: total, curves, log_rank: logRank };
}
