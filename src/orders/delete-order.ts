import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';

/** Deletes an order with its lines and refunds. */
export async function deleteOrder(db: Queryable, workspaceId: number, id: number): Promise<void> {
  const deleted = await db.execute('DELETE FROM orders WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (deleted === 0) throw new AppError('not_found', `No order ${id} in this workspace`);
}
