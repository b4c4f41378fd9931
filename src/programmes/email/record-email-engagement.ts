import type { Queryable } from '../../db/database.js';
import { markDirtyCte } from '../../recompute/mark-subjects-dirty.js';
import { verifyLinkToken } from '../governance/verify-link-token.js';

export type EmailEngagementResult = { kind: 'recorded'; /** click: where the link goes */ url?: string } | { kind: 'invalid_link' };

/** The timeline event of a care message's first open (its tracking image was fetched). */
export const EMAIL_OPENED_EVENT = 'Email Opened';
/** The timeline event of the first click of a tracked link in a care message. */
export const EMAIL_CLICKED_EVENT = 'Email Link Clicked';

/**
 * Records that a care message was opened (its tracking image was fetched: /o/<token>) or a
 * link in it clicked (/c/<token>, which then redirects to the signed target URL: an unsigned
 * URL never redirects, so the endpoint is no open redirect). The first time counts
 * (care_messages.opened_at / clicked_at); a click implies an open. Programme results read these
 * "where known": images blocked by the mail client leave opens unknown.
 *
 * In the same statement the first open adds an 'Email Opened' event and the first click an
 * 'Email Link Clicked' event (properties: the clicked url) to the contact's timeline, with the
 * contact's account, source 'kanta', at the moment recorded; a click that also records the open
 * (none was known) adds both. Properties name the element (id, key, version), step, purpose,
 * subject, locale, the RFC 5322 Message-ID, action and care message ids. The contact and its
 * account are queued for recompute (accounts first, markDirtyCte), so rules and segments see
 * the events. message_ids `email-opened:<care message id>` / `email-clicked:<id>` keep them single.
 */
export async function recordEmailEngagement(db: Queryable, token: string, kind: 'open' | 'click'): Promise<EmailEngagementResult> {
  const link = kind === 'open' ? await verifyLinkToken(db, token, 'open') : await verifyLinkToken(db, token, 'click');
  if (!link) return { kind: 'invalid_link' };
  const { workspaceId, actionId, contactId } = link.target;
  const url = link.target.kind === 'click' ? link.target.url : null;
  // The open event when this statement set opened_at: an open, or a click that set both to the same now().
  const opened = `(1, 'email-opened:', '${EMAIL_OPENED_EVENT}', m.opened_at, '{}'::jsonb)`;
  const clicked = `(2, 'email-clicked:', '${EMAIL_CLICKED_EVENT}', m.clicked_at, jsonb_build_object('url', $4::text))`;
  const kinds =
    kind === 'open'
      ? `(VALUES ${opened}) AS k(n, prefix, name, at, extra)`
      : `(SELECT * FROM (VALUES ${opened}, ${clicked}) AS v(n, prefix, name, at, extra) WHERE v.n = 2 OR m.opened_at = m.clicked_at) AS k`;
  await db.query(
    `WITH engaged AS (
       UPDATE care_messages SET opened_at = coalesce(opened_at, now())${kind === 'click' ? ', clicked_at = now()' : ''}
        WHERE workspace_id = $1 AND action_id = $2 AND contact_id = $3 AND ${kind === 'open' ? 'opened_at' : 'clicked_at'} IS NULL
       RETURNING *
     ),
     engagement_events AS (
       INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, properties, occurred_at, source)
       SELECT m.workspace_id, k.prefix || m.id, 'system', k.name, m.contact_id, c.account_id,
              jsonb_build_object('channel', 'email', 'element_id', m.element_id, 'element_key', el.key, 'element_version', m.element_version,
                                 'step', m.step_id, 'purpose', m.purpose, 'subject', m.subject, 'locale', m.locale, 'message_id', m.message_id,
                                 'action_id', m.action_id, 'care_message_id', m.id) || k.extra,
              k.at, 'kanta'
         FROM engaged m
         JOIN contacts c ON c.workspace_id = m.workspace_id AND c.id = m.contact_id
         LEFT JOIN care_elements el ON el.workspace_id = m.workspace_id AND el.id = m.element_id
        CROSS JOIN LATERAL ${kinds}
        ORDER BY k.n
       ON CONFLICT (workspace_id, message_id) DO NOTHING
       RETURNING account_id, contact_id
     ),
     ${markDirtyCte('engagement_queued', '$1', 'engagement_events', { account: 'engagement_events.account_id', contact: 'engagement_events.contact_id' })}
     SELECT count(*) AS n FROM engaged`,
    kind === 'open' ? [workspaceId, actionId, contactId] : [workspaceId, actionId, contactId, url],
  );
  return url !== null ? { kind: 'recorded', url } : { kind: 'recorded' };
}
