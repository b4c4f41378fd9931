import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { ACCOUNT_COLUMNS, type Account } from './account.js';

export interface AccountDetail extends Account {
  contact_count: number;
  order_count: number;
  /** Sum of order totals minus refunds, cancelled orders left out. */
  revenue: number;
}

/** One account with its roll-ups; not_found if the workspace has no such account. */
export async function getAccount(db: Queryable, workspaceId: number, id: number): Promise<AccountDetail> {
  const rows = await db.query<AccountDetail & Record<string, unknown>>(
    `SELECT ${ACCOUNT_COLUMNS},
            (SELECT count(*) FROM contacts c WHERE c.workspace_id = a.workspace_id AND c.account_id = a.id) AS contact_count,
            o.order_count, o.revenue
       FROM accounts a
       CROSS JOIN LATERAL (
         SELECT count(*) AS order_count,
                coalesce(sum(o.total - o.refunded_total) FILTER (WHERE o.status <> 'cancelled'), 0) AS revenue
           FROM orders o WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id
       ) o
      WHERE a.workspace_id = $1 AND a.id = $2`,
    [workspaceId, id],
  );
  const row = rows[0];
  if (!row) throw new AppError('not_found', `No account ${id} in this workspace`);
  return row;
}
