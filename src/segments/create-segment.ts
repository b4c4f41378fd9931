import type { Database } from '../db/database.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { AppError } from '../errors/app-error.js';
import type { SubjectType } from '../rules/rule.js';
import { checkSegmentRule } from './check-segment-rule.js';
import { SEGMENT_COLUMNS, SEGMENT_DEFINITIONS_LOCK, SEGMENT_KEY_PATTERN, type Segment, type SegmentKind } from './segment.js';

export interface CreateSegmentInput {
  key: string;
  name: string;
  description?: string | null | undefined;
  subject_type: SubjectType;
  kind: SegmentKind;
  /** Required for a dynamic segment; a static one has none (its members are added by hand). */
  rule?: unknown;
}

/**
 * Creates a segment at version 1. A dynamic segment's rule is checked against the workspace
 * (fields, referenced segments and stages, no reference cycle); the recompute worker evaluates
 * it soon after (evaluated_version stays null until then). A key clash is a conflict.
 */
export async function createSegment(db: Database, workspaceId: number, input: CreateSegmentInput): Promise<Segment> {
  if (!new RegExp(SEGMENT_KEY_PATTERN).test(input.key)) {
    throw new AppError('validation_failed', `Invalid segment key "${input.key}"`, [
      { path: '/key', message: 'must be 1-63 lower-case letters, digits, - or _, starting with a letter or digit' },
    ]);
  }
  const hasRule = input.rule !== undefined && input.rule !== null;
  if (input.kind === 'static' && hasRule) {
    throw new AppError('validation_failed', 'A static segment has no rule: its members are added by hand', [
      { path: '/rule', message: 'must be left out for a static segment' },
    ]);
  }
  if (input.kind === 'dynamic' && !hasRule) {
    throw new AppError('validation_failed', 'A dynamic segment needs a rule', [{ path: '/rule', message: 'is required for a dynamic segment' }]);
  }
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2::integer)', [SEGMENT_DEFINITIONS_LOCK, workspaceId]);
    const checked = input.kind === 'dynamic' ? await checkSegmentRule(tx, workspaceId, { key: input.key, subjectType: input.subject_type, rule: input.rule }) : null;
    const [segment] = await mapConstraintErrors(
      () =>
        tx.query<Segment & Record<string, unknown>>(
          `INSERT INTO segments AS s (workspace_id, key, name, description, subject_type, kind, rule, time_dependent)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SEGMENT_COLUMNS}`,
          [workspaceId, input.key, input.name, input.description ?? null, input.subject_type, input.kind, checked ? JSON.stringify(checked.rule) : null, checked?.timeDependent ?? false],
        ),
      '',
    );
    await tx.query(
      `INSERT INTO segment_versions (workspace_id, segment_id, version, name, description, rule) SELECT $1, s.id, s.version, s.name, s.description, s.rule
         FROM segments s WHERE s.workspace_id = $1 AND s.id = $2`,
      [workspaceId, segment!.id],
    );
    return segment!;
  });
}
