import type { Queryable } from '../../db/database.js';
import type { MessagePurpose } from '../model/care-element.js';
import type { ChannelSettings } from './load-channel-settings.js';
import { isKnownTimeZone, quietHoursEnd } from './quiet-hours-end.js';

const DAY = 86_400_000;

/**
 * How late a capped message may still go out: when a frequency cap frees a slot within this
 * time after the action fell due, the action is deferred to that moment; later than that the
 * message is no longer timely and is skipped ("never a megaphone": a capped message is dropped,
 * not queued up for a burst).
 */
export const MAX_CAP_DEFERRAL_MS = 3 * DAY;

export interface GovernedContact {
  id: number;
  email: string;
  timezone: string | null;
}

export type GovernanceVerdict = { kind: 'allowed' } | { kind: 'skipped'; reason: string } | { kind: 'deferred'; until: Date; reason: string };

export interface GovernanceInput {
  contact: GovernedContact;
  purpose: MessagePurpose;
  channel: 'email';
  settings: ChannelSettings;
  now: Date;
  /** When the action fell due (how long a frequency cap may defer it). */
  dueAt: Date;
}

/**
 * May this message go to this contact now? In order:
 * 1. consent for the purpose and channel: marketing needs 'granted'; service and survey go
 *    unless 'withdrawn' -> skipped;
 * 2. the address is suppressed (hard bounce, complaint, by hand) -> skipped;
 * 3. frequency caps of care_settings for the channel and purpose, counting the contact's
 *    care_messages in the window -> deferred to when a slot frees, or skipped when that is more
 *    than MAX_CAP_DEFERRAL_MS after the action fell due;
 * 4. quiet hours in the contact's time zone (else the workspace's) -> deferred to their end.
 * Callers that must not race another sender to the same contact hold lockContactForSending.
 */
export async function checkContactGovernance(db: Queryable, workspaceId: number, input: GovernanceInput): Promise<GovernanceVerdict> {
  const { contact, purpose, channel, settings, now } = input;
  const longestWindow = Math.max(0, ...capsOf(settings, channel, purpose).map((c) => c.per_days));
  const [row] = await db.query<{ consent: string | null; suppressed: string | null; recent: string[] | null }>(
    `SELECT (SELECT status FROM contact_consents WHERE workspace_id = $1 AND contact_id = $2 AND purpose = $3 AND channel = $4) AS consent,
            (SELECT reason FROM email_suppressions WHERE workspace_id = $1 AND address = lower($5)) AS suppressed,
            (SELECT array_agg(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') ORDER BY created_at)
               FROM care_messages
              WHERE workspace_id = $1 AND contact_id = $2 AND channel = $4 AND purpose = $3
                AND created_at > $6::timestamptz - make_interval(days => $7::integer)) AS recent`,
    [workspaceId, contact.id, purpose, channel, contact.email, now, longestWindow],
  );
  return judgeContactGovernance({ consent: row?.consent ?? null, suppressed: row?.suppressed ?? null, recent: (row?.recent ?? []).map((s) => Date.parse(s)) }, input);
}

/** What governance reads about a contact: its consent for the purpose, the suppression of its address, its recent messages (ms, oldest first). */
export interface GovernanceFacts {
  consent: string | null;
  suppressed: string | null;
  recent: number[];
}

/** The frequency caps that count messages of this channel and purpose. */
export function capsOf(settings: ChannelSettings, channel: 'email', purpose: MessagePurpose): ChannelSettings['frequencyCaps'] {
  return settings.frequencyCaps.filter((c) => c.channel === channel && c.purpose === purpose && c.max >= 0 && c.per_days > 0);
}

/** The verdict of checkContactGovernance from facts already read (the batched send reads them for many contacts at once). */
export function judgeContactGovernance(facts: GovernanceFacts, input: GovernanceInput): GovernanceVerdict {
  const { contact, purpose, channel, settings, now } = input;
  if (purpose === 'marketing' && facts.consent !== 'granted') {
    return { kind: 'skipped', reason: facts.consent === 'withdrawn' ? 'consent_withdrawn: marketing email' : 'no_consent: marketing email needs granted consent' };
  }
  if (facts.consent === 'withdrawn') return { kind: 'skipped', reason: `consent_withdrawn: ${purpose} email` };
  if (facts.suppressed) return { kind: 'skipped', reason: `suppressed: ${facts.suppressed}` };

  let freeAt = 0;
  let capHit: string | null = null;
  for (const cap of capsOf(settings, channel, purpose)) {
    const inWindow = facts.recent.filter((t) => t > now.getTime() - cap.per_days * DAY);
    if (inWindow.length < cap.max) continue;
    // The slot frees when the (count - max + 1)-th newest message in the window ages out.
    const frees = cap.max === 0 ? Infinity : inWindow[inWindow.length - cap.max]! + cap.per_days * DAY;
    if (frees > freeAt) {
      freeAt = frees;
      capHit = `frequency_cap: ${cap.max} ${purpose} email per ${cap.per_days} days`;
    }
  }
  if (capHit) {
    if (freeAt - input.dueAt.getTime() > MAX_CAP_DEFERRAL_MS) return { kind: 'skipped', reason: capHit };
    return { kind: 'deferred', until: new Date(freeAt + 1000), reason: capHit };
  }

  const zone = isKnownTimeZone(contact.timezone) ? contact.timezone : isKnownTimeZone(settings.defaultTimezone) ? settings.defaultTimezone : 'UTC';
  const quietUntil = quietHoursEnd(now, zone, settings.quietStart, settings.quietEnd);
  if (quietUntil) return { kind: 'deferred', until: quietUntil, reason: `quiet_hours: ${settings.quietStart}-${settings.quietEnd} ${zone}` };
  return { kind: 'allowed' };
}

/**
 * Consent and suppression facts of many (contact, purpose) pairs of one workspace in one query,
 * keyed `contactId:purpose`; for purposes no frequency cap counts (their recent messages are not read).
 */
export async function loadUncappedGovernanceFacts(
  db: Queryable,
  workspaceId: number,
  items: { contactId: number; purpose: MessagePurpose; email: string }[],
): Promise<Map<string, GovernanceFacts>> {
  const rows = await db.query<{ contact_id: number; purpose: string; consent: string | null; suppressed: string | null }>(
    `SELECT i.contact_id, i.purpose,
            (SELECT status FROM contact_consents cc WHERE cc.workspace_id = $1 AND cc.contact_id = i.contact_id AND cc.purpose = i.purpose AND cc.channel = 'email') AS consent,
            (SELECT reason FROM email_suppressions s WHERE s.workspace_id = $1 AND s.address = lower(i.email)) AS suppressed
       FROM unnest($2::bigint[], $3::text[], $4::text[]) AS i(contact_id, purpose, email)`,
    [workspaceId, items.map((i) => i.contactId), items.map((i) => i.purpose), items.map((i) => i.email)],
  );
  return new Map(rows.map((r) => [`${r.contact_id}:${r.purpose}`, { consent: r.consent, suppressed: r.suppressed, recent: [] }]));
}

/** Serialises senders to one contact until the transaction ends, so two workers cannot both pass a frequency cap. */
export async function lockContactForSending(tx: Queryable, workspaceId: number, contactId: number): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kanta.care.contact'), hashtext($1))`, [`${workspaceId}:${contactId}`]);
}
