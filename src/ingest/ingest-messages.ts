import type { Database, Queryable } from '../db/database.js';
import { markSubjectsDirty } from '../recompute/mark-subjects-dirty.js';
import { applyCommerce, type CommerceCall } from './apply-commerce.js';
import { applyGroups, type GroupCall } from './apply-group.js';
import { applyIdentify } from './apply-identify.js';
import { insertEvents, type NewEvent } from './insert-events.js';
import type { ContactPatch } from './read-contact-traits.js';
import { readIngestBody, type IngestEndpoint } from './read-ingest-body.js';
import { refreshStatistics } from './refresh-statistics.js';
import { resolveIdentities } from './resolve-identities.js';
import { queuePlainEvents } from './queue-plain-events.js';
import { isPlain } from './store-plain-events.js';
import type { IngestMessage } from './validate-message.js';

export interface IngestResult {
  /** Messages in the request (a message id repeated inside it counts once). */
  received: number;
  /** Messages stored now; the rest were stored before (resent) and changed nothing. */
  stored: number;
}

/** Events from the tracking API carry this source. */
export const SEGMENT_SOURCE = 'segment';

async function unseen(tx: Queryable, workspaceId: number, messages: IngestMessage[]): Promise<IngestMessage[]> {
  const rows = await tx.query<{ message_id: string }>(
    'SELECT message_id FROM events WHERE workspace_id = $1 AND message_id = ANY($2::text[])',
    [workspaceId, messages.map((m) => m.messageId)],
  );
  if (rows.length === 0) return messages;
  const known = new Set(rows.map((r) => r.message_id));
  return messages.filter((m) => !known.has(m.messageId));
}

async function accountsByExternalId(tx: Queryable, workspaceId: number, externalIds: string[]): Promise<Map<string, number>> {
  if (externalIds.length === 0) return new Map();
  const rows = await tx.query<{ id: number; external_id: string }>(
    'SELECT id, external_id FROM accounts WHERE workspace_id = $1 AND external_id = ANY($2::text[])',
    [workspaceId, externalIds],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

/**
 * The Segment-compatible tracking API: validates every message of the request, then in ONE
 * transaction (all or nothing) skips messages already stored (messageId is idempotent),
 * resolves identities (contacts, anonymous ids, alias and merges), applies group and
 * identify traits, appends the events and turns e-commerce events into orders and refunds.
 * Every step is a constant number of set-based statements per request, not per message;
 * a request of plain events (see isPlain) is one statement, shared with concurrent requests.
 */
export async function ingestMessages(db: Database, workspaceId: number, endpoint: IngestEndpoint, body: unknown, receivedAt = new Date()): Promise<IngestResult> {
  const messages = readIngestBody(endpoint, body, receivedAt);
  if (messages.length === 0) return { received: 0, stored: 0 };
  // The hot path: events of one identity each (no links, traits or orders), in one statement
  // shared with the other requests of the workspace waiting at the same time.
  const result = messages.every(isPlain)
    ? { received: messages.length, stored: await queuePlainEvents(db, workspaceId, messages, receivedAt, SEGMENT_SOURCE) }
    : await retryOnDeadlock(() => storeMessages(db, workspaceId, messages, receivedAt));
  await refreshStatistics(db, result.stored);
  return result;
}

/**
 * Two concurrent batches that touch the same contacts in a different order can deadlock on
 * PostgreSQL; the server aborts one transaction (40P01). Nothing of it was written, so it is
 * safe to run it again.
 */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw e;
    }
  }
}

/** The general path: every kind of call, in one transaction. */
async function storeMessages(db: Database, workspaceId: number, messages: IngestMessage[], receivedAt: Date): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    const fresh = await unseen(tx, workspaceId, messages);
    if (fresh.length === 0) return { received: messages.length, stored: 0 };

    const { contactIds, accountOf } = await resolveIdentities(tx, workspaceId, fresh);
    const contactOf = (i: number) => contactIds[i]!;

    const groupCalls: GroupCall[] = [];
    const identifyCalls: Array<[number, ContactPatch]> = [];
    fresh.forEach((m, i) => {
      if (m.type === 'group') groupCalls.push({ groupId: m.groupId!, patch: m.account!, contactId: contactOf(i) });
      if (m.type === 'identify') identifyCalls.push([contactOf(i), m.contact!]);
    });
    const groupAccounts = await applyGroups(tx, workspaceId, groupCalls);
    for (const g of groupCalls) accountOf.set(g.contactId, groupAccounts.get(g.groupId)!);
    await applyIdentify(tx, workspaceId, identifyCalls);

    const contextGroups = [...new Set(fresh.map((m) => m.contextGroupId).filter((g): g is string => g !== null && !groupAccounts.has(g)))];
    const contextAccounts = await accountsByExternalId(tx, workspaceId, contextGroups);
    const accountFor = (m: IngestMessage, i: number): number | null =>
      (m.groupId !== null ? groupAccounts.get(m.groupId) : undefined) ??
      (m.contextGroupId !== null ? (groupAccounts.get(m.contextGroupId) ?? contextAccounts.get(m.contextGroupId)) : undefined) ??
      accountOf.get(contactOf(i)) ??
      null;

    const events: NewEvent[] = fresh.map((m, i) => ({
      message_id: m.messageId,
      type: m.type,
      name: m.name,
      contact_id: contactOf(i),
      account_id: accountFor(m, i),
      user_id: m.userId,
      anonymous_id: m.anonymousId,
      properties: m.properties,
      context: m.context,
      occurred_at: m.occurredAt.toISOString(),
    }));
    const stored = await insertEvents(tx, workspaceId, events, receivedAt, SEGMENT_SOURCE);

    const commerce: CommerceCall[] = [];
    fresh.forEach((m, i) => {
      if (m.order || m.refund) commerce.push({ message: m, contactId: contactOf(i), accountId: accountFor(m, i) });
    });
    if (commerce.length > 0) await applyCommerce(tx, workspaceId, commerce);
    // Last, accounts before contacts (the queue's lock order): their segments and stages follow.
    await markSubjectsDirty(tx, workspaceId, 'account', [...fresh.map(accountFor), ...groupAccounts.values()]);
    await markSubjectsDirty(tx, workspaceId, 'contact', fresh.map((_, i) => contactOf(i)));
    return { received: messages.length, stored };
  });
}
