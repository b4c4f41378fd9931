import type { Queryable } from '../../db/database.js';
import type { EmailTemplate, MessagePurpose, RecipientFilter } from '../model/care-element.js';
import type { StepContext, StepOutcome } from '../engine/step-executor.js';
import { checkContactGovernance, lockContactForSending } from '../governance/check-contact-governance.js';
import { loadChannelSettings } from '../governance/load-channel-settings.js';
import { careMessageId, emailStepOutcome, MESSAGE_COLUMNS, noRecipientReason, renderCareMessage, type MessageRow } from './care-message.js';
import { deliverCareMessage } from './deliver-care-message.js';
import { insertCareMessages } from './insert-care-messages.js';
import { listEmailRecipients, type EmailRecipient } from './list-email-recipients.js';
import { markCareMessageSent } from './mark-care-message-sent.js';
import type { RenderedEmail } from './render-email.js';

export interface CareEmailJob {
  purpose: MessagePurpose;
  template: EmailTemplate;
  to?: RecipientFilter | undefined;
  /** Survey steps: the survey link goes into the message, and this runs in the message row's transaction. */
  survey?: { onMessage: (tx: Queryable, recipient: EmailRecipient) => Promise<void> };
}

/**
 * How long an SMTP attempt of a message counts as in flight: another executor of the same action
 * (a worker that outlived its lease) waits this long before sending the stored message itself.
 */
export const SEND_IN_FLIGHT_MS = 15_000;

/**
 * The email part of email and survey steps, idempotent per action and contact:
 * 1. recipients: the contact subject, or the account's contacts (role/persona filter) with an
 *    email; contacts already holding a message row of this action are not rendered again;
 * 2. every new recipient's message is rendered first: one that does not render fails the
 *    action permanently with the reason and nothing is sent to anyone;
 * 3. per recipient (in one transaction holding the contact's send lock when a frequency cap
 *    applies): governance (consent, suppression, frequency cap, quiet hours), then the care_messages row (status 'sending', or
 *    'outboxed' when there is no SMTP) - before any SMTP traffic;
 * 4. every 'sending' row goes out through nodemailer with its stored Message-ID (a row an earlier
 *    attempt left is taken over with a conditional update, unless that attempt started less than
 *    SEND_IN_FLIGHT_MS ago: then the action is deferred, so two executors do not both send) and the
 *    List-Unsubscribe / List-Unsubscribe-Post (RFC 8058) headers, then becomes 'sent' with its
 *    'Email Sent' timeline event in one statement (an outboxed row gets it on insert). A 5xx to
 *    RCPT/DATA is a hard bounce (suppressed, 'bounced'); other errors fail the action (retried;
 *    the next attempt re-sends the same stored message).
 * Outcome: done when at least one message is out and nobody waits; deferred (to the earliest
 * moment) while a recipient is in quiet hours or capped; skipped with the reasons when nobody
 * gets it.
 */
