import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { markDirtyCte } from '../recompute/mark-subjects-dirty.js';

/** Deletes an order with its lines and refunds; its account and contact are queued for recompute in the same statement. */
export async function deleteOrder(db: Queryable, workspaceId: number, id: number): Promise<void> {
  const rows = await db.query<{ id: number }>(
    `WITH o AS (DELETE FROM orders WHERE workspace_id = $1 AND id = $2 RETURNING id, account_id, contact_id),
     ${markDirtyCte('queued', '$1', 'o', { account: 'o.account_id', contact: 'o.contact_id' })}
     SELECT id FROM o`,
    [workspaceId, id],
  );
  if (rows.length === 0) throw new AppError('not_found', `No order ${id} in this workspace`);
}
