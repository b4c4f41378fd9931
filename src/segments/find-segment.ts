import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { SEGMENT_COLUMNS, type Segment } from './segment.js';

/** A segment by id (a number) or key (a string); not_found naming what was asked for otherwise. */
export async function findSegment(db: Queryable, workspaceId: number, idOrKey: number | string, opts: { forUpdate?: boolean } = {}): Promise<Segment> {
  const byId = typeof idOrKey === 'number';
  const [segment] = await db.query<Segment & Record<string, unknown>>(
    `SELECT ${SEGMENT_COLUMNS} FROM segments s WHERE s.workspace_id = $1 AND ${byId ? 's.id = $2' : 's.key = $2'}${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, idOrKey],
  );
  if (!segment) throw new AppError('not_found', byId ? `No segment ${idOrKey} in this workspace` : `No segment "${idOrKey}" in this workspace`);
  return segment;
}
