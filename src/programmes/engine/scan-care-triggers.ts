import type { Database, Queryable } from '../../db/database.js';
import { EMAIL_BOUNCED_EVENT } from '../email/record-email-bounce.js';
import { EMAIL_SENT_EVENT } from '../email/record-email-sent-events.js';
import { EMAIL_CLICKED_EVENT, EMAIL_OPENED_EVENT } from '../email/record-email-engagement.js';
import type { CareElement, CareTrigger, PropertyFilter } from '../model/care-element.js';
import { enrolSubjects, type EnrolCandidate } from './enrol-subjects.js';
import { loadEnabledCareElements } from './load-care-elements.js';

export interface ScanCareTriggersOptions {
  now?: Date;
  /** Events read per call (one transaction). */
  limit?: number;
  /** How often the range scanned before is read again for events of transactions that committed late, in ms. */
  sweepIntervalMs?: number;
}

export interface ScanCareTriggersResult {
  /** false: another worker holds this workspace's cursor right now. */
  scanned: boolean;
  /** Events of trigger names read (sweep included). */
  events: number;
  enrolled: number;
  control: number;
  /** More events are waiting past this call's limit. */
  more: boolean;
}

const DEFAULT_MAX_AGE_DAYS = 3;
const DAY = 86_400_000;

interface EventRow extends Record<string, unknown> {
  id: number;
  name: string;
  account_id: number | null;
  contact_id: number | null;
  properties: Record<string, unknown>;
  occurred_at: Date;
  source: string;
}

/** The event name an element's trigger waits for, or null for date triggers. */
function triggerEventName(t: CareTrigger): string | null {
  switch (t.kind) {
    case 'stage_entered':
    case 'stage_exited':
      return 'Stage Changed';
    case 'segment_entered':
      return 'Segment Entered';
    case 'segment_exited':
      return 'Segment Exited';
    case 'event':
      return t.event;
    default:
      return null;
  }
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return a.trim() !== '' && Number(a) === b;
  return false;
}

function matchesFilter(properties: Record<string, unknown>, f: PropertyFilter): boolean {
  const actual = properties[f.property];
  if (f.op === 'in') return Array.isArray(f.value) && f.value.some((v) => sameScalar(actual, v));
  const eq = sameScalar(actual, f.value);
  return f.op === 'eq' ? eq : !eq;
}

/**
 * An 'Email Sent' event of the element's own message. An element may trigger on 'Email Sent'
 * (a follow-up of other elements' mail, configured deliberately; no default element does), but
 * never on its own mail: with a wait before its email and re-entry allowed, it would otherwise
 * enrol its recipients again after every message it sends. The same holds for the opens and
 * clicks of its own mail ('Email Opened', 'Email Link Clicked'): a follow-up of a click on
 * another element's mail works, a click on the follow-up's own mail does not enrol again. And for the
 * bounces of its own mail ('Email Bounced'): an element that reacts to bounces does not re-enrol on its own.
 */
const OWN_EMAIL_EVENTS: ReadonlySet<string> = new Set([EMAIL_SENT_EVENT, EMAIL_OPENED_EVENT, EMAIL_CLICKED_EVENT, EMAIL_BOUNCED_EVENT]);
function isOwnEmail(element: CareElement, e: EventRow): boolean {
  return OWN_EMAIL_EVENTS.has(e.name) && e.source === 'kanta' && e.properties.element_id === element.id;
}

/** The candidate an event makes for an element, or null when the event is not its trigger. */
export function candidateFor(element: CareElement, e: EventRow): EnrolCandidate | null {
  const t = element.definition.trigger;
  const base = { dedupeKey: `event:${e.id}`, at: e.occurred_at };
  const trigger = { kind: t.kind, event_id: e.id, event: e.name, occurred_at: e.occurred_at.toISOString() };
  switch (t.kind) {
    case 'stage_entered':
    case 'stage_exited': {
      if (e.properties.subject !== element.subjectType) return null;
      const stage = t.kind === 'stage_entered' ? e.properties.to : e.properties.from;
      if (stage !== t.stage) return null;
      const id = element.subjectType === 'account' ? e.account_id : e.contact_id;
      return id === null ? null : { ...base, subjectId: id, stage: t.stage, trigger: { ...trigger, stage: t.stage, from: e.properties.from ?? null, to: e.properties.to } };
    }
    case 'segment_entered':
    case 'segment_exited': {
      // A contact segment's events carry the contact (and its account); an account segment's only the account.
      const subjectType = e.contact_id !== null ? 'contact' : 'account';
      if (subjectType !== element.subjectType || e.properties.segment !== t.segment) return null;
      const id = subjectType === 'account' ? e.account_id : e.contact_id;
      return id === null ? null : { ...base, subjectId: id, segment: t.segment, trigger: { ...trigger, segment: t.segment } };
    }
    case 'event': {
      if (e.name !== t.event || !(t.where ?? []).every((f) => matchesFilter(e.properties, f))) return null;
      if (isOwnEmail(element, e)) return null;
      const id = element.subjectType === 'account' ? e.account_id : e.contact_id;
      return id === null ? null : { ...base, subjectId: id, trigger: { ...trigger, properties: e.properties } };
    }
    default:
      return null;
  }
}

/**
 * Creates a workspace's trigger cursor at the newest event when there is none: the engine
 * reacts to what happens after it first ran for the workspace, never to the history that was
 * there before (an import, the demo company's first placements).
 */
