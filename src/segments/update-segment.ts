import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { checkSegmentRule } from './check-segment-rule.js';
import { findSegment } from './find-segment.js';
import { SEGMENT_COLUMNS, SEGMENT_DEFINITIONS_LOCK, type Segment } from './segment.js';

export interface UpdateSegmentInput {
  name?: string | undefined;
  /** null clears it. */
  description?: string | null | undefined;
  /** A new rule for a dynamic segment; a static segment has none. */
  rule?: unknown;
}

function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, canonical(x)])) : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Changes a segment's name, description or rule as a new version (the old one stays in
 * segment_versions; history rows name the version that made them). A new rule is checked like
 * on create, a reference cycle included. When the rule changed, the recompute worker
 * re-evaluates the segment over the workspace (evaluated_version stays behind until then).
 * `idOrKey` is the segment's id or key.
 */
export async function updateSegment(db: Database, workspaceId: number, idOrKey: number | string, patch: UpdateSegmentInput): Promise<Segment> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2::integer)', [SEGMENT_DEFINITIONS_LOCK, workspaceId]);
    const current = await findSegment(tx, workspaceId, idOrKey, { forUpdate: true });
    if (patch.rule !== undefined && current.kind === 'static') {
      throw new AppError('validation_failed', `Segment "${current.key}" is static: it has no rule, its members are added by hand`, [
        { path: '/rule', message: 'a static segment has no rule' },
      ]);
    }
    if (patch.rule === null) {
      throw new AppError('validation_failed', 'A dynamic segment needs a rule', [{ path: '/rule', message: 'cannot be null for a dynamic segment' }]);
    }
    const checked = patch.rule !== undefined ? await checkSegmentRule(tx, workspaceId, { key: current.key, subjectType: current.subject_type, rule: patch.rule }) : null;
    const name = patch.name ?? current.name;
    const description = patch.description !== undefined ? patch.description : current.description;
    const ruleChanged = checked !== null && !sameJson(checked.rule, current.rule);
    if (name === current.name && description === current.description && !ruleChanged) return current;
    const [updated] = await tx.query<Segment & Record<string, unknown>>(
      `UPDATE segments s SET
         name = $3, description = $4,
         rule = CASE WHEN $5::boolean THEN $6::jsonb ELSE s.rule END,
         time_dependent = CASE WHEN $5::boolean THEN $7::boolean ELSE s.time_dependent END,
         version = s.version + 1,
         -- a new name alone needs no evaluation: an up-to-date segment stays up to date
         evaluated_version = CASE WHEN NOT $5::boolean AND s.evaluated_version = s.version THEN s.version + 1 ELSE s.evaluated_version END,
         updated_at = now()
       WHERE s.workspace_id = $1 AND s.id = $2
       RETURNING ${SEGMENT_COLUMNS}`,
      [workspaceId, current.id, name, description, ruleChanged, checked ? JSON.stringify(checked.rule) : null, checked?.timeDependent ?? false],
    );
    await tx.query(
      `INSERT INTO segment_versions (workspace_id, segment_id, version, name, description, rule) SELECT $1, s.id, s.version, s.name, s.description, s.rule
         FROM segments s WHERE s.workspace_id = $1 AND s.id = $2`,
      [workspaceId, current.id],
    );
    return updated!;
  });
}
