import type { Queryable } from '../../db/database.js';
import type { MessagePurpose } from '../model/care-element.js';
import { MESSAGE_COLUMNS, type MessageRow } from './care-message.js';
import { emailSentEventCtes } from './record-email-sent-events.js';
import type { RenderedEmail } from './render-email.js';

/** A rendered message about to be stored for one action and contact. */
export interface NewCareMessage {
  actionId: number;
  elementId: number;
  /** The element version and step that rendered it. */
  elementVersion: number;
  stepId: string;
  accountId: number | null;
  contactId: number;
  purpose: MessagePurpose;
  toAddress: string;
  email: RenderedEmail;
  messageId: string;
}

/**
 * Stores messages BEFORE any SMTP traffic, in one statement: status 'sending' with
 * send_started_at now (this execution's SMTP attempt) when there is a mailer, else 'outboxed'
 * (the row is the outbox: its 'Email Sent' timeline event is written in the same statement; an SMTP
 * message gets its event when it is marked sent). A message the (action, contact) already has is
 * left alone and not returned (ON CONFLICT DO NOTHING): the caller reads it.
 */
export async function insertCareMessages(db: Queryable, workspaceId: number, messages: NewCareMessage[], transport: 'smtp' | 'outbox'): Promise<MessageRow[]> {
  if (messages.length === 0) return [];
  const status = transport === 'smtp' ? 'sending' : 'outboxed';
  return db.query<MessageRow>(
    `WITH stored AS (
       INSERT INTO care_messages (workspace_id, action_id, element_id, element_version, step_id, account_id, contact_id, purpose, to_address, locale, subject, text_body, html_body, message_id, transport, status, send_started_at)
       SELECT $1, m.action_id, m.element_id, m.element_version, m.step_id, m.account_id, m.contact_id, m.purpose, m.to_address, m.locale, m.subject, m.text_body, m.html_body, m.message_id, $13::text, $14::text,
              CASE WHEN $14::text = 'sending' THEN now() END
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $15::integer[], $16::text[])
           AS m(action_id, element_id, account_id, contact_id, purpose, to_address, locale, subject, text_body, html_body, message_id, element_version, step_id)
       ON CONFLICT (workspace_id, action_id, contact_id) DO NOTHING
       RETURNING *
     ),
     ${emailSentEventCtes('$1', 'stored', "m.status = 'outboxed'")}
     SELECT ${MESSAGE_COLUMNS} FROM stored`,
    [
      workspaceId,
      messages.map((m) => m.actionId),
      messages.map((m) => m.elementId),
      messages.map((m) => m.accountId),
      messages.map((m) => m.contactId),
      messages.map((m) => m.purpose),
      messages.map((m) => m.toAddress),
      messages.map((m) => m.email.locale),
      messages.map((m) => m.email.subject),
      messages.map((m) => m.email.text),
      messages.map((m) => m.email.html),
      messages.map((m) => m.messageId),
      transport,
      status,
      messages.map((m) => m.elementVersion),
      messages.map((m) => m.stepId),
    ],
  );
}
