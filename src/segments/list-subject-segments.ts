import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { SubjectType } from '../rules/rule.js';
import type { SegmentKind } from './segment.js';

export interface SubjectSegment {
  id: number;
  key: string;
  name: string;
  kind: SegmentKind;
  entered_at: Date;
}

/** The segments an account or contact is in now, by segment name; not_found for an unknown subject. */
export async function listSubjectSegments(db: Queryable, workspaceId: number, subjectType: SubjectType, subjectId: number): Promise<{ data: SubjectSegment[] }> {
  const table = subjectType === 'account' ? 'accounts' : 'contacts';
  const exists = await db.query(`SELECT 1 FROM ${table} WHERE workspace_id = $1 AND id = $2`, [workspaceId, subjectId]);
  if (exists.length === 0) throw new AppError('not_found', `No ${subjectType} ${subjectId} in this workspace`);
  const data = await db.query<SubjectSegment & Record<string, unknown>>(
    `SELECT s.id, s.key, s.name, s.kind, m.entered_at
       FROM segment_members m JOIN segments s ON s.workspace_id = m.workspace_id AND s.id = m.segment_id
      WHERE m.workspace_id = $1 AND m.subject_id = $2 AND s.subject_type = $3
      ORDER BY lower(s.name), s.id`,
    [workspaceId, subjectId, subjectType],
  );
  return { data };
}
