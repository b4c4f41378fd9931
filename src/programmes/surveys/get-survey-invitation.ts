import type { Queryable } from '../../db/database.js';
import { verifyLinkToken } from '../governance/verify-link-token.js';

export type SurveyInvitationView =
  | { kind: 'open'; locale: 'fi' | 'en'; firstName: string | null; survey: 'nps' }
  | { kind: 'already_answered'; locale: 'fi' | 'en'; score: number | null }
  | { kind: 'invalid_link' };

/** What the public survey page shows for a signed link: the question, or that it was answered already. */
export async function getSurveyInvitation(db: Queryable, token: string): Promise<SurveyInvitationView> {
  const link = await verifyLinkToken(db, token, 'survey');
  if (!link) return { kind: 'invalid_link' };
  const [row] = await db.query<{ survey: 'nps'; answered_at: Date | null; score: number | null }>(
    'SELECT survey, answered_at, score FROM survey_invitations WHERE workspace_id = $1 AND action_id = $2 AND contact_id = $3',
    [link.target.workspaceId, link.target.actionId, link.target.contactId],
  );
  if (!row) return { kind: 'invalid_link' };
  if (row.answered_at) return { kind: 'already_answered', locale: link.locale, score: row.score };
  return { kind: 'open', locale: link.locale, firstName: link.contact.first_name, survey: row.survey };
}
