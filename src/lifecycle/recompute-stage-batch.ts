import type { Queryable } from '../db/database.js';
import { compileRules } from '../rules/compile-rule-sql.js';
import type { SubjectType } from '../rules/rule.js';
import { getLifecycleDefinition } from './get-lifecycle-definition.js';
import type { LifecycleDefinition, LifecycleTransition } from './lifecycle-definition.js';
import { lockLifecycle } from './lock-lifecycle.js';
import { recordStageMovesSql } from './record-stage-moves.js';

/** Which subjects a batch covers: an id range [fromId, toId) (null = open), or a list of ids. */
export type StageBatchScope = { fromId: number | null; toId: number | null } | { ids: readonly number[] };

export interface StageBatchResult {
  /** The definition version the batch ran with. */
  version: number;
  /** Subjects given their first stage (the definition's initial). */
  placed: number;
  /** Subjects in a stage the definition no longer has, put back in the initial stage. */
  reset: number;
  /** Moves per transition key. */
  moves: Record<string, number>;
  /** Passes that moved someone (a subject moves at most once per pass). */
  passes: number;
  /** Stage rows dropped because their account or contact no longer exists. */
  removed: number;
  /** True when some transition's rule can change with time alone (the scheduler re-runs those). */
  timeDependent: boolean;
}

const TABLE: Record<SubjectType, string> = { account: 'accounts', contact: 'contacts' };

/**
 * The facts of a batch, already in a table of the transaction (one row per subject in scope,
 * the columns of compileRules' factsSql), and per transition (definition order) its predicate
 * and "why" object over that table's rows (compileRules' output for the transitions' rules,
 * possibly compiled together with other rules, e.g. segments, that share the table).
 */
