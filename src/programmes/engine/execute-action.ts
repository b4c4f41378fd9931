import type { Database } from '../../db/database.js';
import type { CareElement, CareStep } from '../model/care-element.js';
import type { CareRuntime } from './care-runtime.js';
import { CARE_STEP_EXECUTORS, type CareStepExecutors } from './care-step-executors.js';
import { delayMs } from './enrol-subjects.js';
import { loadCareElement } from './load-care-elements.js';
import type { ClaimedAction, StepOutcome } from './step-executor.js';

export interface RetryPolicy {
  /** The first retry waits this long; each further one 4 times longer. */
  baseMs: number;
  /** After this many attempts a failing action is dead (the dead-letter list). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxAttempts: 8 };

export interface ExecuteActionOptions {
  executors?: CareStepExecutors;
  retry?: RetryPolicy;
  clock?: () => Date;
}

export type ActionStatus = 'done' | 'skipped' | 'scheduled' | 'dead' | 'cancelled';

export interface ExecutedAction {
  /** What the action became; 'lost' when its lease had passed to another worker (nothing written). */
  status: ActionStatus | 'lost';
  outcome: StepOutcome | { kind: 'cancelled'; reason: string };
}

/** The wait after the n-th failed attempt: base * 4^(n-1). */
export function backoffMs(retry: RetryPolicy, attempt: number): number {
  return retry.baseMs * 4 ** Math.max(0, attempt - 1);
}

/**
 * Runs one claimed action: loads its element's CURRENT version (an edit applies to what has
 * not run yet), finds its step by id (gone in the new version: the action and its run are
 * cancelled with the reason), calls the step's executor (a throw counts as a retryable
 * failure) and writes the outcome in one transaction, fenced by the claim (status 'running',
 * locked_by this worker, attempts = this attempt): a worker whose lease was taken over writes
 * nothing. done/skipped schedule the next step (the step after a wait falls due the wait's
 * delay after the wait fell due; a branch names its next step) or complete the run; deferred
 * reschedules without counting the attempt; failed retries with backoff, and after
 * maxAttempts (or at once when permanent) the action is dead, visible and retryable.
 */
