import type { Database } from '../../db/database.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { ClaimedAction, StepOutcome } from '../engine/step-executor.js';
import { capsOf, judgeContactGovernance, loadUncappedGovernanceFacts } from '../governance/check-contact-governance.js';
import type { ChannelSettings } from '../governance/load-channel-settings.js';
import type { CareStep } from '../model/care-element.js';
import { careMessageId, emailStepOutcome, noRecipientReason, renderCareMessage, type MessageRow } from './care-message.js';
import { deliverCareMessage } from './deliver-care-message.js';
import { insertCareMessages, type NewCareMessage } from './insert-care-messages.js';
import { filterEmailRecipients, listEmailRecipientsOfSubjects, subjectKey } from './list-email-recipients.js';

export interface EmailBatchItem {
  action: ClaimedAction;
  step: CareStep & { kind: 'email' };
  /** The version of the element the step is read from (stored with the message, named by its 'Email Sent' event). */
  elementVersion: number;
}

export interface EmailBatchResult {
  /** The step outcome per action id. An action missing here takes the one-by-one path (sendCareEmails). */
  outcomes: Map<number, StepOutcome>;
  /** Message rows that went out, to be marked 'sent' (with their 'Email Sent' events) together with the outcomes (finishActions). */
  sent: number[];
}

type Held = { contact_id: number; reason: string };
type Waiting = Held & { until: Date };

/**
 * The email steps of one claimed batch of one workspace, with the same rules as sendCareEmails
 * but a handful of statements for the whole batch instead of several per action: existing
 * messages, recipients and consent/suppression are read in one query each, every message is
 * rendered (one that does not render fails its action permanently, nothing sent for it), judged
 * by governance in memory and stored in ONE insert before any SMTP traffic (without SMTP that insert
 * is the outbox and writes their 'Email Sent' events too); then all go out
 * through the pooled transport at once. Actions that already hold messages (a retry), whose
 * purpose a frequency cap counts (that needs the per-contact lock) or that met a concurrent
 * writer are left to sendCareEmails.
 */
export async function sendCareEmailBatch(db: Database, runtime: CareRuntime, settings: ChannelSettings, workspaceId: number, items: EmailBatchItem[], now: Date): Promise<EmailBatchResult> {
  const outcomes = new Map<number, StepOutcome>();
  const sent: number[] = [];
  const retried = new Set(
    (await db.query<{ action_id: number }>(`SELECT DISTINCT action_id FROM care_messages WHERE workspace_id = $1 AND action_id = ANY($2::bigint[])`, [
      workspaceId,
      items.map((i) => i.action.id),
    ])).map((r) => r.action_id),
  );
  const batch = items.filter((i) => !retried.has(i.action.id) && capsOf(settings, 'email', i.step.purpose).length === 0);
  if (batch.length === 0) return { outcomes, sent };
  const recipientsOf = await listEmailRecipientsOfSubjects(
    db,
    workspaceId,
    batch.map((i) => ({ type: i.action.subjectType, id: i.action.subjectId })),
  );

  const messages: NewCareMessage[] = [];
  const held = new Map<number, { skipped: Held[]; deferred: Waiting[] }>();
  const candidates: { item: EmailBatchItem; recipients: ReturnType<typeof filterEmailRecipients> }[] = [];
  for (const item of batch) {
    const { action, step } = item;
    const recipients = filterEmailRecipients(action.subjectType, recipientsOf.get(subjectKey({ type: action.subjectType, id: action.subjectId })) ?? [], step.to);
    if (recipients.length === 0) outcomes.set(action.id, { kind: 'skipped', reason: noRecipientReason(action.subjectType) });
    else candidates.push({ item, recipients });
  }
  const facts = await loadUncappedGovernanceFacts(
    db,
    workspaceId,
    candidates.flatMap(({ item, recipients }) => recipients.map((r) => ({ contactId: r.contact.id, purpose: item.step.purpose, email: r.contact.email }))),
  );
  for (const { item, recipients } of candidates) {
    const { action, step } = item;
    const own: NewCareMessage[] = [];
    const h = { skipped: [] as Held[], deferred: [] as Waiting[] };
    let failed: string | null = null;
    for (const recipient of recipients) {
      const r = await renderCareMessage(runtime, settings, action, step.template, step.purpose, recipient, false);
      if (!r.ok) {
        failed = r.error;
        break;
      }
      const verdict = judgeContactGovernance(facts.get(`${recipient.contact.id}:${step.purpose}`) ?? { consent: null, suppressed: null, recent: [] }, {
        contact: { id: recipient.contact.id, email: recipient.contact.email, timezone: recipient.contact.timezone },
        purpose: step.purpose,
        channel: 'email',
        settings,
        now,
        dueAt: action.dueAt,
      });
      if (verdict.kind === 'skipped') h.skipped.push({ contact_id: recipient.contact.id, reason: verdict.reason });
      else if (verdict.kind === 'deferred') h.deferred.push({ contact_id: recipient.contact.id, until: verdict.until, reason: verdict.reason });
      else
        own.push({
          actionId: action.id,
          elementId: action.elementId,
          elementVersion: item.elementVersion,
          stepId: step.id,
          accountId: recipient.contact.account_id,
          contactId: recipient.contact.id,
          purpose: step.purpose,
          toAddress: recipient.contact.email,
          email: r.email,
          messageId: careMessageId(action.id, recipient.contact.id, settings.senderAddress),
        });
    }
    if (failed !== null) {
      outcomes.set(action.id, { kind: 'failed', permanent: true, error: failed });
      continue;
    }
    messages.push(...own);
    held.set(action.id, h);
  }

  const stored = await insertCareMessages(db, workspaceId, messages, runtime.mailer ? 'smtp' : 'outbox');
  const rowsOf = new Map<number, MessageRow[]>();
  for (const row of stored) rowsOf.set(row.action_id, [...(rowsOf.get(row.action_id) ?? []), row]);
  // A message that did not insert was written by another executor meanwhile: that action goes one by one.
  const expected = new Map<number, number>();
  for (const m of messages) expected.set(m.actionId, (expected.get(m.actionId) ?? 0) + 1);
  const racing = new Set([...expected].filter(([id, n]) => (rowsOf.get(id)?.length ?? 0) !== n).map(([id]) => id));

  const failures = new Map<number, string>();
  const mailer = runtime.mailer;
  if (mailer) {
    await Promise.all(
      stored
        .filter((row) => !racing.has(row.action_id))
        .map(async (row) => {
          const purpose = items.find((i) => i.action.id === row.action_id)!.step.purpose;
          const delivery = await deliverCareMessage(db, { ...runtime, mailer }, settings, workspaceId, row, purpose);
          if (delivery.kind === 'sent') {
            row.status = 'sent';
            sent.push(row.id);
          } else if (delivery.kind === 'failed' && !failures.has(row.action_id)) failures.set(row.action_id, delivery.error);
        }),
    );
  }
  for (const [actionId, h] of held) {
    if (racing.has(actionId)) continue;
    const error = failures.get(actionId);
    outcomes.set(actionId, error !== undefined ? { kind: 'failed', error } : emailStepOutcome(rowsOf.get(actionId) ?? [], h.skipped, h.deferred));
  }
  return { outcomes, sent };
}
