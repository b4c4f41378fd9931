import type { SubjectType } from '../rules/rule.js';

export interface StageMovePlaceholders {
  /** Placeholders (`$1`) of the caller's statement. */
  workspaceId: string;
  now: string;
  version: string;
  /** The subjects have no stage row yet (first placement): insert it; otherwise update it. */
  firstPlacement?: boolean;
  /** Where the timeline events go: `events` (default), or a batch's table of them (batch-timeline.ts). */
  timeline?: string;
}

/**
 * One statement that records a set of stage moves. `source` selects the moves, one row per
 * subject: subject_id, from_stage (NULL on first placement), to_stage, transition_key (NULL
 * when no transition made it, e.g. a deleted stage mapped elsewhere) and facts (jsonb). For
 * each it inserts (first placement) or updates the subject_stages row (entered now, by this
 * definition version), appends stage_history with the facts, and adds a 'Stage Changed'
 * system event to the subject's timeline (message_id 'stage:<history id>', properties {subject, from, to, transition,
 * version}). It returns the number of moves per transition_key.
 */
export function recordStageMovesSql(subject: SubjectType, source: string, p: StageMovePlaceholders): string {
  const ws = `${p.workspaceId}::bigint`;
  const now = `${p.now}::timestamptz`;
  const version = `${p.version}::integer`;
  const idColumns = subject === 'account' ? 'h.subject_id, NULL::bigint' : 'NULL::bigint, h.subject_id';
  return `
    WITH src AS MATERIALIZED (${source}),
    placed AS (${
      p.firstPlacement
        ? `INSERT INTO subject_stages (workspace_id, subject_type, subject_id, stage, entered_at, definition_version, transition_key)
           SELECT ${ws}, '${subject}', s.subject_id, s.to_stage, ${now}, ${version}, s.transition_key FROM src s`
        : `UPDATE subject_stages st SET stage = s.to_stage, entered_at = ${now}, definition_version = ${version}, transition_key = s.transition_key
             FROM src s
            WHERE st.workspace_id = ${ws} AND st.subject_type = '${subject}' AND st.subject_id = s.subject_id
              -- The rows to update found through the primary key: joined on subject_id alone, the
              -- planner hashed every stage row of the subject type once per statement (a cost
              -- growing with the workspace, once per pass of every batch).
              AND st.subject_id = ANY(ARRAY(SELECT m.subject_id FROM src m))`
    }),
    h AS (
      INSERT INTO stage_history (workspace_id, subject_type, subject_id, from_stage, to_stage, moved_at, transition_key, definition_version, facts)
      SELECT ${ws}, '${subject}', s.subject_id, s.from_stage, s.to_stage, ${now}, s.transition_key, ${version}, s.facts FROM src s
      ORDER BY s.subject_id
      RETURNING id, subject_id, from_stage, to_stage, transition_key
    ),
    timeline AS (
      INSERT INTO ${p.timeline ?? 'events'} (workspace_id, message_id, type, name, account_id, contact_id, properties, occurred_at, source)
      SELECT ${ws}, 'stage:' || h.id, 'system', 'Stage Changed', ${idColumns},
             jsonb_build_object('subject', '${subject}', 'from', h.from_stage, 'to', h.to_stage, 'transition', h.transition_key, 'version', ${version}),
             ${now}, 'kanta'
        FROM h
    )
    SELECT transition_key, count(*) AS moves FROM src GROUP BY transition_key`;
}