export async function executeAction(db: Database, runtime: CareRuntime, action: ClaimedAction, options: ExecuteActionOptions = {}): Promise<ExecutedAction> {
  const clock = options.clock ?? (() => new Date());
  const executors = options.executors ?? CARE_STEP_EXECUTORS;
  const retry = options.retry ?? DEFAULT_RETRY;
  const element = await loadCareElement(db, action.workspaceId, action.elementId);
  if (!element) return { status: 'lost', outcome: { kind: 'cancelled', reason: 'element_deleted' } };
  if (!element.enabled) return cancel(db, runtime, action, element, 'element_disabled', clock());
  const index = element.definition.steps.findIndex((s) => s.id === action.stepId);
  if (index < 0) return cancel(db, runtime, action, element, `step_removed_in_version_${element.version}`, clock());
  const step = element.definition.steps[index]!;
  const executor = executors[step.kind];
  let outcome: StepOutcome;
  if (!executor) {
    outcome = { kind: 'failed', error: `no executor for ${step.kind} steps`, permanent: true };
  } else {
    try {
      outcome = await executor({ db, runtime, action, element, step, now: clock() });
    } catch (e) {
      outcome = { kind: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
  }
  return { status: await applyOutcome(db, runtime, action, element, index, step, outcome, retry, clock()), outcome };
}

const FENCE = `workspace_id = $1 AND id = $2 AND status = 'running' AND locked_by = $3 AND attempts = $4`;

async function cancel(db: Database, runtime: CareRuntime, action: ClaimedAction, element: CareElement, reason: string, now: Date): Promise<ExecutedAction> {
  const status = await db.transaction(async (tx) => {
    const n = await tx.execute(
      `UPDATE care_actions SET status = 'cancelled', skip_reason = $5, element_version = $6, finished_at = $7, locked_by = NULL, locked_until = NULL WHERE ${FENCE}`,
      [action.workspaceId, action.id, runtime.workerId, action.attempt, reason, element.version, now.toISOString()],
    );
    if (n === 0) return 'lost' as const;
    await tx.execute(`UPDATE care_runs SET status = 'cancelled', finished_at = $3 WHERE workspace_id = $1 AND id = $2 AND status = 'active'`, [
      action.workspaceId,
      action.runId,
      now.toISOString(),
    ]);
    return 'cancelled' as const;
  });
  return { status, outcome: { kind: 'cancelled', reason } };
}

function nextStep(element: CareElement, index: number, outcome: StepOutcome): CareStep | null {
  const steps = element.definition.steps;
  if (outcome.kind === 'goto') return outcome.stepId === null ? null : (steps.find((s) => s.id === outcome.stepId) ?? null);
  return steps[index + 1] ?? null;
}

async function applyOutcome(
  db: Database,
  runtime: CareRuntime,
  action: ClaimedAction,
  element: CareElement,
  index: number,
  step: CareStep,
  outcome: StepOutcome,
  retry: RetryPolicy,
  now: Date,
): Promise<ActionStatus | 'lost'> {
  const base = [action.workspaceId, action.id, runtime.workerId, action.attempt];
  const nowIso = now.toISOString();
  // Each outcome is ONE statement (data-modifying CTEs): atomic without a transaction's extra round trips.
  if (outcome.kind === 'deferred') {
    const n = await db.execute(
      `UPDATE care_actions SET status = 'scheduled', due_at = $5, attempts = attempts - 1, locked_by = NULL, locked_until = NULL,
              result = jsonb_build_object('deferred', $6::text, 'until', $5::text), kind = $7 WHERE ${FENCE}`,
      [...base, outcome.until.toISOString(), outcome.reason, step.kind],
    );
    return n === 0 ? 'lost' : 'scheduled';
  }
  if (outcome.kind === 'failed') {
    const dead = outcome.permanent === true || action.attempt >= retry.maxAttempts;
    const n = await db.execute(
      dead
        ? `UPDATE care_actions SET status = 'dead', last_error = $5, finished_at = $6, element_version = $7, kind = $8, locked_by = NULL, locked_until = NULL WHERE ${FENCE}`
        : `UPDATE care_actions SET status = 'scheduled', last_error = $5, due_at = $6, element_version = $7, kind = $8, locked_by = NULL, locked_until = NULL WHERE ${FENCE}`,
      [...base, outcome.error, dead ? nowIso : new Date(now.getTime() + backoffMs(retry, action.attempt)).toISOString(), element.version, step.kind],
    );
    return n === 0 ? 'lost' : dead ? 'dead' : 'scheduled';
  }
  const status = outcome.kind === 'skipped' ? 'skipped' : 'done';
  const next = nextStep(element, index, outcome);
  // The step after a wait is due the wait's delay after the wait fell due; any other next step at once.
  const due = step.kind === 'wait' ? new Date(action.dueAt.getTime() + delayMs(step.delay)) : now;
  const [row] = await db.query<{ n: number }>(
    `WITH finished AS (
       UPDATE care_actions SET status = $5, result = $6::jsonb, skip_reason = $7, finished_at = $8, element_version = $9, kind = $10, locked_by = NULL, locked_until = NULL
        WHERE ${FENCE}
       RETURNING run_id, element_id, subject_type, subject_id
     ),
     next_action AS (
       INSERT INTO care_actions (workspace_id, run_id, element_id, subject_type, subject_id, step_id, kind, due_at)
       SELECT $1, f.run_id, f.element_id, f.subject_type, f.subject_id, $11::text, $12::text, $13::timestamptz FROM finished f WHERE $11::text IS NOT NULL
       ON CONFLICT (workspace_id, run_id, step_id) DO NOTHING
       RETURNING 1
     ),
     completed AS (
       UPDATE care_runs r SET status = 'completed', finished_at = $8 FROM finished f
        WHERE $11::text IS NULL AND r.workspace_id = $1 AND r.id = f.run_id AND r.status = 'active'
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM finished) AS n, (SELECT count(*) FROM next_action) + (SELECT count(*) FROM completed) AS followed`,
    [
      ...base,
      status,
      outcome.result ? JSON.stringify(outcome.result) : null,
      outcome.kind === 'skipped' ? outcome.reason : null,
      nowIso,
      element.version,
      step.kind,
      next?.id ?? null,
      next?.kind ?? null,
      due.toISOString(),
    ],
  );
  return row!.n === 0 ? 'lost' : status;
}
