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
/** The most batches a run adds for subjects made while it runs (see recomputeWorkspace). */
const MAX_EXTRA_BATCHES = 100;

/** Which lifecycle stages a recompute moves: all, only when a transition reads the clock (or a segment), or none. */
export type StageSelection = 'all' | 'time-dependent' | 'none';

export interface RecomputeWorkspaceOptions {
  /** The time rules are evaluated at (default: now). */
  now?: Date;
  segments?: SegmentSelection;
  stages?: StageSelection;
  /** Subjects per batch; each batch of each step is one transaction (default 20,000). */
  batchSize?: number;
  /** Subjects done and the total over all steps (a subject counts once per step it goes through). */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches (the worker aborts it when the server closes). */
  signal?: AbortSignal;
  /** Runs after each batch: the worker drains the recompute queue here, so a long run does not hold up fresh changes. */
  betweenBatches?: () => Promise<void>;
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

/** Batch boundaries along the primary key: [null, b1), [b1, b2), ..., [bk, null): the open ends also cover members of deleted subjects. */
async function batchBounds(db: Database, workspaceId: number, subject: SubjectType, batchSize: number): Promise<{ count: number; ranges: Array<[number | null, number | null]> }> {
  const rows = await db.query<{ id: number; n: number }>(
    `SELECT id, n FROM (
       SELECT id, row_number() OVER (ORDER BY id) AS rn, count(*) OVER () AS n FROM ${TABLE[subject]} WHERE workspace_id = $1
     ) t WHERE (t.rn - 1) % $2 = 0 ORDER BY id`,
    [workspaceId, batchSize],
  );
  const count = rows[0]?.n ?? 0;
  const starts = rows.map((r) => r.id).slice(1);
  const ranges: Array<[number | null, number | null]> = [];
  let lo: number | null = null;
  for (const s of starts) {
    ranges.push([lo, s]);
    lo = s;
  }
  ranges.push([lo, null]);
  return { count, ranges };
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
  const batchSize = options.batchSize ?? DEFAULT_RECOMPUTE_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new AppError('bad_request', `batch size must be a whole number of at least 1, got ${batchSize}`);
  await refreshRecomputeStatistics(db, 0);
  // A run of every segment and stage covers the whole-workspace requests already committed
  // (recompute_requests, migration 0016): those, and only those, are removed once it completes,
  // so `kanta recompute` also serves them and one recorded meanwhile still waits for the worker.
  const whole = (options.segments ?? 'all') === 'all' && (options.stages ?? 'all') === 'all';
  const covered = whole ? (await db.query<{ id: number }>('SELECT id FROM recompute_requests WHERE workspace_id = $1', [workspaceId])).map((r) => Number(r.id)) : [];
  const plan = await planSegmentRecompute(db, workspaceId, options.segments ?? 'all');
  const steps = await planRecomputeSteps(db, workspaceId, plan, options.stages ?? 'all');
  const bounds = new Map<SubjectType, Awaited<ReturnType<typeof batchBounds>>>();
  for (const subject of new Set(steps.map((s) => s.subject))) bounds.set(subject, await batchBounds(db, workspaceId, subject, batchSize));
  const result: RecomputeWorkspaceResult = {
    subjects: { account: bounds.get('account')?.count ?? 0, contact: bounds.get('contact')?.count ?? 0 },
    segments: { evaluated: plan.versions.size, entered: 0, exited: 0 },
    stages: { placed: 0, moved: 0, reset: 0, removed: 0 },
    batches: 0,
    ms: 0,
  };
  const moves = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  let total = steps.reduce((n, s) => n + bounds.get(s.subject)!.count, 0);
  let done = 0;
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
    const { count, ranges } = bounds.get(step.subject)!;
    for (const [i, [lo, hi]] of ranges.entries()) {
      const last = i === ranges.length - 1;
      // Subjects made while the run goes on (ingest creating contacts) all fall in the open last
      // range: split it again as it is reached, so no batch grows past the batch size (on PGlite
      // a batch holds the one connection: a run started on a near-empty workspace under ingest
      // held it for seconds). Splitting stops after MAX_EXTRA_BATCHES (or as many as were
      // planned, if more), so a writer creating subjects faster than the run goes cannot keep it going.
      let from = lo;
      for (let extra = 0; last && extra < Math.max(ranges.length, MAX_EXTRA_BATCHES); extra++) {
        const next = await nextBound(db, workspaceId, step.subject, from, batchSize);
        if (next === null) break;
        total += batchSize;
        await runBatch(step, from, next);
        done += batchSize;
        options.onProgress?.(done, total);
        from = next;
      }
      await runBatch(step, from, hi);
      done += last ? count - batchSize * i : batchSize;
      options.onProgress?.(Math.min(done, total), total);
    }
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
