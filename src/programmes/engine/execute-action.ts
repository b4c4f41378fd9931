import type { Database } from '../../db/database.js';
import type { CareElement } from '../model/care-element.js';
import { applyActionOutcome, cancelAction, DEFAULT_RETRY, type ActionStatus, type RetryPolicy } from './apply-action-outcome.js';
import type { CareRuntime } from './care-runtime.js';
import { CARE_STEP_EXECUTORS, type CareStepExecutors } from './care-step-executors.js';
import { loadCareElement } from './load-care-elements.js';
import type { ClaimedAction, StepOutcome } from './step-executor.js';

export interface ExecuteActionOptions {
  executors?: CareStepExecutors;
  retry?: RetryPolicy;
  clock?: () => Date;
  /** The element as the worker loaded it for the whole claimed batch (null: deleted); read here when absent. */
  element?: CareElement | null;
}

export interface ExecutedAction {
  /** What the action became; 'lost' when its lease had passed to another worker (nothing written). */
  status: ActionStatus | 'lost';
  outcome: StepOutcome | { kind: 'cancelled'; reason: string };
}

/**
 * Runs one claimed action: loads its element's CURRENT version (an edit applies to what has
 * not run yet), finds its step by id (gone in the new version: the action and its run are
 * cancelled with the reason), calls the step's executor (a throw counts as a retryable
 * failure) and writes the outcome fenced by the claim (applyActionOutcome): a worker whose
 * lease was taken over writes nothing.
 */
export async function executeAction(db: Database, runtime: CareRuntime, action: ClaimedAction, options: ExecuteActionOptions = {}): Promise<ExecutedAction> {
  const clock = options.clock ?? (() => new Date());
  const executors = options.executors ?? CARE_STEP_EXECUTORS;
  const retry = options.retry ?? DEFAULT_RETRY;
  const element = options.element !== undefined ? options.element : await loadCareElement(db, action.workspaceId, action.elementId);
  if (!element) return { status: 'lost', outcome: { kind: 'cancelled', reason: 'element_deleted' } };
  const cancel = async (reason: string): Promise<ExecutedAction> => ({ status: await cancelAction(db, runtime.workerId, action, element, reason, clock()), outcome: { kind: 'cancelled', reason } });
  if (!element.enabled) return cancel('element_disabled');
  const index = element.definition.steps.findIndex((s) => s.id === action.stepId);
  if (index < 0) return cancel(`step_removed_in_version_${element.version}`);
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
  return { status: await applyActionOutcome(db, runtime.workerId, action, element, index, step, outcome, retry, clock()), outcome };
}
