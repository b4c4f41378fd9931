import type { Database } from '../../db/database.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { recordEmailBounce, type BounceKind } from './record-email-bounce.js';

/** One recipient's line of a delivery status notification (RFC 3464), as a relay's webhook posts it or the DSN parser reads it. */
export interface DeliveryReport {
  /** The Message-ID of the message the report is about, `<kanta-a<action>-c<contact>@host>` for Kanta's (angle brackets optional). */
  message_id: string;
  recipient: string;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action: string;
  /** RFC 3463 status code, e.g. 5.1.1. */
  status: string;
  diagnostic?: string | null;
}

export interface RecordedReport {
  index: number;
  message_id: string;
  recipient: string;
  kind: BounceKind;
  care_message_id: number;
  contact_id: number;
  /** The address was suppressed by this report (false: it was already, or the bounce is soft). */
  suppressed: boolean;
  /** false: this report was recorded before (or the message had already bounced); nothing changed. */
  changed: boolean;
}

export interface UnmatchedReport {
  index: number;
  message_id: string;
  recipient: string;
  /** unknown_message: no care message of the workspace has this Message-ID; recipient_mismatch: it has, but was sent to another address. */
  reason: 'unknown_message' | 'recipient_mismatch';
}

/** A report that is no bounce (delivered, relayed, expanded): nothing to record. */
export interface IgnoredReport {
  index: number;
  message_id: string;
  recipient: string;
  action: string;
}

export interface RecordDeliveryReportsResult {
  recorded: RecordedReport[];
  unmatched: UnmatchedReport[];
  ignored: IgnoredReport[];
  counts: { recorded: number; hard: number; soft: number; suppressed: number; unmatched: number; ignored: number };
}

interface CheckedReport {
  index: number;
  messageId: string;
  recipient: string;
  action: string;
  status: string;
  diagnostic: string | null;
  kind: BounceKind | null;
}

const ACTIONS = new Set(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);
const KANTA_MESSAGE_ID = /^<kanta-a(\d{1,18})-c(\d{1,18})@[^<>\s]+>$/i;
const MAX_REPORTS = 1000;

/**
 * Validates reports before anything is written: every problem named by its JSON pointer
 * (`/reports/3/status`). Hard: Action failed with a 5.x.x status; soft: delayed, or a 4.x.x
 * status; delivered, relayed and expanded are no bounce.
 */
