import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { findSegment } from './find-segment.js';
import { recordSegmentChangesSql } from './record-segment-changes.js';
import type { Segment } from './segment.js';

export interface SegmentMembersChange {
  segment: Pick<Segment, 'id' | 'key'>;
  /** Subjects that entered (or left) now. */
  changed: number;
  /** Subjects that were already members (or were not members). */
  unchanged: number;
  member_count: number;
}

const MAX_IDS = 10_000;

/** The ids as a distinct list; validation_failed naming each bad position of `/ids`. */
export function checkedIds(ids: readonly unknown[]): number[] {
  if (ids.length === 0 || ids.length > MAX_IDS) {
    throw new AppError('validation_failed', `Give 1 to ${MAX_IDS} ids`, [{ path: '/ids', message: `must hold 1 to ${MAX_IDS} ids` }]);
  }
  const issues = ids.flatMap((id, i) => (Number.isSafeInteger(id) && (id as number) > 0 ? [] : [{ path: `/ids/${i}`, message: 'must be a positive integer id' }]));
  if (issues.length > 0) throw new AppError('validation_failed', 'Some ids are not ids', issues);
  return [...new Set(ids as number[])].sort((a, b) => a - b);
}

/**
 * Refuses ids the workspace does not have, naming each one's position in `/ids`. With
 * `orMembers`, a current member counts as known too (a deleted account's membership can be removed).
 */
export async function assertSubjectsExist(
  tx: Pick<Database, 'query'>,
  workspaceId: number,
  segment: Segment,
  ids: readonly unknown[],
  unique: number[],
  orMembers = false,
): Promise<void> {
  const table = segment.subject_type === 'account' ? 'accounts' : 'contacts';
  const found = await tx.query<{ id: number }>(
    `SELECT id FROM ${table} WHERE workspace_id = $1 AND id = ANY($2::bigint[])
     ${orMembers ? 'UNION SELECT subject_id FROM segment_members WHERE workspace_id = $1 AND segment_id = $3 AND subject_id = ANY($2::bigint[])' : ''}`,
    orMembers ? [workspaceId, unique, segment.id] : [workspaceId, unique],
  );
  if (found.length === unique.length) return;
  const known = new Set(found.map((r) => r.id));
  const issues = ids.flatMap((id, i) => (known.has(id as number) ? [] : [{ path: `/ids/${i}`, message: `no ${segment.subject_type} ${String(id)} in this workspace` }]));
  const unknown = [...new Set(ids.filter((id) => !known.has(id as number)))];
  throw new AppError('validation_failed', `Unknown ${segment.subject_type} id(s): ${unknown.join(', ')}; nothing was changed`, issues, { unknown_ids: unknown });
}

/** Refuses a dynamic segment: its members come from its rule. */
export function assertStatic(segment: Segment): void {
  if (segment.kind !== 'static') {
    throw new AppError('conflict', `Segment "${segment.key}" is dynamic: its members come from its rule, they cannot be added or removed by hand`);
  }
}

/**
 * Adds accounts or contacts (by id) to a static segment, all or nothing: an unknown id refuses
 * the whole request, naming each. Each new member gets an 'entered' history row and a
 * 'Segment Entered' timeline event; ids already in the segment are left as they are.
 */
export async function addSegmentMembers(db: Database, workspaceId: number, idOrKey: number | string, ids: readonly unknown[], now = new Date()): Promise<SegmentMembersChange> {
  const unique = checkedIds(ids);
  return db.transaction(async (tx) => {
    const segment = await findSegment(tx, workspaceId, idOrKey, { forUpdate: true });
    assertStatic(segment);
    await assertSubjectsExist(tx, workspaceId, segment, ids, unique);
    const [row] = await tx.query<{ changed: number; member_count: number }>(
      `WITH added AS (
         INSERT INTO segment_members (workspace_id, segment_id, subject_id, entered_at)
         SELECT $1, $2, t.id, $3 FROM unnest($4::bigint[]) AS t(id) ORDER BY t.id
         ON CONFLICT DO NOTHING
         RETURNING subject_id
       ),
       changes AS (SELECT subject_id, 'entered'::text AS change, '{"by": "hand"}'::jsonb AS facts FROM added),
       ${recordSegmentChangesSql({ changes: 'changes', subjectType: segment.subject_type, workspaceId: '$1::bigint', segmentId: '$2::bigint', segmentVersion: '$5::integer', segmentKey: '$6::text', segmentName: '$7::text', at: '$3::timestamptz' })},
       counted AS (
         UPDATE segments s SET member_count = s.member_count + (SELECT count(*) FROM added), evaluated_at = $3
          WHERE s.workspace_id = $1 AND s.id = $2 RETURNING s.member_count
       )
       SELECT (SELECT count(*) FROM added) AS changed, (SELECT member_count FROM counted) AS member_count`,
      [workspaceId, segment.id, now.toISOString(), unique, segment.version, segment.key, segment.name],
    );
    return { segment: { id: segment.id, key: segment.key }, changed: row!.changed, unchanged: unique.length - row!.changed, member_count: row!.member_count };
  });
}
