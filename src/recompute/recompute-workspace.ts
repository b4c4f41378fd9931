import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { getLifecycleDefinition } from '../lifecycle/get-lifecycle-definition.js';
import type { LifecycleTransition } from '../lifecycle/lifecycle-definition.js';
import { isRuleTimeDependent } from '../rules/is-rule-time-dependent.js';
import type { Rule, SubjectType } from '../rules/rule.js';
import { listRuleReferences } from '../segments/list-rule-references.js';
import { refreshRecomputeStatistics } from './refresh-recompute-statistics.js';
import { recomputeSubjectBatch, type SubjectStep } from './recompute-subject-batch.js';
import { planSegmentRecompute, type SegmentRecomputePlan, type SegmentSelection } from '../segments/plan-segment-recompute.js';
import { lockSegmentRecompute } from '../segments/recompute-segments.js';

export const DEFAULT_RECOMPUTE_BATCH = 20_000;
/** Batches at once of a run someone asked for (`kanta recompute`, the API's job): one reads facts while the other writes, on 2 cores. */
export const PARALLEL_BATCHES = 2;
/** The most batches a run adds for subjects made while it runs (see recomputeWorkspace). */
const MAX_EXTRA_BATCHES = 100;

/** Which lifecycle stages a recompute moves: all, only when a transition reads the clock (or a segment), or none. */
export type StageSelection = 'all' | 'time-dependent' | 'none';

export interface RecomputeWorkspaceOptions {
  /** The time rules are evaluated at (default: now). */
  now?: Date;
  segments?: SegmentSelection;
  stages?: StageSelection;
  /**
   * Subjects per batch; each batch of each step is one transaction (default 20,000). A function
   * is asked again before each batch (the worker makes batches smaller while ingest keeps the
   * server busy, so each holds the database briefly).
   */
  batchSize?: number | (() => number);
  /** Subjects done and the total over all steps (a subject counts once per step it goes through). */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches (the worker aborts it when the server closes). */
  signal?: AbortSignal;
  /** Runs after each batch: the worker drains the recompute queue here, so a long run does not hold up fresh changes. */
  betweenBatches?: () => Promise<void>;
  /**
   * Batches of a step run at once (default 1), each its own transaction on its own connection
   * (PostgreSQL only: PGlite has one): while one moves its subjects under the locks, the next
   * reads its facts (see recomputeSubjectBatch). Steps still run one after another.
   */
  parallel?: number;
}

export interface RecomputeWorkspaceResult {
  subjects: Record<SubjectType, number>;
  segments: { evaluated: number; entered: number; exited: number };
  stages: { placed: number; moved: number; reset: number; removed: number };
  batches: number;
  ms: number;
}

const TABLE: Record<SubjectType, string> = { account: 'accounts', contact: 'contacts' };

/** Whether some transition can change with time alone (or reads a segment or a stage, which can). */
function transitionsTimeDependent(transitions: readonly LifecycleTransition[]): boolean {
  return transitions.some((t) => isRuleTimeDependent(t.rule) || listRuleReferences(t.rule).segments.length > 0 || listRuleReferences(t.rule).stages);
}

/** Whether the rule has a contacts condition that reads the contacts' stages or segments. */
function readsContactState(rule: Rule): boolean {
  if ('all' in rule) return rule.all.some(readsContactState);
  if ('any' in rule) return rule.any.some(readsContactState);
  if ('not' in rule) return readsContactState(rule.not);
  if ('contacts' in rule) {
    const refs = listRuleReferences(rule.where);
    return refs.stages || refs.segments.length > 0;
  }
  return false;
}

/**
 * The steps of a recompute in the contract's order: segments that do not read stages (contacts
 * first: an account rule can read its contacts' segments), then the stages (accounts, then
 * contacts), then the segments that read stages. Each step reads its facts once per batch for
 * all its rules, so steps of one subject type are merged where that keeps the order's outcome:
 * an account's segments before stages and its stages always (account rules read only the
 * account's own membership and stage live, and contacts' state through facts, which those steps
 * do not change); and when no account rule of those steps reads its contacts' stages or
 * segments (the usual case), all contact work runs first as one step and all account work as
 * another, since nothing a contact rule reads depends on accounts.
 */
