import type { CareRuntime } from '../engine/care-runtime.js';
import type { ClaimedAction, StepOutcome } from '../engine/step-executor.js';
import { signLinkToken, type LinkTarget } from '../governance/link-token.js';
import type { ChannelSettings } from '../governance/load-channel-settings.js';
import type { EmailTemplate, MessagePurpose } from '../model/care-element.js';
import { buildCareMime } from './build-care-mime.js';
import type { EmailRecipient } from './list-email-recipients.js';
import { pickLocale, renderEmail, type RenderEmailResult } from './render-email.js';

/** A care_messages row as the senders read it. */
export interface MessageRow extends Record<string, unknown> {
  id: number;
  action_id: number;
  contact_id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  status: 'sending' | 'outboxed' | 'sent' | 'bounced';
  send_started_at: Date | null;
  error: string | null;
}

export const MESSAGE_COLUMNS = 'id, action_id, contact_id, to_address, subject, text_body, html_body, message_id, status, send_started_at, error';

/** The stable RFC 5322 Message-ID of an action's message to a contact: retries re-send the same id. */
export function careMessageId(actionId: number, contactId: number, senderAddress: string): string {
  const host = senderAddress.split('@')[1]?.trim() || 'kanta.localhost';
  return `<kanta-a${actionId}-c${contactId}@${host}>`;
}

const LINK_PATHS: Record<LinkTarget['kind'], string> = { unsubscribe: 'u', survey: 's', open: 'o', click: 'c' };

/** The public URL of a signed link (served by src/http/routes/care-public-routes.ts). */
export function careLinkUrl(runtimePublicUrl: string, settings: ChannelSettings, target: LinkTarget): string {
  return `${runtimePublicUrl.replace(/\/+$/, '')}/${LINK_PATHS[target.kind]}/${signLinkToken(settings.linkSecret, target)}`;
}

export function unsubscribeUrl(runtimePublicUrl: string, settings: ChannelSettings, workspaceId: number, contactId: number, purpose: MessagePurpose): string {
  return careLinkUrl(runtimePublicUrl, settings, { kind: 'unsubscribe', workspaceId, contactId, purpose });
}

/** Why an email step reaches nobody before governance: its subject has no address to write to. */
export function noRecipientReason(subjectType: 'account' | 'contact'): string {
  return subjectType === 'contact' ? 'no_recipient: the contact has no email address' : 'no_recipient: no contact of the account with an email matches';
}

/** Renders an action's message to one recipient, with its signed unsubscribe (and survey, open and click) links. */
export function renderCareMessage(
  runtime: CareRuntime,
  settings: ChannelSettings,
  action: ClaimedAction,
  template: EmailTemplate,
  purpose: MessagePurpose,
  recipient: EmailRecipient,
  survey: boolean,
): Promise<RenderEmailResult> {
  const ws = action.workspaceId;
  const contactId = recipient.contact.id;
  return renderEmail(template, recipient, {
    locale: pickLocale(recipient.contact.locale, settings.defaultLocale),
    sender: { name: settings.senderName, address: settings.senderAddress },
    links: {
      unsubscribeUrl: unsubscribeUrl(runtime.publicUrl, settings, ws, contactId, purpose),
      ...(survey ? { surveyUrl: careLinkUrl(runtime.publicUrl, settings, { kind: 'survey', workspaceId: ws, actionId: action.id, contactId }) } : {}),
      // Opens and clicks are tracked only on mail that goes out: showing the outbox in the UI must not count as opening it.
      ...(runtime.mailer
        ? {
            openPixelUrl: careLinkUrl(runtime.publicUrl, settings, { kind: 'open', workspaceId: ws, actionId: action.id, contactId }),
            trackClick: (url: string) => careLinkUrl(runtime.publicUrl, settings, { kind: 'click', workspaceId: ws, actionId: action.id, contactId, url }),
          }
        : {}),
    },
  });
}

/**
 * Hands a stored message to SMTP with its stored Message-ID and the List-Unsubscribe / List-Unsubscribe-Post (RFC 8058) headers; throws nodemailer's error.
 * The MIME message is built in one pass (buildCareMime); what that does not cover is composed by nodemailer.
 */
export async function sendStoredMessage(runtime: CareRuntime & { mailer: NonNullable<CareRuntime['mailer']> }, settings: ChannelSettings, workspaceId: number, row: MessageRow, purpose: MessagePurpose): Promise<void> {
  const from = { name: settings.senderName, address: settings.senderAddress };
  const headers: [string, string][] = [
    ['List-Unsubscribe', `<${unsubscribeUrl(runtime.publicUrl, settings, workspaceId, row.contact_id, purpose)}>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['X-Kanta-Action', String(row.action_id)],
  ];
  const mime = buildCareMime({ from, to: row.to_address, replyTo: settings.replyTo, subject: row.subject, text: row.text_body, html: row.html_body, messageId: row.message_id, headers, date: new Date() });
  if (mime) {
    await runtime.mailer.sendMail({ raw: mime.raw, envelope: mime.envelope, messageId: row.message_id });
    return;
  }
  await runtime.mailer.sendMail({
    from,
    to: row.to_address,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    messageId: row.message_id,
    headers: Object.fromEntries(headers),
  });
}

/**
 * The outcome of an email step from its message rows and the recipients governance held back:
 * deferred (to the earliest moment) while anyone waits; done when at least one message is out;
 * else skipped with the reasons (hard bounces included).
 */
export function emailStepOutcome(rows: MessageRow[], skipped: { contact_id: number; reason: string }[], deferred: { contact_id: number; until: Date; reason: string }[]): StepOutcome {
  const out = rows.filter((r) => r.status === 'sent' || r.status === 'outboxed');
  const reasons = [...skipped];
  for (const r of rows) if (r.status === 'bounced') reasons.push({ contact_id: r.contact_id, reason: `hard_bounce: ${r.error ?? ''}`.trim() });
  const result = {
    messages: out.map((r) => ({ contact_id: r.contact_id, message_id: r.message_id, status: r.status })),
    ...(reasons.length > 0 ? { skipped: reasons } : {}),
  };
  if (deferred.length > 0) {
    const first = deferred.reduce((a, b) => (b.until < a.until ? b : a));
    return { kind: 'deferred', until: first.until, reason: first.reason };
  }
  if (out.length > 0) return { kind: 'done', result };
  return { kind: 'skipped', reason: [...new Set(reasons.map((s) => s.reason))].join('; ') || 'no_recipient', result };
}
