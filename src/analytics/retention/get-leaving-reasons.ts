import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { resolveAccountGrouping } from './account-grouping.js';

export interface LeavingReasonsInput {
  asOf?: Date | null;
  /** Leavers within this many months before asOf (default 24). */
  months?: number | null;
  /** The timeline event of leaving (default 'Subscription Cancelled'; an exit survey's answer works too). */
  event?: string | null;
  /** Its property that holds the reason (default 'reason'). */
  property?: string | null;
  by?: string | null;
}

export interface ReasonCount {
  reason: string;
  accounts: number;
  share: number;
  /** Revenue of those accounts in the 12 months before they left: what the reason cost. */
  revenue_lost: number;
  /** Median days from the first order to leaving. */
  median_tenure_days: number | null;
}

export interface LeavingReasons {
  as_of: Date;
  months: number;
  event: string;
  by: string | null;
  leavers: number;
  reasons: ReasonCount[];
  groups: { group: string; leavers: number; reasons: { reason: string; accounts: number; share: number }[] }[];
}

/**
 * Why customers left: the reason property of each account's latest leaving event in the window
 * ("(not given)" when missing), how many left for it, the revenue they brought in their last
 * year and how long they had been customers; overall and per group.
 */
export async function getLeavingReasons(db: Queryable, workspaceId: number, input: LeavingReasonsInput = {}): Promise<LeavingReasons> {
  const asOf = input.asOf ?? new Date();
  const months = input.months ?? 24;
  if (!Number.isInteger(months) || months < 1 || months > 240) throw new AppError('validation_failed', `months must be 1..240 (got ${months})`, [{ path: '/months', message: 'must be 1..240' }]);
  const event = input.event ?? 'Subscription Cancelled';
  const property = input.property ?? 'reason';
  const grouping = await resolveAccountGrouping(db, workspaceId, input.by, 6);
  const rows = await db.query<{ grp: string; reason: string; accounts: number; revenue_lost: number; median_tenure_days: number | null }>(
    `WITH left_ AS (
       SELECT DISTINCT ON (e.account_id) e.account_id, e.occurred_at AS left_at, coalesce(nullif(e.properties ->> $5, ''), '(not given)') AS reason
         FROM events e
        WHERE e.workspace_id = $1 AND e.name = $4 AND e.account_id IS NOT NULL
          AND e.occurred_at > $2::timestamptz - make_interval(months => $3::int) AND e.occurred_at <= $2
        ORDER BY e.account_id, e.occurred_at DESC, e.id DESC
     ),
     l AS (
       SELECT l.*, ${grouping.sql} AS grp,
              (SELECT coalesce(sum(o.total - o.refunded_total), 0)::float8 FROM orders o
                WHERE o.workspace_id = $1 AND o.account_id = l.account_id AND o.status <> 'cancelled'
                  AND o.ordered_at > l.left_at - interval '12 months' AND o.ordered_at <= l.left_at) AS revenue,
              (SELECT min(o.ordered_at) FROM orders o WHERE o.workspace_id = $1 AND o.account_id = l.account_id AND o.status <> 'cancelled') AS first_at
         FROM left_ l JOIN accounts a ON a.workspace_id = $1 AND a.id = l.account_id
     )
     SELECT grp, reason, count(*) AS accounts, sum(revenue) AS revenue_lost,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (left_at - first_at)) / 86400) FILTER (WHERE first_at IS NOT NULL) AS median_tenure_days
       FROM l GROUP BY grp, reason`,
    [workspaceId, asOf, months, event, property, ...grouping.params],
  );
  const leavers = rows.reduce((n, r) => n + Number(r.accounts), 0);
  const byReason = new Map<string, { accounts: number; revenue: number; tenures: { n: number; median: number | null }[] }>();
  for (const r of rows) {
    const x = byReason.get(r.reason) ?? { accounts: 0, revenue: 0, tenures: [] };
    x.accounts += Number(r.accounts);
    x.revenue += Number(r.revenue_lost);
    x.tenures.push({ n: Number(r.accounts), median: r.median_tenure_days === null ? null : Number(r.median_tenure_days) });
    byReason.set(r.reason, x);
  }
  // Overall medians need the overall rows: with a grouping, ask once more without it.
  const overallMedian = grouping.by === null ? null : await medianTenures(db, workspaceId, asOf, months, event, property);
  const groups = new Map<string, { reason: string; accounts: number }[]>();
  for (const r of rows) groups.set(r.grp, [...(groups.get(r.grp) ?? []), { reason: r.reason, accounts: Number(r.accounts) }]);
  const sortDesc = <T extends { accounts: number; reason: string }>(l: T[]) => l.sort((a, b) => b.accounts - a.accounts || a.reason.localeCompare(b.reason));
  return {
    as_of: asOf,
    months,
    event,
    by: grouping.by,
    leavers,
    reasons: sortDesc(
      [...byReason].map(([reason, x]) => ({
        reason,
        accounts: x.accounts,
        share: x.accounts / leavers,
        revenue_lost: x.revenue,
        median_tenure_days: round(overallMedian ? (overallMedian.get(reason) ?? null) : (x.tenures[0]?.median ?? null)),
      })),
    ),
    groups: [...groups]
      .map(([group, list]) => {
        const n = list.reduce((s, r) => s + r.accounts, 0);
        return { group, leavers: n, reasons: sortDesc(list.map((r) => ({ ...r, share: r.accounts / n }))) };
      })
      .sort((a, b) => b.leavers - a.leavers || a.group.localeCompare(b.group)),
  };
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

async function medianTenures(db: Queryable, workspaceId: number, asOf: Date, months: number, event: string, property: string): Promise<Map<string, number | null>> {
  const r = await getLeavingReasons(db, workspaceId, { asOf, months, event, property, by: null });
  return new Map(r.reasons.map((x) => [x.reason, x.median_tenure_days]));
}