export async function sendCareEmails(ctx: StepContext, job: CareEmailJob): Promise<StepOutcome> {
  const { db, action, runtime } = ctx;
  const ws = action.workspaceId;
  const settings = await loadChannelSettings(db, ws);
  const existing = new Map(
    (await db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM care_messages WHERE workspace_id = $1 AND action_id = $2 ORDER BY contact_id`, [ws, action.id])).map((m) => [
      m.contact_id,
      m,
    ]),
  );
  const recipients = await listEmailRecipients(db, ws, { type: action.subjectType, id: action.subjectId }, job.to);
  const fresh = recipients.filter((r) => !existing.has(r.contact.id));
  if (recipients.length === 0 && existing.size === 0) {
    return { kind: 'skipped', reason: noRecipientReason(action.subjectType) };
  }

  const rendered: { recipient: EmailRecipient; email: RenderedEmail }[] = [];
  for (const recipient of fresh) {
    const r = await renderCareMessage(runtime, settings, action, job.template, job.purpose, recipient, job.survey !== undefined);
    if (!r.ok) return { kind: 'failed', permanent: true, error: r.error };
    rendered.push({ recipient, email: r.email });
  }

  const skipped: { contact_id: number; reason: string }[] = [];
  const deferred: { contact_id: number; until: Date; reason: string }[] = [];
  // The contact's send lock only matters when a frequency cap counts this purpose's messages;
  // without one (and without a survey invitation to write with the message) one statement will do.
  const capped = settings.frequencyCaps.some((c) => c.channel === 'email' && c.purpose === job.purpose);
  /** Message rows this execution inserted: their SMTP attempt is ours (send_started_at set on insert). */
  const ownSends = new Set<number>();
  for (const { recipient, email } of rendered) {
    const write = async (tx: Queryable): Promise<MessageRow | null> => {
      const verdict = await checkContactGovernance(tx, ws, {
        contact: { id: recipient.contact.id, email: recipient.contact.email, timezone: recipient.contact.timezone },
        purpose: job.purpose,
        channel: 'email',
        settings,
        now: ctx.now,
        dueAt: action.dueAt,
      });
      if (verdict.kind === 'skipped') {
        skipped.push({ contact_id: recipient.contact.id, reason: verdict.reason });
        return null;
      }
      if (verdict.kind === 'deferred') {
        deferred.push({ contact_id: recipient.contact.id, until: verdict.until, reason: verdict.reason });
        return null;
      }
      const [inserted] = await insertCareMessages(
        tx,
        ws,
        [
          {
            actionId: action.id,
            elementId: action.elementId,
            elementVersion: ctx.element.version,
            stepId: action.stepId,
            accountId: recipient.contact.account_id,
            contactId: recipient.contact.id,
            purpose: job.purpose,
            toAddress: recipient.contact.email,
            email,
            messageId: careMessageId(action.id, recipient.contact.id, settings.senderAddress),
          },
        ],
        runtime.mailer ? 'smtp' : 'outbox',
      );
      if (inserted && job.survey) await job.survey.onMessage(tx, recipient);
      if (inserted) ownSends.add(inserted.id);
      return inserted ?? (await tx.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM care_messages WHERE workspace_id = $1 AND action_id = $2 AND contact_id = $3`, [ws, action.id, recipient.contact.id]))[0]!;
    };
    const row =
      capped || job.survey
        ? await db.transaction(async (tx) => {
            if (capped) await lockContactForSending(tx, ws, recipient.contact.id);
            return write(tx);
          })
        : await write(db);
    if (row) existing.set(row.contact_id, row);
  }

  for (const row of existing.values()) {
    if (row.status !== 'sending' || !runtime.mailer) continue;
    if (!ownSends.has(row.id)) {
      // A message an earlier attempt stored but did not finish: take over its sending unless
      // another executor started it moments ago (then wait for that attempt's outcome).
      const [claimed] = await db.query<{ id: number }>(
        `UPDATE care_messages SET send_started_at = now()
          WHERE workspace_id = $1 AND id = $2 AND status = 'sending'
            AND (send_started_at IS NULL OR send_started_at <= now() - $3 * interval '1 millisecond')
          RETURNING id`,
        [ws, row.id, SEND_IN_FLIGHT_MS],
      );
      if (!claimed) {
        const since = row.send_started_at ? new Date(row.send_started_at).getTime() : Date.now();
        deferred.push({ contact_id: row.contact_id, until: new Date(Math.max(since + SEND_IN_FLIGHT_MS, ctx.now.getTime() + 1000)), reason: 'in_flight: another attempt is sending this message' });
        continue;
      }
    }
    const delivery = await deliverCareMessage(db, { ...runtime, mailer: runtime.mailer }, settings, ws, row, job.purpose);
    if (delivery.kind === 'failed') return { kind: 'failed', error: delivery.error };
    if (delivery.kind === 'sent') {
      await markCareMessageSent(db, ws, row.id);
      row.status = 'sent';
    }
  }

  return emailStepOutcome([...existing.values()], skipped, deferred);
}
