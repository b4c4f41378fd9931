import type { Queryable } from '../../db/database.js';
import { verifyLinkToken } from '../governance/verify-link-token.js';

export type EmailEngagementResult = { kind: 'recorded'; /** click: where the link goes */ url?: string } | { kind: 'invalid_link' };

/**
 * Records that a care message was opened (its tracking image was fetched: /o/<token>) or a
 * link in it clicked (/c/<token>, which then redirects to the signed target URL: an unsigned
 * URL never redirects, so the endpoint is no open redirect). The first time counts
 * (care_messages.opened_at / clicked_at); a click implies an open. Programme results read these
 * "where known": images blocked by the mail client leave opens unknown.
 */
export async function recordEmailEngagement(db: Queryable, token: string, kind: 'open' | 'click'): Promise<EmailEngagementResult> {
  const link = kind === 'open' ? await verifyLinkToken(db, token, 'open') : await verifyLinkToken(db, token, 'click');
  if (!link) return { kind: 'invalid_link' };
  const { workspaceId, actionId, contactId } = link.target;
  await db.query(
    kind === 'open'
      ? 'UPDATE care_messages SET opened_at = coalesce(opened_at, now()) WHERE workspace_id = $1 AND action_id = $2 AND contact_id = $3 AND opened_at IS NULL'
      : `UPDATE care_messages SET clicked_at = coalesce(clicked_at, now()), opened_at = coalesce(opened_at, now())
          WHERE workspace_id = $1 AND action_id = $2 AND contact_id = $3 AND clicked_at IS NULL`,
    [workspaceId, actionId, contactId],
  );
  return link.target.kind === 'click' ? { kind: 'recorded', url: link.target.url } : { kind: 'recorded' };
}
