import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Rule, SubjectType } from '../rules/rule.js';
import { findSegmentCycle } from '../rules/find-segment-cycle.js';
import { validateRule } from '../rules/validate-rule.js';
import { listRuleReferences } from './list-rule-references.js';
import { loadStageKeys } from './load-stage-keys.js';

export interface CheckedSegmentRule {
  rule: Rule;
  timeDependent: boolean;
  referencedSegments: string[];
}

export interface SegmentRuleInput {
  /** The segment's own key (new or existing): a rule may not reach it again through references. */
  key: string | null;
  subjectType: SubjectType;
  rule: unknown;
  /** JSON pointer of the rule in the caller's input, prefixed to every issue (default `/rule`). */
  path?: string;
}

/**
 * Checks a segment rule against the workspace: fields and operators (validateRule, with the
 * segments of the workspace and the stages of the subject type's lifecycle), and that its
 * segment references make no cycle (a → b → a), which would have no answer. Throws
 * validation_failed naming each problem's path; the cycle is spelled out in the message.
 */
export async function checkSegmentRule(db: Queryable, workspaceId: number, input: SegmentRuleInput): Promise<CheckedSegmentRule> {
  const at = input.path ?? '/rule';
  const rows = await db.query<{ key: string; subject_type: SubjectType; rule: Rule | null }>(
    'SELECT key, subject_type, rule FROM segments WHERE workspace_id = $1 ORDER BY key',
    [workspaceId],
  );
  const segments = new Map(rows.map((r) => [r.key, r.subject_type]));
  if (input.key !== null) segments.set(input.key, input.subjectType);
  const stages = await loadStageKeys(db, workspaceId, input.subjectType);
  const contactStages = input.subjectType === 'account' ? await loadStageKeys(db, workspaceId, 'contact') : undefined;
  const checked = validateRule(input.rule, { subject: input.subjectType, segments, stages, ...(contactStages ? { contactStages } : {}) });
  if (!checked.ok) {
    const issues = checked.issues.map((i) => ({ path: `${at}${i.path === '/' ? '' : i.path}`, message: i.message }));
    throw new AppError('validation_failed', `The rule is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  if (input.key !== null) {
    const graph = new Map<string, string[]>();
    for (const r of rows) graph.set(r.key, r.rule ? listRuleReferences(r.rule).segments : []);
    graph.set(input.key, checked.referencedSegments);
    const found = findSegmentCycle(graph);
    if (found) {
      // Told from the segment being saved: "b → a → b" when b's new rule reads a, which reads b.
      const start = found.indexOf(input.key, 0);
      const cycle = start > 0 && start < found.length - 1 ? [...found.slice(start, -1), ...found.slice(0, start), input.key] : found;
      const path = cycle.join(' → ');
      throw new AppError('validation_failed', `The rule makes a cycle of segment references: ${path}`, [
        { path: at, message: `segment references make a cycle: ${path}` },
      ]);
    }
  }
  return { rule: checked.rule, timeDependent: checked.timeDependent, referencedSegments: checked.referencedSegments };
}
