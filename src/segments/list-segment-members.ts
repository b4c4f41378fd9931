import type { Queryable } from '../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../db/keyset-cursor.js';
import { keysetPage } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { findSegment } from './find-segment.js';
import { subjectDisplaySql } from './subject-display-sql.js';

export interface SegmentMember {
  /** The account's or contact's id. */
  id: number;
  /** Null when the subject has been deleted since. */
  name: string | null;
  /** An account's domain, a contact's email. */
  detail: string | null;
  entered_at: Date;
}

export interface ListSegmentMembersInput {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** Members walk the primary key (workspace_id, segment_id, subject_id). */
const ORDER: KeysetOrder = { sort: 'segment-members:id', keys: [{ sql: 'm.subject_id', type: 'bigint' }], direction: 'asc' };

/** One page of a segment's members (by id or key), in id order. */
export async function listSegmentMembers(db: Queryable, workspaceId: number, idOrKey: number | string, input: ListSegmentMembersInput): Promise<Page<SegmentMember>> {
  const segment = await findSegment(db, workspaceId, idOrKey);
  const display = subjectDisplaySql(segment.subject_type, 'x');
  return keysetPage<SegmentMember>(
    db,
    {
      from: `segment_members m LEFT JOIN ${display.table} x ON x.workspace_id = m.workspace_id AND x.id = m.subject_id`,
      select: `m.subject_id AS id, ${display.name} AS name, ${display.detail} AS detail, m.entered_at`,
      id: 'm.subject_id',
      order: ORDER,
      where: (p: SqlParams) => [`m.workspace_id = ${p.add(workspaceId)}`, `m.segment_id = ${p.add(segment.id)}`],
    },
    { after: input.cursor ? decodeCursor(ORDER, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
