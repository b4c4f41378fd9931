import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { markDirtyCte } from '../recompute/mark-subjects-dirty.js';

/** Erases one event (events are otherwise append-only); its account and contact are queued for recompute in the same statement. */
export async function deleteEvent(db: Queryable, workspaceId: number, id: number): Promise<void> {
  const rows = await db.query<{ id: number }>(
    `WITH e AS (DELETE FROM events WHERE workspace_id = $1 AND id = $2 RETURNING id, account_id, contact_id),
     ${markDirtyCte('queued', '$1', 'e', { account: 'e.account_id', contact: 'e.contact_id' })}
     SELECT id FROM e`,
    [workspaceId, id],
  );
  if (rows.length === 0) throw new AppError('not_found', `No event ${id} in this workspace`);
}