export async function planRecomputeSteps(db: Database, workspaceId: number, plan: SegmentRecomputePlan, stages: StageSelection): Promise<SubjectStep[]> {
  const transitions: Record<SubjectType, LifecycleTransition[]> = { account: [], contact: [] };
  const moves: Record<SubjectType, boolean> = { account: false, contact: false };
  for (const subject of ['account', 'contact'] as const) {
    if (stages === 'none') continue;
    transitions[subject] = (await getLifecycleDefinition(db, workspaceId, subject)).definition.transitions;
    moves[subject] = stages === 'all' || transitionsTimeDependent(transitions[subject]);
  }
  const accountRules = [...plan.beforeStages.account.map((s) => s.rule), ...(moves.account ? transitions.account.map((t) => t.rule) : [])];
  const contactsFirst = !accountRules.some(readsContactState);
  const steps: SubjectStep[] = contactsFirst
    ? [
        { subject: 'contact', before: plan.beforeStages.contact, stages: moves.contact, after: plan.afterStages.contact },
        { subject: 'account', before: plan.beforeStages.account, stages: moves.account, after: plan.afterStages.account },
      ]
    : [
        { subject: 'contact', before: plan.beforeStages.contact, stages: false, after: [] },
        { subject: 'account', before: plan.beforeStages.account, stages: moves.account, after: [] },
        { subject: 'contact', before: [], stages: moves.contact, after: plan.afterStages.contact },
        { subject: 'account', before: [], stages: false, after: plan.afterStages.account },
      ];
  return steps.filter((s) => s.stages || s.before.length + s.after.length > 0);
}

