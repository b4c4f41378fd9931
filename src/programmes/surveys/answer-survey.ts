import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { markDirtyCte } from '../../recompute/mark-subjects-dirty.js';
import { verifyLinkToken } from '../governance/verify-link-token.js';

export interface SurveyAnswer {
  score: number;
  comment?: string | undefined;
}

export type AnswerSurveyResult =
  | { kind: 'answered'; locale: 'fi' | 'en'; score: number }
  | { kind: 'already_answered'; locale: 'fi' | 'en' }
  | { kind: 'invalid_link' };

const MAX_COMMENT = 2000;

/**
 * Records the answer to an NPS invitation (the signed /s/<token> link): score 0-10 and an
 * optional comment on the survey_invitations row, and an 'NPS Answered' event {score, comment}
 * on the contact's timeline, queued for recompute (so lifecycle rules such as "promoter" and
 * triggers on NPS 0-6 see it), all in one transaction. The first answer counts; a second one
 * is refused as already answered. A score outside 0-10 is a validation error.
 */
export async function answerSurvey(db: Database, token: string, answer: SurveyAnswer): Promise<AnswerSurveyResult> {
  if (!Number.isInteger(answer.score) || answer.score < 0 || answer.score > 10) {
    throw new AppError('validation_failed', 'The score must be a whole number from 0 to 10', [{ path: '/score', message: 'must be a whole number from 0 to 10' }]);
  }
  const comment = answer.comment?.trim() ? answer.comment.trim() : null;
  if (comment && comment.length > MAX_COMMENT) {
    throw new AppError('validation_failed', `The comment must be at most ${MAX_COMMENT} characters`, [{ path: '/comment', message: `must be at most ${MAX_COMMENT} characters` }]);
  }
  const link = await verifyLinkToken(db, token, 'survey');
  if (!link) return { kind: 'invalid_link' };
  const { workspaceId, actionId, contactId } = link.target;
  const outcome = await db.transaction(async (tx) => {
    const [invitation] = await tx.query<{ id: number; answered_at: Date | null }>(
      'SELECT id, answered_at FROM survey_invitations WHERE workspace_id = $1 AND action_id = $2 AND contact_id = $3 FOR UPDATE',
      [workspaceId, actionId, contactId],
    );
    if (!invitation) return 'invalid' as const;
    if (invitation.answered_at) return 'already' as const;
    await tx.query(
      `WITH i AS (
         UPDATE survey_invitations SET answered_at = now(), score = $3, comment = $4 WHERE workspace_id = $1 AND id = $2
         RETURNING id, action_id, contact_id, account_id, survey, answered_at
       ),
       e AS (
         INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, properties, occurred_at, source)
         SELECT $1, 'nps:' || i.id, 'system', 'NPS Answered', i.contact_id, coalesce(i.account_id, $5::bigint),
                jsonb_build_object('score', $3::integer, 'comment', $4::text, 'survey', i.survey, 'action_id', i.action_id), i.answered_at, 'kanta'
           FROM i
         RETURNING account_id, contact_id
       ),
       ${markDirtyCte('queued', '$1', 'e', { account: 'e.account_id', contact: 'e.contact_id' })}
       SELECT 1 FROM i`,
      [workspaceId, invitation.id, answer.score, comment, link.contact.account_id],
    );
    return 'answered' as const;
  });
  if (outcome === 'invalid') return { kind: 'invalid_link' };
  if (outcome === 'already') return { kind: 'already_answered', locale: link.locale };
  return { kind: 'answered', locale: link.locale, score: answer.score };
}
