import type { Database } from '../db/database.js';
import { compileRules } from '../rules/compile-rule-sql.js';
import { describeRule } from '../rules/describe-rule.js';
import type { SubjectType } from '../rules/rule.js';
import { checkSegmentRule } from './check-segment-rule.js';
import { subjectDisplaySql } from './subject-display-sql.js';

export interface PreviewSegmentInput {
  subject_type: SubjectType;
  rule: unknown;
  /** The key of the segment being edited (or about to be made), so a reference back to it is caught as a cycle. */
  key?: string | null | undefined;
}

export interface SegmentPreview {
  /** Subjects the rule is true for now. */
  count: number;
  /** Subjects of the type in the workspace. */
  out_of: number;
  /** Up to 20 of them (lowest ids first), with the facts that made the rule true. */
  sample: Array<{ id: number; name: string | null; detail: string | null; facts: Record<string, unknown> }>;
  rule_text: { fi: string; en: string };
  time_dependent: boolean;
}

const SAMPLE = 20;

/**
 * What a rule would select now, before it is saved: the rule is checked like on save, compiled
 * and counted over the whole workspace in one statement (one pass over the facts), and up to 20
 * matching subjects are shown with their names and the facts the rule read. Nothing is written.
 */
export async function previewSegment(db: Database, workspaceId: number, input: PreviewSegmentInput, now = new Date()): Promise<SegmentPreview> {
  const checked = await checkSegmentRule(db, workspaceId, { key: input.key ?? null, subjectType: input.subject_type, rule: input.rule });
  const segmentIds = new Map(
    (await db.query<{ key: string; id: number }>('SELECT key, id FROM segments WHERE workspace_id = $1', [workspaceId])).map((r) => [r.key, r.id]),
  );
  const compiled = compileRules([checked.rule], { subject: input.subject_type, segmentIds });
  const at = now.toISOString();
  const [counted] = await db.query<{ out_of: number; count: number; sample: Array<number | string> | null }>(
    `WITH f AS MATERIALIZED (SELECT f.subject_id, (${compiled.predicates[0]}) AS hit FROM (${compiled.factsSql}) f)
     SELECT (SELECT count(*) FROM f) AS out_of,
            (SELECT count(*) FROM f WHERE f.hit) AS count,
            (SELECT array_agg(s.subject_id ORDER BY s.subject_id) FROM (SELECT subject_id FROM f WHERE f.hit ORDER BY subject_id LIMIT ${SAMPLE}) s) AS sample`,
    [workspaceId, at, null, null, null, ...compiled.params],
  );
  const ids = (counted!.sample ?? []).map(Number); // bigint[] comes back as text from pg
  let sample: SegmentPreview['sample'] = [];
  if (ids.length > 0) {
    // The sample's facts: the same facts query, for these ids only (read through the indexes).
    const byIds = compileRules([checked.rule], { subject: input.subject_type, segmentIds, byIds: true });
    const display = subjectDisplaySql(input.subject_type, 'x');
    sample = await db.query<SegmentPreview['sample'][number] & Record<string, unknown>>(
      `SELECT f.subject_id AS id, ${display.name} AS name, ${display.detail} AS detail, ${byIds.factsJson[0]} AS facts
         FROM (${byIds.factsSql}) f
         JOIN ${display.table} x ON x.workspace_id = $1 AND x.id = f.subject_id
        ORDER BY f.subject_id`,
      [workspaceId, at, null, null, ids, ...byIds.params],
    );
  }
  return {
    count: counted!.count,
    out_of: counted!.out_of,
    sample,
    rule_text: { fi: describeRule(checked.rule, 'fi'), en: describeRule(checked.rule, 'en') },
    time_dependent: checked.timeDependent,
  };
}