export async function ensureTriggerCursor(db: Queryable, workspaceId: number): Promise<void> {
  await db.execute(
    `INSERT INTO care_trigger_cursors (workspace_id, scanned_to, sweep_from, sweep_mark)
     SELECT $1, h.head, h.head, h.head FROM (SELECT coalesce(max(id), 0) AS head FROM events WHERE workspace_id = $1) h
     ON CONFLICT (workspace_id) DO NOTHING`,
    [workspaceId],
  );
}

/**
 * Reads a workspace's new timeline events past its cursor (care_trigger_cursors.scanned_to)
 * and enrols subjects into the enabled elements that trigger on them: 'Stage Changed'
 * (properties subject/from/to), 'Segment Entered'/'Segment Exited' (properties.segment) and
 * plain event triggers (only events of the names enabled elements wait for are read: Kanta's own
 * 'Email Sent' events trigger nothing unless an element asks for them, and never the element that
 * sent the mail). Events older than the trigger's max_age_days (default 3) when first
 * seen never trigger, so importing history sends nothing. Event ids come from a sequence and a
 * transaction can commit after a later id is visible: every sweepIntervalMs the range the
 * previous sweep left behind, (sweep_from, sweep_mark], is read again; enrolment is idempotent
 * by (element, subject, 'event:<id>'). One call is one transaction holding the cursor row
 * (FOR UPDATE SKIP LOCKED: concurrent workers skip a workspace being scanned).
 */
export async function scanCareTriggers(db: Database, workspaceId: number, options: ScanCareTriggersOptions = {}): Promise<ScanCareTriggersResult> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 2_000;
  const sweepIntervalMs = options.sweepIntervalMs ?? 5 * 60_000;
  await ensureTriggerCursor(db, workspaceId);
  return db.transaction(async (tx) => {
    const [cursor] = await tx.query<{ scanned_to: number; sweep_from: number; sweep_mark: number; swept_at: Date | null }>(
      'SELECT scanned_to, sweep_from, sweep_mark, swept_at FROM care_trigger_cursors WHERE workspace_id = $1 FOR UPDATE SKIP LOCKED',
      [workspaceId],
    );
    if (!cursor) return { scanned: false, events: 0, enrolled: 0, control: 0, more: false };
    const [{ head }] = (await tx.query<{ head: number }>('SELECT coalesce(max(id), 0) AS head FROM events WHERE workspace_id = $1', [workspaceId])) as [{ head: number }];
    const elements = (await loadEnabledCareElements(tx, workspaceId)).filter((e) => triggerEventName(e.definition.trigger) !== null);
    const result: ScanCareTriggersResult = { scanned: true, events: 0, enrolled: 0, control: 0, more: false };
    if (elements.length === 0) {
      // Nothing listens: later elements react to what happens after they are switched on.
      await tx.execute(
        'UPDATE care_trigger_cursors SET scanned_to = $2, sweep_from = $2, sweep_mark = $2 WHERE workspace_id = $1 AND (scanned_to < $2 OR sweep_mark < $2)',
        [workspaceId, head],
      );
      return result;
    }
    const names = [...new Set(elements.map((e) => triggerEventName(e.definition.trigger)!))];
    const maxAge = Math.max(...elements.map((e) => (e.definition.trigger.kind === 'event' ? (e.definition.trigger.max_age_days ?? DEFAULT_MAX_AGE_DAYS) : DEFAULT_MAX_AGE_DAYS)));
    const read = (from: number, to: number, max: number | null) =>
      tx.query<EventRow>(
        `SELECT id, name, account_id, contact_id, properties, occurred_at, source FROM events
          WHERE workspace_id = $1 AND id > $2 AND id <= $3 AND name = ANY($4::text[]) AND occurred_at >= $5
          ORDER BY id ${max !== null ? `LIMIT ${max}` : ''}`,
        [workspaceId, from, to, names, new Date(now.getTime() - maxAge * DAY).toISOString()],
      );
    const enrolFrom = async (events: EventRow[]) => {
      result.events += events.length;
      for (const element of elements) {
        const t = element.definition.trigger;
        const maxAgeMs = (t.kind === 'event' ? (t.max_age_days ?? DEFAULT_MAX_AGE_DAYS) : DEFAULT_MAX_AGE_DAYS) * DAY;
        const candidates = events.filter((e) => now.getTime() - e.occurred_at.getTime() <= maxAgeMs).flatMap((e) => candidateFor(element, e) ?? []);
        const r = await enrolSubjects(tx, workspaceId, element, candidates, now);
        result.enrolled += r.enrolled;
        result.control += r.control;
      }
    };

    let { sweep_from: sweepFrom, sweep_mark: sweepMark, swept_at: sweptAt } = cursor;
    if (sweptAt === null || now.getTime() - sweptAt.getTime() >= sweepIntervalMs) {
      if (sweepMark > sweepFrom) await enrolFrom(await read(sweepFrom, sweepMark, null));
      sweepFrom = sweepMark;
      sweepMark = cursor.scanned_to;
      sweptAt = now;
    }
    const events = await read(cursor.scanned_to, head, limit);
    await enrolFrom(events);
    result.more = events.length === limit;
    const scannedTo = result.more ? events[events.length - 1]!.id : Math.max(head, cursor.scanned_to);
    await tx.execute('UPDATE care_trigger_cursors SET scanned_to = $2, sweep_from = $3, sweep_mark = $4, swept_at = $5 WHERE workspace_id = $1', [
      workspaceId,
      scannedTo,
      sweepFrom,
      sweepMark,
      sweptAt,
    ]);
    return result;
  });
}
