import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';

/** Erases one event (events are otherwise append-only). */
export async function deleteEvent(db: Queryable, workspaceId: number, id: number): Promise<void> {
  const deleted = await db.execute('DELETE FROM events WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (deleted === 0) throw new AppError('not_found', `No event ${id} in this workspace`);
}
