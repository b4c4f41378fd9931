import type { StepExecutor } from '../engine/step-executor.js';
import { sendCareEmails } from './send-care-emails.js';

/** The email step: a care message per recipient under governance (see sendCareEmails). */
export const executeEmailStep: StepExecutor = async (ctx) => {
  const step = ctx.step;
  if (step.kind !== 'email') return { kind: 'failed', permanent: true, error: `step ${step.id} is a ${step.kind} step, not email` };
  return sendCareEmails(ctx, { purpose: step.purpose, template: step.template, to: step.to });
};
