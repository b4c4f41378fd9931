import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';

/** not_found unless the workspace has this account (for lists under /accounts/{id}/…). */
export async function assertAccountExists(db: Queryable, workspaceId: number, id: number): Promise<void> {
  const rows = await db.query('SELECT 1 FROM accounts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (rows.length === 0) throw new AppError('not_found', `No account ${id} in this workspace`);
}
