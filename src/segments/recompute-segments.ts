import type { Queryable } from '../db/database.js';
import { compileRules } from '../rules/compile-rule-sql.js';
import type { Rule, SubjectType } from '../rules/rule.js';
import { BATCH_MEMBERS_TABLE, findBatchSegmentChanges } from './find-batch-segment-changes.js';
import { recordSegmentChangesSql } from './record-segment-changes.js';

/** A dynamic segment as the recompute needs it. */
export interface PlannedSegment {
  id: number;
  key: string;
  name: string;
  version: number;
  subject_type: SubjectType;
  rule: Rule;
}

/** Which subjects a recompute looks at: an id range [lo, hi) (null = open) and/or a list of ids. */
export interface RecomputeScope {
  lo: number | null;
  hi: number | null;
  ids: readonly number[] | null;
}

export interface SegmentChangeCounts {
  entered: number;
  exited: number;
}

export interface RecomputeSegmentsResult extends SegmentChangeCounts {
  /** Per segment id. */
  bySegment: Map<number, SegmentChangeCounts>;
}

/** The facts of one batch, made once for all its segments; dropped at commit. */
const FACTS_TABLE = 'kanta_segment_batch_facts';

/**
 * Advisory lock (two-key form: this, workspace id) that every recompute batch of segment members
 * holds until commit: two processes (the worker, a full recompute job, a CLI run) never diff
 * the same members at once.
 */
export const SEGMENT_RECOMPUTE_LOCK = 7246803;

/**
 * Evaluates dynamic segments of one subject type for the subjects in scope and applies the
 * difference set-based, inside the caller's transaction:
 *
 * 1. compileRules turns all the segments' rules into ONE facts query (one pass over events,
 *    orders, metrics, contacts), stored in a temp table for the batch;
 * 2. per segment, in the given order (referenced segments first: `in_segment` reads
 *    segment_members, so a segment sees this batch's new membership of the ones it references),
 *    one statement inserts the members that entered and deletes the ones that left, records
 *    segment_history with the facts that decided it and a 'Segment Entered' / 'Segment
 *    Exited' timeline event, and moves member_count.
 *
 * Members whose subject no longer exists (deleted since) leave silently: no history, no event.
 */
export async function recomputeSegments(
  tx: Queryable,
  workspaceId: number,
  subjectType: SubjectType,
  segments: readonly PlannedSegment[],
  segmentIds: ReadonlyMap<string, number>,
  scope: RecomputeScope,
  now: Date,
): Promise<RecomputeSegmentsResult> {
  if (segments.length === 0 || (scope.ids !== null && scope.ids.length === 0)) return { entered: 0, exited: 0, bySegment: new Map() };
  await lockSegmentRecompute(tx, workspaceId);
  // Planned once and run once over a batch: JIT compiling these costs more than it saves (~0.1 s a statement on PostgreSQL 15).
  await tx.exec('SET LOCAL jit = off');
  const compiled = compileRules(
    segments.map((s) => s.rule),
    { subject: subjectType, segmentIds, byIds: scope.ids !== null },
  );
  const ids = scope.ids === null ? null : [...scope.ids];
  await tx.exec(`DROP TABLE IF EXISTS ${FACTS_TABLE}`);
  await tx.query(`CREATE TEMP TABLE ${FACTS_TABLE} ON COMMIT DROP AS ${compiled.factsSql}`, [workspaceId, now.toISOString(), scope.lo, scope.hi, ids, ...compiled.params]);
  await tx.exec(`ANALYZE ${FACTS_TABLE} (subject_id)`);
  const result = await applySegmentRules(tx, workspaceId, subjectType, segments, { ...compiled, table: FACTS_TABLE }, scope, now);
  await tx.exec(`DROP TABLE IF EXISTS ${FACTS_TABLE}`);
  return result;
}

/** Takes the segment recompute lock of the workspace (SEGMENT_RECOMPUTE_LOCK) until commit. */
export async function lockSegmentRecompute(tx: Queryable, workspaceId: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2::integer)', [SEGMENT_RECOMPUTE_LOCK, workspaceId]);
}

/**
 * The facts of a batch, already in an (analysed) table of the transaction with one row per
 * subject in scope, and per segment (in the order given to applySegmentRules) its predicate
 * and "why" object over that table's rows, from compileRules (possibly compiled together with
 * other rules that share the table, e.g. lifecycle transitions).
 */
export interface SegmentFacts {
  table: string;
  predicates: readonly string[];
  factsJson: readonly string[];
  /** The table the timeline events go to (default `events`; see batch-timeline.ts). */
  timeline?: string;
}

/**
 * Step 2 of recomputeSegments over facts already read: per segment, in the given order, applies
 * the difference between its rule and its members in scope. The caller holds the segment
 * recompute lock (lockSegmentRecompute).
 */
