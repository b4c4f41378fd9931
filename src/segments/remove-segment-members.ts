import type { Database } from '../db/database.js';
import { assertStatic, assertSubjectsExist, checkedIds, type SegmentMembersChange } from './add-segment-members.js';
import { findSegment } from './find-segment.js';
import { recordSegmentChangesSql } from './record-segment-changes.js';

/**
 * Removes accounts or contacts (by id) from a static segment, all or nothing: an unknown id
 * refuses the whole request, naming each. Each removed member gets an 'exited' history row
 * and a 'Segment Exited' timeline event; ids not in the segment are left as they are.
 */
export async function removeSegmentMembers(db: Database, workspaceId: number, idOrKey: number | string, ids: readonly unknown[], now = new Date()): Promise<SegmentMembersChange> {
  const unique = checkedIds(ids);
  return db.transaction(async (tx) => {
    const segment = await findSegment(tx, workspaceId, idOrKey, { forUpdate: true });
    assertStatic(segment);
    await assertSubjectsExist(tx, workspaceId, segment, ids, unique, true);
    const [row] = await tx.query<{ changed: number; member_count: number }>(
      `WITH removed AS (
         DELETE FROM segment_members m WHERE m.workspace_id = $1 AND m.segment_id = $2 AND m.subject_id = ANY($4::bigint[])
         RETURNING m.subject_id
       ),
       changes AS (SELECT subject_id, 'exited'::text AS change, '{"by": "hand"}'::jsonb AS facts FROM removed),
       ${recordSegmentChangesSql({ changes: 'changes', subjectType: segment.subject_type, workspaceId: '$1::bigint', segmentId: '$2::bigint', segmentVersion: '$5::integer', segmentKey: '$6::text', segmentName: '$7::text', at: '$3::timestamptz' })},
       counted AS (
         UPDATE segments s SET member_count = s.member_count - (SELECT count(*) FROM removed), evaluated_at = $3
          WHERE s.workspace_id = $1 AND s.id = $2 RETURNING s.member_count
       )
       SELECT (SELECT count(*) FROM removed) AS changed, (SELECT member_count FROM counted) AS member_count`,
      [workspaceId, segment.id, now.toISOString(), unique, segment.version, segment.key, segment.name],
    );
    return { segment: { id: segment.id, key: segment.key }, changed: row!.changed, unchanged: unique.length - row!.changed, member_count: row!.member_count };
  });
}
