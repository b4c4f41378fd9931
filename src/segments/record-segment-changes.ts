import type { SubjectType } from '../rules/rule.js';

export interface SegmentChangeSql {
  /** A CTE (or table) with rows (subject_id bigint, change text 'entered'|'exited', facts jsonb). */
  changes: string;
  subjectType: SubjectType;
  /** Typed placeholders of the caller's statement (`$3::bigint`, `$2::timestamptz`, `$5::text`, ...). */
  workspaceId: string;
  segmentId: string;
  segmentVersion: string;
  segmentKey: string;
  segmentName: string;
  /** When the changes happened: the recompute's `now`. */
  at: string;
  /** Where the timeline events go: `events` (default), or a batch's table of them (batch-timeline.ts) that writes them later. */
  timeline?: string;
}

/**
 * The CTEs `hist` and `timeline` that record membership changes: a segment_history row per
 * change, with the facts that made it, and a timeline event per change (type 'system',
 * 'Segment Entered' / 'Segment Exited', source 'kanta', message_id 'segment:<history id>') on
 * the subject: an account's own timeline, or a contact's (with the contact's account).
 * Every writer of segment_members (recompute, static lists) records through this one fragment.
 */
export function recordSegmentChangesSql(s: SegmentChangeSql): string {
  // A contact's account: one primary-key probe per change (a join hashed every contact of the workspace).
  const subject =
    s.subjectType === 'account'
      ? 'NULL::bigint, h.subject_id'
      : `h.subject_id, (SELECT c.account_id FROM contacts c WHERE c.workspace_id = ${s.workspaceId} AND c.id = h.subject_id)`;
  return `hist AS (
    INSERT INTO segment_history (workspace_id, segment_id, subject_id, change, changed_at, segment_version, facts)
    SELECT ${s.workspaceId}, ${s.segmentId}, ch.subject_id, ch.change, ${s.at}, ${s.segmentVersion}, coalesce(ch.facts, '{}'::jsonb)
      FROM ${s.changes} ch ORDER BY ch.subject_id
    RETURNING id, subject_id, change, facts
  ),
  timeline AS (
    INSERT INTO ${s.timeline ?? 'events'} (workspace_id, message_id, type, name, contact_id, account_id, properties, occurred_at, source)
    SELECT ${s.workspaceId}, 'segment:' || h.id, 'system', CASE h.change WHEN 'entered' THEN 'Segment Entered' ELSE 'Segment Exited' END,
           ${subject},
           jsonb_build_object('segment_id', ${s.segmentId}, 'segment', ${s.segmentKey}, 'segment_name', ${s.segmentName},
                              'version', ${s.segmentVersion}, 'history_id', h.id, 'facts', h.facts),
           ${s.at}, 'kanta'
      FROM hist h
    ${s.timeline === undefined ? 'ON CONFLICT (workspace_id, message_id) DO NOTHING' : ''}
  )`;
}