export interface StageFacts {
  table: string;
  predicates: readonly string[];
  factsJson: readonly string[];
  timeDependent: readonly boolean[];
  /** The table the timeline events go to (default `events`; see batch-timeline.ts). */
  timeline?: string;
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function leaves(t: LifecycleTransition, stageSql: string): string {
  return t.from === '*' ? `${stageSql} <> ${literal(t.to)}` : `${stageSql} IN (${t.from.map(literal).join(', ')})`;
}

/**
 * The choice of one pass, as a SELECT over the facts rows `source` (a table or subquery of
 * `lc_facts`): each subject in it
 * takes the first transition (definition order) that leaves its current stage and whose rule
 * is true. Columns as recordStageMovesSql wants them. Parameters $1 (workspace) and $2 (now),
 * the only ones the compiled predicates use.
 *
 * The plan is fixed by its shape, not left to statistics (subject_stages may have grown by a
 * whole batch since it was last analyzed): each subject's stage is one primary-key probe (a
 * scalar subquery), and the transition is chosen once per subject (materialized) before it
 * meets the list of transitions.
 */
function passChoiceSql(subject: SubjectType, definition: LifecycleDefinition, compiled: Pick<StageFacts, 'predicates' | 'factsJson'>, source: string): string {
  const ts = definition.transitions;
  const cases = ts.map((t, i) => `WHEN ${leaves(t, 'f.lc_from')} AND (${compiled.predicates[i]}) THEN ${i}`).join('\n              ');
  const facts = ts.map((_, i) => `WHEN ${i} THEN (${compiled.factsJson[i]})`).join(' ');
  const targets = ts.map((t, i) => `(${i}, ${literal(t.to)}, ${literal(t.key)})`).join(', ');
  return `
    WITH lc_cur AS MATERIALIZED (
      SELECT f.*, (SELECT s.stage FROM subject_stages s
                    WHERE s.workspace_id = $1 AND s.subject_type = '${subject}' AND s.subject_id = f.subject_id) AS lc_from
        FROM ${source} f
    ),
    lc_chosen AS MATERIALIZED (
      SELECT f.*, CASE ${cases} END AS lc_t FROM lc_cur f WHERE f.lc_from IS NOT NULL
    )
    SELECT f.subject_id, f.lc_from AS from_stage, t.to_stage, t.transition_key, CASE f.lc_t ${facts} END AS facts
      FROM lc_chosen f
      JOIN (VALUES ${targets}) AS t(lc_t, to_stage, transition_key) ON t.lc_t = f.lc_t`;
}

/**
 * After a large first placement (a new workspace, a big import), the planner's statistics
 * may still say the workspace has no stage rows; it then probes subject_stages through the
 * wrong index once per subject (minutes instead of milliseconds for 20,000 subjects).
 * ANALYZE (which counts this transaction's own new rows) when its estimate for the workspace
 * and subject type is below what was just placed. Cheap: it samples at most 30,000 rows, and
 * after it the estimate keeps up within a factor of a few batches.
 */
async function refreshStageStatistics(tx: Queryable, workspaceId: number, subject: SubjectType, placed: number): Promise<void> {
  if (placed < 1000) return;
  const [plan] = await tx.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM subject_stages WHERE workspace_id = ${Number(workspaceId)} AND subject_type = '${subject}'`,
  );
  const estimate = plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0;
  if (estimate < placed) await tx.exec('ANALYZE subject_stages');
}

/**
 * Recomputes the lifecycle stages of one batch of subjects, inside the caller's transaction,
 * set-based in SQL: subjects without a stage are placed in `initial`; then pass after pass
 * (at most one per stage) every subject takes the first transition out of its stage whose
 * rule holds, so a subject can chain prospect -> new -> customer in one run. The facts are read
 * once; pass 1 looks at the whole batch, later passes only at the subjects that just moved
 * (no one else can move: their stage and facts did not change). Each move is recorded by
 * recordStageMovesSql (stage row, history with the rule's facts, timeline event).
 *
 * Takes the lifecycle lock of the workspace and subject type (until commit) and reads the
 * current definition inside it, so a definition edit never races a batch.
 */
export async function recomputeStageBatch(
  tx: Queryable,
  workspaceId: number,
  subject: SubjectType,
  scope: StageBatchScope,
  now: Date,
): Promise<StageBatchResult> {
  await lockLifecycle(tx, workspaceId, subject);
  const { version, definition } = await getLifecycleDefinition(tx, workspaceId, subject);
  const segments = await tx.query<{ key: string; id: number }>('SELECT key, id FROM segments WHERE workspace_id = $1', [workspaceId]);
  const compiled = compileRules(
    definition.transitions.map((t) => t.rule),
    { subject, segmentIds: new Map(segments.map((s) => [s.key, Number(s.id)])), byIds: 'ids' in scope },
  );
  const [lo, hi, ids] = 'ids' in scope ? [null, null, [...scope.ids]] : [scope.fromId, scope.toId, null];
  // The facts are read once for the batch: a move changes only the subject's stage, which the
  // predicates read live (stage_in, days_in_stage), never its facts.
  await tx.exec('DROP TABLE IF EXISTS lc_facts');
  await tx.query(`CREATE TEMP TABLE lc_facts ON COMMIT DROP AS ${compiled.factsSql}`, [workspaceId, now, lo, hi, ids, ...compiled.params]);
  const result = await moveStages(tx, workspaceId, subject, scope, now, { version, definition }, { ...compiled, table: 'lc_facts' });
  await tx.exec('DROP TABLE IF EXISTS lc_facts');
  return result;
}

/**
 * The moves of recomputeStageBatch over facts already read (`facts`), with the definition
 * the caller read under the lifecycle lock (lockLifecycle, held until commit): drops the stage
 * rows of deleted subjects, places new subjects, resets subjects in unknown stages, then runs
 * the passes. Used by recomputeStageBatch and by the recompute, which reads the facts of
 * segments and transitions in one query.
 */
export async function moveStages(
  tx: Queryable,
  workspaceId: number,
  subject: SubjectType,
  scope: StageBatchScope,
  now: Date,
  { version, definition }: { version: number; definition: LifecycleDefinition },
  facts: StageFacts,
): Promise<StageBatchResult> {
  const [lo, hi, ids] = 'ids' in scope ? [null, null, [...scope.ids]] : [scope.fromId, scope.toId, null];
  const table = TABLE[subject];
  /** The scope as a condition on `col`, with lo, hi and ids as parameters $first, $first+1, $first+2. */
  const inScope = (col: string, first = 3) => {
    const [l, h, i] = [`$${first}`, `$${first + 1}`, `$${first + 2}`];
    return `(${l}::bigint IS NULL OR ${col} >= ${l}::bigint) AND (${h}::bigint IS NULL OR ${col} < ${h}::bigint) AND (${i}::bigint[] IS NULL OR ${col} = ANY(${i}::bigint[]))`;
  };
  const scopeParams = [workspaceId, now, lo, hi, ids];
  const timeline = facts.timeline === undefined ? {} : { timeline: facts.timeline };
  const result: StageBatchResult = { version, placed: 0, reset: 0, moves: {}, passes: 0, removed: 0, timeDependent: facts.timeDependent.some(Boolean) };
  const sumMoves = (rows: { moves: number }[]) => rows.reduce((n, r) => n + Number(r.moves), 0);

  // Stage rows of subjects that were deleted: one primary-key probe per stage row in scope (OFFSET 0
  // keeps the subquery from becoming an anti-join, which hashed every account or contact of the workspace).
  const removed = await tx.query<{ n: number }>(
    `WITH d AS (
       DELETE FROM subject_stages s
        WHERE s.workspace_id = $1 AND s.subject_type = '${subject}' AND ${inScope('s.subject_id', 2)}
          AND NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.workspace_id = $1 AND x.id = s.subject_id OFFSET 0)
       RETURNING 1)
     SELECT count(*) AS n FROM d`,
    [workspaceId, lo, hi, ids],
  );
  result.removed = Number(removed[0]?.n ?? 0);

  const version$ = '$6';
  const stageKeys = definition.stages.map((s) => s.key);
  // First placement in the initial stage.
  result.placed = sumMoves(
    await tx.query<{ moves: number }>(
      recordStageMovesSql(
        subject,
        `SELECT x.id AS subject_id, NULL::text AS from_stage, $7::text AS to_stage, NULL::text AS transition_key, '{}'::jsonb AS facts
           FROM ${table} x
          WHERE x.workspace_id = $1 AND ${inScope('x.id')}
            AND NOT EXISTS (SELECT 1 FROM subject_stages s WHERE s.workspace_id = $1 AND s.subject_type = '${subject}' AND s.subject_id = x.id
                               -- The scope again: without it the anti-join hashed every stage row of the subject type.
                               AND ${inScope('s.subject_id')})`,
        { workspaceId: '$1', now: '$2', version: version$, firstPlacement: true, ...timeline },
      ),
      [...scopeParams, version, definition.initial],
    ),
  );
  await refreshStageStatistics(tx, workspaceId, subject, result.placed);
  // Subjects in a stage this version does not have (only possible after hand edits of old data).
  result.reset = sumMoves(
    await tx.query<{ moves: number }>(
      recordStageMovesSql(
        subject,
        `SELECT s.subject_id, s.stage AS from_stage, $7::text AS to_stage, NULL::text AS transition_key,
                jsonb_build_object('reason', 'the stage is not in the lifecycle definition') AS facts
           FROM subject_stages s
          WHERE s.workspace_id = $1 AND s.subject_type = '${subject}' AND ${inScope('s.subject_id')} AND s.stage <> ALL($8::text[])`,
        { workspaceId: '$1', now: '$2', version: version$, ...timeline },
      ),
      [...scopeParams, version, definition.initial, stageKeys],
    ),
  );
  if (definition.transitions.length === 0) return result;

  const moveSql = recordStageMovesSql(subject, 'SELECT subject_id, from_stage, to_stage, transition_key, facts FROM lc_pass', {
    workspaceId: '$1',
    now: '$2',
    version: '$3',
    ...timeline,
  });
  await tx.exec('DROP TABLE IF EXISTS lc_pass; DROP TABLE IF EXISTS lc_prev');
  for (let pass = 1; pass <= definition.stages.length; pass++) {
    // Pass 1 looks at the whole batch; later passes only at the subjects that moved in the pass before.
    const source = pass === 1 ? facts.table : `(SELECT lf.* FROM ${facts.table} lf WHERE lf.subject_id IN (SELECT p.subject_id FROM lc_prev p))`;
    await tx.query(`CREATE TEMP TABLE lc_pass ON COMMIT DROP AS ${passChoiceSql(subject, definition, facts, source)}`, [workspaceId, now]);
    const rows = await tx.query<{ transition_key: string; moves: number }>(moveSql, [workspaceId, now, version]);
    if (rows.length === 0) break;
    result.passes = pass;
    for (const r of rows) result.moves[r.transition_key] = (result.moves[r.transition_key] ?? 0) + Number(r.moves);
    await tx.exec('DROP TABLE IF EXISTS lc_prev; ALTER TABLE lc_pass RENAME TO lc_prev');
  }
  await tx.exec('DROP TABLE IF EXISTS lc_pass; DROP TABLE IF EXISTS lc_prev');
  return result;
}