/** How many subjects of the type the workspace has. */
async function countSubjects(db: Database, workspaceId: number, subject: SubjectType): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE[subject]} WHERE workspace_id = $1`, [workspaceId]);
  return row?.n ?? 0;
}

/** The id batchSize subjects after `from` (the start of the next batch), or null when fewer remain. */
async function nextBound(db: Database, workspaceId: number, subject: SubjectType, from: number | null, batchSize: number): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(
    `SELECT id FROM ${TABLE[subject]} WHERE workspace_id = $1 AND ($2::bigint IS NULL OR id >= $2) ORDER BY id OFFSET $3 LIMIT 1`,
    [workspaceId, from, batchSize],
  );
  return row ? Number(row.id) : null;
}

/**
 * Recomputes a whole workspace: the selected dynamic segments and lifecycle stages of every
 * account and contact, in the contract's order, in id-range batches (one transaction each,
 * set-based SQL: memory stays flat). After a complete run each evaluated segment records the
 * version it was evaluated with, when, and its exact member count; a run of everything also
 * removes the whole-workspace recompute requests that were recorded before it started.
 */
export async function recomputeWorkspace(db: Database, workspaceId: number, options: RecomputeWorkspaceOptions = {}): Promise<RecomputeWorkspaceResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const batchSize = (): number => {
    const size = typeof options.batchSize === 'function' ? options.batchSize() : (options.batchSize ?? DEFAULT_RECOMPUTE_BATCH);
    if (!Number.isSafeInteger(size) || size < 1) throw new AppError('bad_request', `batch size must be a whole number of at least 1, got ${size}`);
    return size;
  };
  const asked = options.parallel ?? 1;
  if (!Number.isSafeInteger(asked) || asked < 1) throw new AppError('bad_request', `parallel batches must be a whole number of at least 1, got ${asked}`);
  const parallel = db.kind === 'postgres' ? asked : 1;
  await refreshRecomputeStatistics(db, 0);
  // A run of every segment and stage covers the whole-workspace requests already committed
  // (recompute_requests, migration 0016): those, and only those, are removed once it completes,
  // so `kanta recompute` also serves them and one recorded meanwhile still waits for the worker.
  const whole = (options.segments ?? 'all') === 'all' && (options.stages ?? 'all') === 'all';
  const covered = whole ? (await db.query<{ id: number }>('SELECT id FROM recompute_requests WHERE workspace_id = $1', [workspaceId])).map((r) => Number(r.id)) : [];
  const plan = await planSegmentRecompute(db, workspaceId, options.segments ?? 'all');
  const steps = await planRecomputeSteps(db, workspaceId, plan, options.stages ?? 'all');
  const counts = new Map<SubjectType, number>();
  for (const subject of new Set(steps.map((s) => s.subject))) counts.set(subject, await countSubjects(db, workspaceId, subject));
  const result: RecomputeWorkspaceResult = {
    subjects: { account: counts.get('account') ?? 0, contact: counts.get('contact') ?? 0 },
    segments: { evaluated: plan.versions.size, entered: 0, exited: 0 },
    stages: { placed: 0, moved: 0, reset: 0, removed: 0 },
    batches: 0,
    ms: 0,
  };
  const moves = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  const total = steps.reduce((n, s) => n + counts.get(s.subject)!, 0);
  /** Subjects of the steps done, and those made meanwhile past the counts at the start. */
  let finished = 0;
  let grown = 0;
  options.onProgress?.(0, total);
  const runBatch = async (step: SubjectStep, lo: number | null, hi: number | null) => {
    options.signal?.throwIfAborted();
    const batch = await db.transaction((tx) => recomputeSubjectBatch(tx, workspaceId, step, plan.segmentIds, { lo, hi, ids: null }, now));
    result.segments.entered += batch.segments.entered;
    result.segments.exited += batch.segments.exited;
    let written = batch.segments.entered + batch.segments.exited;
    if (batch.stages) {
      result.stages.placed += batch.stages.placed;
      result.stages.reset += batch.stages.reset;
      result.stages.removed += batch.stages.removed;
      result.stages.moved += moves(batch.stages.moves);
      written += batch.stages.placed + batch.stages.reset + moves(batch.stages.moves);
    }
    result.batches += 1;
    await refreshRecomputeStatistics(db, written);
    await options.betweenBatches?.();
  };

  for (const step of steps) {
    const count = counts.get(step.subject)!;
    // Batches follow the primary key from the first id to the last: [null, b1), [b1, b2), ...,
    // [bk, null), each bound found as its batch is reached, so the open ends also cover members of
    // deleted subjects and a batch size that changes between batches is kept. Subjects made while
    // the run goes on (ingest creating contacts) lie past the last id counted at the start, and
    // are split into batches as well (on PGlite a batch holds the one connection: a run started on
    // a near-empty workspace under ingest held it for seconds), but past the subjects counted at
    // the start at most MAX_EXTRA_BATCHES more (or as many as the count makes at the first size, if
    // more): a writer creating subjects faster than the run goes cannot keep it going.
    let maxExtra = MAX_EXTRA_BATCHES;
    let from: number | null = null;
    let covered = 0;
    let extra = 0;
    /** Subjects of the step's finished batches (the last, open-ended one is counted after the loop). */
    let done = 0;
    const running = new Set<Promise<void>>();
    /** Errors of failed batches: no new batch starts after one, and the first is thrown once the others end. */
    const failures: unknown[] = [];
    for (;;) {
      const size = batchSize();
      if (from === null) maxExtra = Math.max(Math.ceil(count / size), MAX_EXTRA_BATCHES);
      const split = covered < count || extra++ < maxExtra;
      const next: number | null = split ? await nextBound(db, workspaceId, step.subject, from, size) : null;
      const batch: Promise<void> = runBatch(step, from, next)
        .then(
          () => {
            if (next === null) return;
            done += size;
            options.onProgress?.(finished + done, total + grown + Math.max(0, done - count));
          },
          (error: unknown) => {
            failures.push(error);
          },
        )
        .finally(() => running.delete(batch));
      running.add(batch);
      if (running.size >= parallel) await Promise.race(running);
      if (next === null || failures.length > 0) break;
      covered += size;
      from = next;
    }
    await Promise.all(running);
    if (failures.length > 0) throw failures[0];
    grown += Math.max(0, covered - count);
    finished += Math.max(covered, count);
    options.onProgress?.(finished, total + grown);
  }

  if (plan.versions.size > 0) {
    await db.transaction(async (tx) => {
      await lockSegmentRecompute(tx, workspaceId);
      await tx.execute(
        `UPDATE segments s SET evaluated_at = $3, evaluated_version = v.version,
                member_count = (SELECT count(*) FROM segment_members m WHERE m.workspace_id = s.workspace_id AND m.segment_id = s.id)
           FROM unnest($2::bigint[], $4::integer[]) AS v(id, version)
          WHERE s.workspace_id = $1 AND s.id = v.id`,
        [workspaceId, [...plan.versions.keys()], now.toISOString(), [...plan.versions.values()]],
      );
    });
  }
  if (covered.length > 0) await db.execute('DELETE FROM recompute_requests WHERE workspace_id = $1 AND id = ANY($2::bigint[])', [workspaceId, covered]);
  result.ms = Date.now() - started;
  return result;
}
