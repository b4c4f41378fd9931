import type { CareStepKind } from '../model/care-element.js';
import { executeEmailStep } from '../email/execute-email-step.js';
import { executeSurveyStep } from '../surveys/execute-survey-step.js';
import { executeTaskStep } from '../tasks/execute-task-step.js';
import { executeWebhookStep } from '../webhooks/execute-webhook-step.js';
import { executeBranchStep, executeListStep, executeWaitStep } from './execute-flow-steps.js';
import type { StepExecutor } from './step-executor.js';

/** Which executor carries out each kind of step. */
export type CareStepExecutors = Partial<Record<CareStepKind, StepExecutor>>;

/** Every kind of step Kanta carries out: the engine's own and the channels'. */
export const CARE_STEP_EXECUTORS: CareStepExecutors = {
  email: executeEmailStep,
  survey: executeSurveyStep,
  webhook: executeWebhookStep,
  task: executeTaskStep,
  wait: executeWaitStep,
  branch: executeBranchStep,
  list_add: executeListStep,
  list_remove: executeListStep,
};