export async function applySegmentRules(
  tx: Queryable,
  workspaceId: number,
  subjectType: SubjectType,
  segments: readonly PlannedSegment[],
  compiled: SegmentFacts,
  scope: RecomputeScope,
  now: Date,
): Promise<RecomputeSegmentsResult> {
  const bySegment = new Map<number, SegmentChangeCounts>();
  if (segments.length === 0 || (scope.ids !== null && scope.ids.length === 0)) return { entered: 0, exited: 0, bySegment };
  const FACTS_TABLE = compiled.table;
  const at = now.toISOString();
  const ids = scope.ids === null ? null : [...scope.ids];
  let entered = 0;
  let exited = 0;
  // $1 workspace, $2 now (the two parameters predicates and factsJson use), then this statement's own.
  const inScope = `($3::bigint IS NULL OR m.subject_id >= $3::bigint) AND ($4::bigint IS NULL OR m.subject_id < $4::bigint)
                   AND ($5::bigint[] IS NULL OR m.subject_id = ANY($5::bigint[]))`;
  // The members in scope: over a range, the segment's members in it; over a list of ids, the
  // snapshot of those subjects' memberships (findBatchSegmentChanges), which also says which
  // segments have nothing to change.
  let members = `SELECT m.subject_id FROM segment_members m WHERE m.workspace_id = $1::bigint AND m.segment_id = $6::bigint AND ${inScope}`;
  let apply = segments.map(() => true);
  if (ids !== null) {
    apply = await findBatchSegmentChanges(tx, workspaceId, segments, ids, compiled, now);
    members = `SELECT m.subject_id FROM ${BATCH_MEMBERS_TABLE} m WHERE m.segment_id = $6::bigint AND ${inScope}`;
  }
  for (const [i, segment] of segments.entries()) {
    if (!apply[i]) {
      bySegment.set(segment.id, { entered: 0, exited: 0 });
      continue;
    }
    const [row] = await tx.query<{ entered: number; exited: number }>(
      `WITH want AS MATERIALIZED (
         SELECT f.subject_id, (${compiled.predicates[i]}) AS hit FROM ${FACTS_TABLE} f
       ),
       cur AS MATERIALIZED (${members}),
       -- One hash full join instead of two anti-joins (over CTEs the planner has no statistics for).
       diff AS MATERIALIZED (
         SELECT coalesce(w.subject_id, c.subject_id) AS subject_id, coalesce(w.hit, false) AS hit, c.subject_id IS NOT NULL AS member
           FROM want w FULL JOIN cur c ON c.subject_id = w.subject_id
          WHERE coalesce(w.hit, false) <> (c.subject_id IS NOT NULL)
       ),
       added AS (
         INSERT INTO segment_members (workspace_id, segment_id, subject_id, entered_at)
         SELECT $1::bigint, $6::bigint, d.subject_id, $2::timestamptz FROM diff d WHERE d.hit ORDER BY d.subject_id
         RETURNING subject_id
       ),
       removed AS (
         DELETE FROM segment_members m
          WHERE m.workspace_id = $1::bigint AND m.segment_id = $6::bigint
            AND m.subject_id = ANY(ARRAY(SELECT d.subject_id FROM diff d WHERE d.member))
         RETURNING m.subject_id
       ),
       changes AS (
         SELECT ch.subject_id, ch.change, ${compiled.factsJson[i]} AS facts
           FROM (SELECT subject_id, 'entered'::text AS change FROM added UNION ALL SELECT subject_id, 'exited'::text FROM removed) ch
           JOIN ${FACTS_TABLE} f ON f.subject_id = ch.subject_id
       ),
       ${recordSegmentChangesSql({
         changes: 'changes',
         subjectType,
         workspaceId: '$1::bigint',
         segmentId: '$6::bigint',
         segmentVersion: '$7::integer',
         segmentKey: '$8::text',
         segmentName: '$9::text',
         at: '$2::timestamptz',
         ...(compiled.timeline === undefined ? {} : { timeline: compiled.timeline }),
       })},
       counts AS (SELECT (SELECT count(*) FROM added) AS entered, (SELECT count(*) FROM removed) AS exited),
       counted AS (
         UPDATE segments s SET member_count = s.member_count + c.entered - c.exited FROM counts c
          WHERE s.workspace_id = $1::bigint AND s.id = $6::bigint AND (c.entered > 0 OR c.exited > 0)
       )
       SELECT entered, exited FROM counts`,
      [workspaceId, at, scope.lo, scope.hi, ids, segment.id, segment.version, segment.key, segment.name],
    );
    const counts = { entered: row!.entered, exited: row!.exited };
    bySegment.set(segment.id, counts);
    entered += counts.entered;
    exited += counts.exited;
  }
  return { entered, exited, bySegment };
}
