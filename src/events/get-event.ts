import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { EVENT_COLUMNS, type Event } from './event.js';

/** One event; not_found if the workspace has no such event. */
export async function getEvent(db: Queryable, workspaceId: number, id: number): Promise<Event> {
  const rows = await db.query<Event & Record<string, unknown>>(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.workspace_id = $1 AND e.id = $2`, [
    workspaceId,
    id,
  ]);
  if (!rows[0]) throw new AppError('not_found', `No event ${id} in this workspace`);
  return rows[0];
}
