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
  const rows = await db.query<{ overall: number; grp: string | null; reason: string; accounts: number; revenue_lost: number; median_tenure_days: number | null }>(
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
     SELECT GROUPING(grp) AS overall, grp, reason, count(*) AS accounts, sum(revenue) AS revenue_lost,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (left_at - first_at)) / 86400) FILTER (WHERE first_at IS NOT NULL) AS median_tenure_days
       FROM l GROUP BY GROUPING SETS ((reason), (grp, reason))`,
    [workspaceId, asOf, months, event, property, ...grouping.params],
  );
  // One pass: the rows per reason (overall = 1) and per group and reason (overall = 0).
  const overall = rows.filter((r) => Number(r.overall) === 1);
  const leavers = overall.reduce((n, r) => n + Number(r.accounts), 0);
  const groups = new Map<string, { reason: string; accounts: number }[]>();
  for (const r of rows) if (Number(r.overall) === 0) groups.set(r.grp!, [...(groups.get(r.grp!) ?? []), { reason: r.reason, accounts: Number(r.accounts) }]);
  const sortDesc = <T extends { accounts: number; reason: string }>(l: T[]) => l.sort((a, b) => b.accounts - a.accounts || a.reason.localeCompare(b.reason));
  return {
    as_of: asOf,
    months,
    event,
    by: grouping.by,
    leavers,
    reasons: sortDesc(
      overall.map((r) => ({
        reason: r.reason,
        accounts: Number(r.accounts),
        share: Number(r.accounts) / leavers,
        revenue_lost: Number(r.revenue_lost),
        median_tenure_days: r.median_tenure_days === null ? null : Math.round(Number(r.median_tenure_days) * 10) / 10,
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
