import type { Database } from '../../db/database.js';
import { emailSentEventCtes } from '../email/record-email-sent-events.js';
import type { CareElement, CareStep, CareStepKind } from '../model/care-element.js';
import { delayMs } from './enrol-subjects.js';
import type { ClaimedAction, StepOutcome } from './step-executor.js';

export interface RetryPolicy {
  /** The first retry waits this long; each further one 4 times longer. */
  baseMs: number;
  /** After this many attempts a failing action is dead (the dead-letter list). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxAttempts: 8 };

export type ActionStatus = 'done' | 'skipped' | 'scheduled' | 'dead' | 'cancelled';

/** The wait after the n-th failed attempt: base * 4^(n-1). */
export function backoffMs(retry: RetryPolicy, attempt: number): number {
  return retry.baseMs * 4 ** Math.max(0, attempt - 1);
}

/** An action whose step is done or skipped, with what follows it (null: the run is complete). */
export interface FinishedAction {
  action: ClaimedAction;
  status: 'done' | 'skipped';
  result: Record<string, unknown> | null;
  skipReason: string | null;
  elementVersion: number;
  kind: CareStepKind;
  next: { stepId: string; kind: CareStepKind; dueAt: Date } | null;
}

const FENCE = `workspace_id = $1 AND id = $2 AND status = 'running' AND locked_by = $3 AND attempts = $4`;

/** The step that follows `index` after this outcome: a branch names it, else the next in order. */
function nextStep(element: CareElement, index: number, outcome: StepOutcome): CareStep | null {
  const steps = element.definition.steps;
  if (outcome.kind === 'goto') return outcome.stepId === null ? null : (steps.find((s) => s.id === outcome.stepId) ?? null);
  return steps[index + 1] ?? null;
}

/** The finished form of a done, skipped or goto outcome (the step after a wait falls due the wait's delay after the wait fell due; any other next step at once). */
export function finishedActionOf(action: ClaimedAction, element: CareElement, index: number, step: CareStep, outcome: StepOutcome & { kind: 'done' | 'skipped' | 'goto' }, now: Date): FinishedAction {
  const next = nextStep(element, index, outcome);
  const due = step.kind === 'wait' ? new Date(action.dueAt.getTime() + delayMs(step.delay)) : now;
  return {
    action,
    status: outcome.kind === 'skipped' ? 'skipped' : 'done',
    result: outcome.result ?? null,
    skipReason: outcome.kind === 'skipped' ? outcome.reason : null,
    elementVersion: element.version,
    kind: step.kind,
    next: next ? { stepId: next.id, kind: next.kind, dueAt: due } : null,
  };
}

/**
 * Writes finished actions of one workspace in ONE statement (data-modifying CTEs, atomic without
 * a transaction's extra round trips): each action fenced by its claim (status 'running',
 * locked_by this worker, attempts = its attempt), its next step's action inserted or its run
 * completed; `sentMessageIds` (care_messages that went out) become 'sent' in the same statement,
 * each with its 'Email Sent' timeline event (one multi-row insert; none for a row already sent).
 * Returns the ids written: an action missing from it had lost its lease (nothing written for it).
 */
export async function finishActions(db: Database, workerId: string, workspaceId: number, items: FinishedAction[], now: Date, sentMessageIds: number[] = []): Promise<Set<number>> {
  if (items.length === 0 && sentMessageIds.length === 0) return new Set();
  const rows = await db.query<{ id: number }>(
    `WITH sent AS (
       UPDATE care_messages SET status = 'sent', sent_at = now(), error = NULL
        WHERE workspace_id = $1 AND id = ANY($2::bigint[]) AND status = 'sending'
       RETURNING *
     ),
     ${emailSentEventCtes('$1', 'sent')},
     o AS (
       SELECT * FROM unnest($4::bigint[], $5::integer[], $6::text[], $7::text[], $8::text[], $9::integer[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
         AS o(id, attempt, status, result, skip_reason, element_version, kind, next_step, next_kind, next_due)
     ),
     finished AS (
       UPDATE care_actions a
          SET status = o.status, result = o.result::jsonb, skip_reason = o.skip_reason, finished_at = $14, element_version = o.element_version,
              kind = o.kind, locked_by = NULL, locked_until = NULL
         FROM o
        WHERE a.workspace_id = $1 AND a.id = o.id AND a.status = 'running' AND a.locked_by = $3 AND a.attempts = o.attempt
       RETURNING a.id, a.run_id, a.element_id, a.subject_type, a.subject_id, o.next_step, o.next_kind, o.next_due
     ),
     next_action AS (
       INSERT INTO care_actions (workspace_id, run_id, element_id, subject_type, subject_id, step_id, kind, due_at)
       SELECT $1, f.run_id, f.element_id, f.subject_type, f.subject_id, f.next_step, f.next_kind, f.next_due FROM finished f WHERE f.next_step IS NOT NULL
       ON CONFLICT (workspace_id, run_id, step_id) DO NOTHING
       RETURNING 1
     ),
     completed AS (
       UPDATE care_runs r SET status = 'completed', finished_at = $14 FROM finished f
        WHERE f.next_step IS NULL AND r.workspace_id = $1 AND r.id = f.run_id AND r.status = 'active'
       RETURNING 1
     )
     SELECT id FROM finished`,
    [
      workspaceId,
      sentMessageIds,
      workerId,
      items.map((i) => i.action.id),
      items.map((i) => i.action.attempt),
      items.map((i) => i.status),
      items.map((i) => (i.result ? JSON.stringify(i.result) : null)),
      items.map((i) => i.skipReason),
      items.map((i) => i.elementVersion),
      items.map((i) => i.kind),
      items.map((i) => i.next?.stepId ?? null),
      items.map((i) => i.next?.kind ?? null),
      items.map((i) => (i.next ? i.next.dueAt.toISOString() : null)),
      now.toISOString(),
    ],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Writes one action's outcome, fenced by its claim: done/skipped/goto through finishActions;
 * deferred reschedules without counting the attempt; failed retries with backoff, and after
 * maxAttempts (or at once when permanent) the action is dead, visible and retryable.
 * Returns 'lost' when the lease had passed to another worker (nothing written).
 */
export async function applyActionOutcome(
  db: Database,
  workerId: string,
  action: ClaimedAction,
  element: CareElement,
  index: number,
  step: CareStep,
  outcome: StepOutcome,
  retry: RetryPolicy,
  now: Date,
): Promise<ActionStatus | 'lost'> {
  const base = [action.workspaceId, action.id, workerId, action.attempt];
  const nowIso = now.toISOString();
  if (outcome.kind === 'deferred') {
    const n = await db.execute(
      // The moment travels twice ($5 timestamptz, $8 text): one parameter used as both types is refused ("inconsistent types deduced").
      `UPDATE care_actions SET status = 'scheduled', due_at = $5::timestamptz, attempts = attempts - 1, locked_by = NULL, locked_until = NULL,
              result = jsonb_build_object('deferred', $6::text, 'until', $8::text), kind = $7 WHERE ${FENCE}`,
      [...base, outcome.until.toISOString(), outcome.reason, step.kind, outcome.until.toISOString()],
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
  const finished = finishedActionOf(action, element, index, step, outcome, now);
  const written = await finishActions(db, workerId, action.workspaceId, [finished], now);
  return written.has(action.id) ? finished.status : 'lost';
}

/** Cancels an action and its run (its element was disabled, or its step removed by an edit), fenced by the claim. */
export async function cancelAction(db: Database, workerId: string, action: ClaimedAction, element: CareElement, reason: string, now: Date): Promise<'cancelled' | 'lost'> {
  return db.transaction(async (tx) => {
    const n = await tx.execute(
      `UPDATE care_actions SET status = 'cancelled', skip_reason = $5, element_version = $6, finished_at = $7, locked_by = NULL, locked_until = NULL WHERE ${FENCE}`,
      [action.workspaceId, action.id, workerId, action.attempt, reason, element.version, now.toISOString()],
    );
    if (n === 0) return 'lost' as const;
    await tx.execute(`UPDATE care_runs SET status = 'cancelled', finished_at = $3 WHERE workspace_id = $1 AND id = $2 AND status = 'active'`, [
      action.workspaceId,
      action.runId,
      now.toISOString(),
    ]);
    return 'cancelled' as const;
  });
}
