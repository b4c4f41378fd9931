import type { Queryable } from '../../db/database.js';
import type { Holdings } from './rank-recommendations.js';

/**
 * What accounts had bought before `before` (orders not cancelled and not wholly refunded): every
 * product, and the plan (category 'plan') of the latest plan purchase. `accountIds` null: every
 * account with such orders.
 */
export async function loadAccountHoldings(db: Queryable, workspaceId: number, before: Date, accountIds: number[] | null): Promise<Map<number, Holdings>> {
  const rows = await db.query<{ account_id: number; owned: number[]; plan: number | null }>(
    `SELECT o.account_id, array_agg(DISTINCT l.product_id) AS owned,
            (array_agg(l.product_id ORDER BY o.ordered_at DESC, o.id DESC) FILTER (WHERE p.category = 'plan'))[1] AS plan
       FROM orders o
       JOIN order_lines l ON l.workspace_id = o.workspace_id AND l.order_id = o.id
       LEFT JOIN products p ON p.workspace_id = l.workspace_id AND p.id = l.product_id
      WHERE o.workspace_id = $1 AND o.ordered_at < $2 AND o.status NOT IN ('cancelled', 'refunded')
        AND o.account_id IS NOT NULL AND l.product_id IS NOT NULL
        AND ($3::bigint[] IS NULL OR o.account_id = ANY ($3::bigint[]))
      GROUP BY o.account_id`,
    [workspaceId, before.toISOString(), accountIds],
  );
  return new Map(rows.map((r) => [r.account_id, { owned: new Set(r.owned.map(Number)), plan: r.plan === null ? null : Number(r.plan) }]));
}
