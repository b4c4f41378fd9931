import type { Queryable } from '../db/database.js';
import type { SubjectType } from '../rules/rule.js';
import { SEGMENT_COLUMNS, type Segment, type SegmentKind } from './segment.js';

export interface ListSegmentsInput {
  subject_type?: SubjectType | undefined;
  kind?: SegmentKind | undefined;
}

/** The workspace's segments by name (a workspace has tens of them, not thousands: one list, no pages). */
export async function listSegments(db: Queryable, workspaceId: number, input: ListSegmentsInput = {}): Promise<{ data: Segment[] }> {
  const data = await db.query<Segment & Record<string, unknown>>(
    `SELECT ${SEGMENT_COLUMNS} FROM segments s
      WHERE s.workspace_id = $1 AND ($2::text IS NULL OR s.subject_type = $2) AND ($3::text IS NULL OR s.kind = $3)
      ORDER BY lower(s.name), s.id`,
    [workspaceId, input.subject_type ?? null, input.kind ?? null],
  );
  return { data };
}
