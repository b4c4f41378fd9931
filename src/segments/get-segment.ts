import type { Queryable } from '../db/database.js';
import { describeRule } from '../rules/describe-rule.js';
import type { Rule } from '../rules/rule.js';
import { findSegment } from './find-segment.js';
import { listRuleReferences } from './list-rule-references.js';
import type { Segment } from './segment.js';

export interface SegmentDetail extends Segment {
  /** The rule in words (null for a static segment). */
  rule_text: { fi: string; en: string } | null;
  /** Other segments whose rules reference this one. */
  referenced_by: string[];
}

/** One segment by id or key, with its rule in words and the segments that reference it. */
export async function getSegment(db: Queryable, workspaceId: number, idOrKey: number | string): Promise<SegmentDetail> {
  const segment = await findSegment(db, workspaceId, idOrKey);
  const others = await db.query<{ key: string; rule: Rule }>(
    'SELECT key, rule FROM segments WHERE workspace_id = $1 AND id <> $2 AND rule IS NOT NULL ORDER BY key',
    [workspaceId, segment.id],
  );
  return {
    ...segment,
    rule_text: segment.rule ? { fi: describeRule(segment.rule, 'fi'), en: describeRule(segment.rule, 'en') } : null,
    referenced_by: others.filter((o) => listRuleReferences(o.rule).segments.includes(segment.key)).map((o) => o.key),
  };
}
