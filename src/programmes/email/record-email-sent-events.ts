import { markDirtyCte } from '../../recompute/mark-subjects-dirty.js';

/** The timeline event of a care email that went out over SMTP, or into the outbox when there is no SMTP server. */
export const EMAIL_SENT_EVENT = 'Email Sent';

const MESSAGE_ID_PREFIX = 'email-sent:';

/** The event's message_id: derived from the care message, so a retry or a second executor never writes a second event. */
export function emailSentEventMessageId(careMessageId: number): string {
  return `${MESSAGE_ID_PREFIX}${careMessageId}`;
}

/**
 * SQL fragment for writers that mark care messages sent (or outboxed) in one statement: data-modifying
 * CTEs that add an 'Email Sent' event (source 'kanta') to the contact's timeline, with the account
 * of the message, for every row of `fromCte` (care_messages rows, e.g. `RETURNING *` of the
 * UPDATE or INSERT) that `where` keeps, and queue the contact and account for recompute (rules
 * may read the event). Properties: element id, key and version, step, purpose, subject, locale,
 * the RFC 5322 Message-ID, action and care message ids, transport. `workspaceParam` is the
 * workspace id's placeholder. Idempotent by (workspace, message_id): a row that already has its
 * event adds nothing (nor a queue entry).
 */
export function emailSentEventCtes(workspaceParam: string, fromCte: string, where = 'true'): string {
  return `email_sent_events AS (
    INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, properties, occurred_at, source)
    SELECT m.workspace_id, '${MESSAGE_ID_PREFIX}' || m.id, 'system', '${EMAIL_SENT_EVENT}', m.contact_id, m.account_id,
           jsonb_build_object('channel', 'email', 'element_id', m.element_id, 'element_key', el.key, 'element_version', m.element_version,
                              'step', m.step_id, 'purpose', m.purpose, 'subject', m.subject, 'locale', m.locale, 'message_id', m.message_id,
                              'action_id', m.action_id, 'care_message_id', m.id, 'transport', m.transport),
           coalesce(m.sent_at, m.created_at), 'kanta'
      FROM ${fromCte} m
      LEFT JOIN care_elements el ON el.workspace_id = m.workspace_id AND el.id = m.element_id
     WHERE ${where}
     ORDER BY m.id
    ON CONFLICT (workspace_id, message_id) DO NOTHING
    RETURNING account_id, contact_id
  ),
  ${markDirtyCte('email_sent_queued', workspaceParam, 'email_sent_events', { account: 'email_sent_events.account_id', contact: 'email_sent_events.contact_id' })}`;
}
