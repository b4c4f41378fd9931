import type { Queryable } from '../db/database.js';
import type { Rule } from '../rules/rule.js';
import { findSegment } from './find-segment.js';

export interface SegmentVersion {
  version: number;
  name: string;
  description: string | null;
  rule: Rule | null;
  created_at: Date;
}

/** Every version of a segment's definition (by id or key), newest first: what each history row's segment_version meant. */
export async function listSegmentVersions(db: Queryable, workspaceId: number, idOrKey: number | string): Promise<{ data: SegmentVersion[] }> {
  const segment = await findSegment(db, workspaceId, idOrKey);
  const data = await db.query<SegmentVersion & Record<string, unknown>>(
    `SELECT version, name, description, rule, created_at FROM segment_versions
      WHERE workspace_id = $1 AND segment_id = $2 ORDER BY version DESC`,
    [workspaceId, segment.id],
  );
  return { data };
}
