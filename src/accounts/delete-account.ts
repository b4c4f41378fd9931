import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { markSubjectsDirty } from '../recompute/mark-subjects-dirty.js';

/**
 * Deletes an account. Its contacts and orders stay, with account_id set to null (the
 * foreign keys do that); its events stay on the timeline of their contacts, unlinked too.
 */
export async function deleteAccount(db: Database, workspaceId: number, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx.execute('DELETE FROM accounts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    if (deleted === 0) throw new AppError('not_found', `No account ${id} in this workspace`);
    await tx.execute('UPDATE events SET account_id = NULL WHERE workspace_id = $1 AND account_id = $2', [workspaceId, id]);
    // Its segment memberships and stage go when the recompute worker finds it gone.
    await markSubjectsDirty(tx, workspaceId, 'account', [id]);
  });
}
