import type { Database } from '../../db/database.js';
import { sendCareEmailBatch, type EmailBatchItem } from '../email/send-care-email-batch.js';
import { loadChannelSettings } from '../governance/load-channel-settings.js';
import type { CareElement } from '../model/care-element.js';
import { applyActionOutcome, DEFAULT_RETRY, finishActions, finishedActionOf, type FinishedAction } from './apply-action-outcome.js';
import type { CareRuntime } from './care-runtime.js';
import { CARE_STEP_EXECUTORS } from './care-step-executors.js';
import { executeAction, type ExecuteActionOptions } from './execute-action.js';
import { loadCareElementsById } from './load-care-elements.js';
import type { ClaimedAction } from './step-executor.js';

/**
 * Runs a claimed batch of one workspace's actions: their elements are read once for the batch
 * (each in its current version); plain email steps go through sendCareEmailBatch and their
 * outcomes, with the messages that went out and their 'Email Sent' timeline events, are written
 * in ONE fenced statement; every other
 * action (other steps, a retry that already holds messages, a frequency-capped purpose, a
 * disabled element or a removed step) runs one by one through executeAction, all at once.
 * Returns how many actions ran. A database failure rejects: the leases then run out and the
 * actions are claimed again (their stored messages keep the same Message-IDs).
 */
export async function executeActionBatch(db: Database, runtime: CareRuntime, workspaceId: number, actions: ClaimedAction[], options: Omit<ExecuteActionOptions, 'element'> = {}): Promise<number> {
  if (actions.length === 0) return 0;
  const clock = options.clock ?? (() => new Date());
  const retry = options.retry ?? DEFAULT_RETRY;
  const elements = await loadCareElementsById(db, workspaceId, actions.map((a) => a.elementId));
  const batchable = !options.executors || options.executors.email === CARE_STEP_EXECUTORS.email;
  const emails: (EmailBatchItem & { element: CareElement; index: number })[] = [];
  const single: ClaimedAction[] = [];
  for (const action of actions) {
    const element = elements.get(action.elementId);
    const index = element?.enabled ? element.definition.steps.findIndex((s) => s.id === action.stepId) : -1;
    const step = index >= 0 ? element!.definition.steps[index]! : null;
    if (batchable && step?.kind === 'email') emails.push({ action, step, elementVersion: element!.version, element: element!, index });
    else single.push(action);
  }
  const one = (a: ClaimedAction) => executeAction(db, runtime, a, { ...options, element: elements.get(a.elementId) ?? null });
  const emailRun = async () => {
    if (emails.length === 0) return;
    const settings = await loadChannelSettings(db, workspaceId);
    const now = clock();
    const { outcomes, sent } = await sendCareEmailBatch(db, runtime, settings, workspaceId, emails, now);
    const finished: FinishedAction[] = [];
    const later: Promise<unknown>[] = [];
    for (const e of emails) {
      const outcome = outcomes.get(e.action.id);
      if (!outcome) later.push(one(e.action));
      else if (outcome.kind === 'done' || outcome.kind === 'skipped' || outcome.kind === 'goto') finished.push(finishedActionOf(e.action, e.element, e.index, e.step, outcome, clock()));
      else later.push(applyActionOutcome(db, runtime.workerId, e.action, e.element, e.index, e.step, outcome, retry, clock()));
    }
    await finishActions(db, runtime.workerId, workspaceId, finished, clock(), sent);
    await Promise.all(later);
  };
  await Promise.all([emailRun(), ...single.map(one)]);
  return actions.length;
}