function checkReports(reports: readonly DeliveryReport[]): CheckedReport[] {
  const issues: FieldIssue[] = [];
  if (reports.length > MAX_REPORTS) throw new AppError('validation_failed', `At most ${MAX_REPORTS} reports per call, got ${reports.length}`, [{ path: '/reports', message: `at most ${MAX_REPORTS} items` }]);
  const checked = reports.map((r, index): CheckedReport | null => {
    const at = (field: string) => `/reports/${index}/${field}`;
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const rawId = text(r.message_id);
    const messageId = rawId === '' ? '' : rawId.startsWith('<') ? rawId : `<${rawId}>`;
    const recipient = text(r.recipient).replace(/^rfc822\s*;\s*/i, '').replace(/^<|>$/g, '');
    const action = text(r.action).toLowerCase();
    const status = text(r.status);
    const before = issues.length;
    if (!/^<[^<>\s]+>$/.test(messageId)) issues.push({ path: at('message_id'), message: rawId === '' ? 'is required' : `is not a Message-ID: "${rawId}"` });
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(recipient)) issues.push({ path: at('recipient'), message: recipient === '' ? 'is required' : `is not an email address: "${recipient}"` });
    if (!ACTIONS.has(action)) issues.push({ path: at('action'), message: `must be failed, delayed, delivered, relayed or expanded, got "${text(r.action)}"` });
    const statusClass = /^([245])\.\d{1,3}\.\d{1,3}$/.exec(status)?.[1];
    if (!statusClass) issues.push({ path: at('status'), message: `must be an RFC 3463 status code like 5.1.1, got "${status}"` });
    else if ((action === 'failed' || action === 'delayed') && statusClass === '2') issues.push({ path: at('status'), message: `a ${action} report needs a 4.x.x or 5.x.x status, got ${status}` });
    if (r.diagnostic != null && typeof r.diagnostic !== 'string') issues.push({ path: at('diagnostic'), message: 'must be a string' });
    if (issues.length > before) return null;
    const kind: BounceKind | null = action === 'failed' && statusClass === '5' ? 'hard' : action === 'failed' || action === 'delayed' ? 'soft' : null;
    return { index, messageId, recipient, action, status, diagnostic: text(r.diagnostic) || null, kind };
  });
  if (issues.length > 0) {
    throw new AppError('validation_failed', `The delivery reports are not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  return checked as CheckedReport[];
}

/**
 * Records delivery status reports of care messages (bounces that arrive after SMTP accepted the
 * message: the relay's DSN, or an ESP's webhook). Each report is matched to the care message of
 * the workspace by its Message-ID (Kanta's are `<kanta-a<action>-c<contact>@host>`: looked up by
 * the (action, contact) key, then compared whole) and its recipient (the message's address); a
 * hard bounce suppresses the address for the workspace and marks the message 'bounced' with an
 * 'Email Bounced' timeline event, a soft one is noted on the message (recordEmailBounce). All
 * reports are validated first (a malformed one fails the call, naming it and the field); one
 * that matches nothing is returned as unmatched. Idempotent: the same reports again change
 * nothing (`changed: false`). One transaction.
 */
export async function recordDeliveryReports(db: Database, workspaceId: number, reports: readonly DeliveryReport[]): Promise<RecordDeliveryReportsResult> {
  const checked = checkReports(reports);
  const result: RecordDeliveryReportsResult = { recorded: [], unmatched: [], ignored: [], counts: { recorded: 0, hard: 0, soft: 0, suppressed: 0, unmatched: 0, ignored: 0 } };
  const keys = new Map<CheckedReport, { actionId: string; contactId: string }>();
  for (const r of checked) {
    const m = KANTA_MESSAGE_ID.exec(r.messageId);
    if (r.kind !== null && m) keys.set(r, { actionId: m[1]!, contactId: m[2]! });
  }
  await db.transaction(async (tx) => {
    const rows = keys.size === 0 ? [] : await tx.query<{ id: number; action_id: number; contact_id: number; to_address: string; message_id: string }>(
      `SELECT m.id, m.action_id, m.contact_id, m.to_address, m.message_id
         FROM care_messages m
         JOIN (SELECT DISTINCT * FROM unnest($2::bigint[], $3::bigint[])) AS k(action_id, contact_id) ON m.action_id = k.action_id AND m.contact_id = k.contact_id
        WHERE m.workspace_id = $1`,
      [workspaceId, [...keys.values()].map((k) => k.actionId), [...keys.values()].map((k) => k.contactId)],
    );
    const byId = new Map(rows.map((row) => [row.message_id.toLowerCase(), row]));
    for (const r of checked) {
      const base = { index: r.index, message_id: r.messageId, recipient: r.recipient };
      if (r.kind === null) {
        result.ignored.push({ ...base, action: r.action });
        continue;
      }
      const row = keys.has(r) ? byId.get(r.messageId.toLowerCase()) : undefined;
      if (!row) {
        result.unmatched.push({ ...base, reason: 'unknown_message' });
        continue;
      }
      if (row.to_address.toLowerCase() !== r.recipient.toLowerCase()) {
        result.unmatched.push({ ...base, reason: 'recipient_mismatch' });
        continue;
      }
      const detail = [r.status, r.diagnostic].filter(Boolean).join(' ');
      const done = await recordEmailBounce(tx, workspaceId, { address: row.to_address, kind: r.kind, detail, messageRowId: row.id, via: 'report' });
      result.recorded.push({ ...base, kind: r.kind, care_message_id: row.id, contact_id: row.contact_id, suppressed: done.suppressed, changed: done.suppressed || done.messageChanged });
    }
  });
  const c = result.counts;
  c.recorded = result.recorded.length;
  c.hard = result.recorded.filter((r) => r.kind === 'hard').length;
  c.soft = c.recorded - c.hard;
  c.suppressed = result.recorded.filter((r) => r.suppressed).length;
  c.unmatched = result.unmatched.length;
  c.ignored = result.ignored.length;
  return result;
}
