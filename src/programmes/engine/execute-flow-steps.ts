import { isAppError } from '../../errors/app-error.js';
import { evaluateRule } from '../../rules/evaluate-rule.js';
import { loadSubjectFacts } from '../../rules/load-subject-facts.js';
import { addSegmentMembers } from '../../segments/add-segment-members.js';
import { removeSegmentMembers } from '../../segments/remove-segment-members.js';
import type { StepExecutor } from './step-executor.js';

/**
 * The steps the engine carries out itself (the channels' steps, email, survey, webhook and
 * task, live in their own folders).
 */

/** A wait does nothing when it falls due: the step after it is scheduled its delay later (see applyStepOutcome). */
export const executeWaitStep: StepExecutor = async () => ({ kind: 'done' });

/** Evaluates the branch's condition for the subject now and goes to `then` or `else`. */
export const executeBranchStep: StepExecutor = async ({ db, action, step, now }) => {
  if (step.kind !== 'branch') return { kind: 'failed', error: `not a branch step: ${step.kind}`, permanent: true };
  const facts = await loadSubjectFacts(db, action.workspaceId, action.subjectType, action.subjectId, [step.condition], now);
  if (!facts) return { kind: 'skipped', reason: 'subject_deleted' };
  const holds = evaluateRule(step.condition, facts, now).result;
  return { kind: 'goto', stepId: holds ? step.then : step.else, result: { condition: holds } };
};

/** Adds the subject to, or removes it from, a static segment (a list); already there (or not) counts as done. */
export const executeListStep: StepExecutor = async ({ db, action, step, now }) => {
  if (step.kind !== 'list_add' && step.kind !== 'list_remove') return { kind: 'failed', error: `not a list step: ${step.kind}`, permanent: true };
  try {
    const change =
      step.kind === 'list_add'
        ? await addSegmentMembers(db, action.workspaceId, step.segment, [action.subjectId], now)
        : await removeSegmentMembers(db, action.workspaceId, step.segment, [action.subjectId], now);
    return { kind: 'done', result: { segment: step.segment, changed: change.changed > 0 } };
  } catch (e) {
    // A missing or dynamic segment, or a subject of the other type: retrying cannot help.
    if (isAppError(e) && ['not_found', 'conflict', 'validation_failed'].includes(e.code)) return { kind: 'failed', error: e.message, permanent: true };
    throw e;
  }
};
