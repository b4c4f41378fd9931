import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { markSubjectsDirty } from '../recompute/mark-subjects-dirty.js';

/**
 * Deletes a contact and its anonymous identities. Its orders stay with contact_id null
 * (the foreign key does that); its events stay, unlinked from the deleted contact.
 */
export async function deleteContact(db: Database, workspaceId: number, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx.execute('DELETE FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    if (deleted === 0) throw new AppError('not_found', `No contact ${id} in this workspace`);
    await tx.execute('UPDATE events SET contact_id = NULL WHERE workspace_id = $1 AND contact_id = $2', [workspaceId, id]);
    // Its segment memberships and stage go when the recompute worker finds it gone.
    await markSubjectsDirty(tx, workspaceId, 'contact', [id]);
  });
}
