import type { StepExecutor } from '../engine/step-executor.js';
import { sendCareEmails } from '../email/send-care-emails.js';

/**
 * The survey step: an email (purpose 'survey') carrying the recipient's signed survey link
 * (/s/<token>), and a survey_invitations row per recipient written in the same transaction as
 * the message row, so an answer always finds its invitation.
 */
export const executeSurveyStep: StepExecutor = async (ctx) => {
  const step = ctx.step;
  if (step.kind !== 'survey') return { kind: 'failed', permanent: true, error: `step ${step.id} is a ${step.kind} step, not survey` };
  const { action } = ctx;
  return sendCareEmails(ctx, {
    purpose: 'survey',
    template: step.template,
    to: step.to,
    survey: {
      onMessage: async (tx, recipient) => {
        await tx.query(
          `INSERT INTO survey_invitations (workspace_id, action_id, contact_id, account_id, survey, sent_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (workspace_id, action_id, contact_id) DO NOTHING`,
          [action.workspaceId, action.id, recipient.contact.id, recipient.contact.account_id, step.survey, ctx.now],
        );
      },
    },
  });
};
