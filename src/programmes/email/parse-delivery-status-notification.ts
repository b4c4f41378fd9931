import { simpleParser, type Attachment } from 'mailparser';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import type { DeliveryReport } from './record-delivery-reports.js';

export interface DeliveryStatusNotification {
  /** Reporting-MTA of the per-message fields, without its type ("dns; "). */
  reportingMta: string | null;
  /** The Message-ID of the message the notification is about (from the returned headers or message). */
  originalMessageId: string;
  /** One report per per-recipient fields block, in their order. */
  reports: DeliveryReport[];
}

const STATUS_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_PARTS = new Set(['text/rfc822-headers', 'message/rfc822', 'message/global', 'message/global-headers']);
const ACTIONS = new Set(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/**
 * Reads a bounce email, a delivery status notification (RFC 3464: multipart/report;
 * report-type=delivery-status, or RFC 6533's global variant), with mailparser: the
 * message/delivery-status part's per-recipient fields blocks give the recipient
 * (Original-Recipient, else Final-Recipient, without the "rfc822;" type), Action, Status and
 * Diagnostic-Code (without its "smtp;" type); the returned headers (text/rfc822-headers) or
 * message (message/rfc822) give the original Message-ID, else the notification's own
 * In-Reply-To or References (Exchange sets them). Throws AppError('unprocessable') naming the
 * part and field when the email is not a DSN or a field is missing or malformed.
 */
export async function parseDeliveryStatusNotification(raw: Buffer | string): Promise<DeliveryStatusNotification> {
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | string | undefined;
  const type = typeof contentType === 'string' ? contentType : (contentType?.value ?? 'text/plain');
  const reportType = typeof contentType === 'object' ? contentType?.params?.['report-type'] : undefined;
  const statusPart = mail.attachments.find((a) => STATUS_PARTS.has(a.contentType.toLowerCase()));
  if (!statusPart) {
    const what = type === 'multipart/report' ? `multipart/report; report-type=${reportType ?? '(none)'}` : type;
    throw dsnError(`The email is not a delivery status notification (RFC 3464): it has no message/delivery-status part (Content-Type ${what})`, [
      { path: 'Content-Type', message: `expected multipart/report; report-type=delivery-status, got ${what}` },
    ]);
  }
  const blocks = parseFieldBlocks(partText(statusPart));
  const perMessage = blocks[0] ?? new Map<string, string>();
  const perRecipient = blocks.slice(1);
  if (perRecipient.length === 0) {
    throw dsnError('The delivery status notification has no per-recipient fields (a block with Final-Recipient, Action and Status after the per-message fields)', [
      { path: 'message/delivery-status', message: 'no per-recipient fields block' },
    ]);
  }
  const originalMessageId = findOriginalMessageId(mail.attachments, mail.inReplyTo, mail.references);
  if (!originalMessageId) {
    throw dsnError('The delivery status notification does not say which message it is about: no Message-ID in its text/rfc822-headers or message/rfc822 part, nor In-Reply-To', [
      { path: 'text/rfc822-headers/Message-ID', message: 'missing' },
    ]);
  }
  const issues: FieldIssue[] = [];
  const reports: DeliveryReport[] = [];
  perRecipient.forEach((fields, i) => {
    const at = (field: string) => `message/delivery-status/recipient[${i + 1}]/${field}`;
    const recipient = addressOf(fields.get('original-recipient')) ?? addressOf(fields.get('final-recipient'));
    const action = fields.get('action')?.toLowerCase().split(/[\s(]/)[0];
    const status = /^\s*([245]\.\d{1,3}\.\d{1,3})(?:\s|\(|$)/.exec(fields.get('status') ?? '')?.[1];
    if (!recipient) issues.push({ path: at('Final-Recipient'), message: fields.has('final-recipient') ? `not an email address: "${fields.get('final-recipient')}"` : 'missing' });
    if (!action || !ACTIONS.has(action)) issues.push({ path: at('Action'), message: fields.has('action') ? `must be failed, delayed, delivered, relayed or expanded, got "${fields.get('action')}"` : 'missing' });
    if (!status) issues.push({ path: at('Status'), message: fields.has('status') ? `must be a status code like 5.1.1, got "${fields.get('status')}"` : 'missing' });
    const diagnostic = typeOff(fields.get('diagnostic-code'));
    if (recipient && action && status) reports.push({ message_id: originalMessageId, recipient, action, status, ...(diagnostic ? { diagnostic } : {}) });
  });
  if (issues.length > 0) throw dsnError(`The delivery status notification is malformed: ${issues.map((x) => `${x.path} ${x.message}`).join('; ')}`, issues);
  return { reportingMta: typeOff(perMessage.get('reporting-mta')), originalMessageId, reports };
}

function dsnError(message: string, issues: FieldIssue[]): AppError {
  return new AppError('unprocessable', message, issues);
}

/** A part's text, with what the database cannot store (NUL) replaced. */
function partText(part: Attachment): string {
  return part.content.toString('utf8').replace(/\0/g, '\uFFFD');
}

/**
 * RFC 822-style field blocks separated by blank lines (RFC 3464 section 2.1): continuation lines
 * unfolded, field names lower-cased, the first of a repeated field kept.
 */
export function parseFieldBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      current = null;
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && current && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (!current) blocks.push((current = new Map()));
    const name = line.slice(0, colon).trim().toLowerCase();
    if (current.has(name)) {
      last = null;
      continue;
    }
    current.set(name, line.slice(colon + 1).trim());
    last = name;
  }
  return blocks;
}

/** "rfc822; <anna@example.com>" → "anna@example.com"; null when it is no address. */
function addressOf(value: string | undefined): string | null {
  const address = typeOff(value)?.replace(/^<|>$/g, '').trim();
  return address && /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : null;
}

/** A typed field's value without its type: "smtp; 550 5.1.1 …" → "550 5.1.1 …". */
function typeOff(value: string | undefined): string | null {
  if (value === undefined) return null;
  const v = /^[A-Za-z0-9-]+\s*;/.test(value) ? value.slice(value.indexOf(';') + 1) : value;
  return v.trim() || null;
}

function findOriginalMessageId(attachments: Attachment[], inReplyTo: string | undefined, references: string | string[] | undefined): string | null {
  for (const part of attachments) {
    if (!RETURNED_PARTS.has(part.contentType.toLowerCase())) continue;
    const text = partText(part);
    const headerEnd = text.search(/\r?\n\r?\n/);
    const [headers] = parseFieldBlocks(headerEnd >= 0 ? text.slice(0, headerEnd) : text);
    const id = /<[^<>\s]+>/.exec(headers?.get('message-id') ?? '')?.[0];
    if (id) return id;
  }
  const fallback = inReplyTo ?? (Array.isArray(references) ? references[0] : references);
  return /<[^<>\s]+>/.exec(fallback ?? '')?.[0] ?? null;
}
