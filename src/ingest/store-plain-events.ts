import type { Queryable } from '../db/database.js';
import type { IngestMessage } from './validate-message.js';

/**
 * A plain message only appends an event for one identity: a track (not e-commerce), page or
 * screen call with a userId or an anonymousId, not both (both link identities). Most traffic
 * is plain.
 */
export function isPlain(m: IngestMessage): boolean {
  return (m.type === 'track' || m.type === 'page' || m.type === 'screen') && (m.userId === null) !== (m.anonymousId === null) && !m.order && !m.refund;
}

/** The plain messages of one tracking request and when it arrived. */
export interface PlainRequest {
  messages: IngestMessage[];
  receivedAt: Date;
}

/**
 * Stores the plain messages of one or more requests of a workspace in ONE call (atomic on its
 * own, so no transaction round trips) of the function kanta_store_plain_events (in
 * migrations/0019_ingest_without_precheck.sql): it skips message ids already stored, finds
 * each user's contact (or the contact an earlier alias tied the id to) and creates the missing
 * ones, gives a new anonymous id an anonymous contact with its identity, appends the events with the
 * contact's account (or the context.groupId account) and queues their subjects for recompute.
 * This is the hot path of the tracking API. Message ids must be distinct across the requests
 * (queue-plain-events.ts sees to it). Returns the number of events stored for each request.
 */
export async function storePlainEvents(db: Queryable, workspaceId: number, requests: readonly PlainRequest[], source: string): Promise<number[]> {
  const n = requests.reduce((sum, r) => sum + r.messages.length, 0);
  if (n === 0) return requests.map(() => 0);
  // One pass builds every column; the columns travel as arrays, which decode faster than one
  // JSON document (measured on PGlite), and the call's plan is prepared once per connection.
  const messageIds = new Array<string>(n);
  const types = new Array<string>(n);
  const names = new Array<string>(n);
  const userIds = new Array<string | null>(n);
  const anonymousIds = new Array<string | null>(n);
  const properties = new Array<string>(n);
  const contexts = new Array<string | null>(n);
  const occurredAt = new Array<string>(n);
  const contextGroupIds = new Array<string | null>(n);
  const requestNumbers = new Array<number>(n);
  const users = new Set<string>();
  const anonymous = new Set<string>();
  const groups = new Set<string>();
  let i = 0;
  requests.forEach((request, r) => {
    for (const m of request.messages) {
      messageIds[i] = m.messageId;
      types[i] = m.type;
      names[i] = m.name;
      userIds[i] = m.userId;
      anonymousIds[i] = m.anonymousId;
      properties[i] = JSON.stringify(m.properties);
      contexts[i] = m.context ? JSON.stringify(m.context) : null;
      occurredAt[i] = m.occurredAt.toISOString();
      contextGroupIds[i] = m.contextGroupId;
      requestNumbers[i] = r + 1;
      if (m.userId !== null) users.add(m.userId);
      else if (m.anonymousId !== null) anonymous.add(m.anonymousId);
      if (m.contextGroupId !== null) groups.add(m.contextGroupId);
      i++;
    }
  });
  const [result] = await db.query<{ stored: Array<number | string> }>(
    'SELECT kanta_store_plain_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) AS stored',
    [
      workspaceId,
      messageIds,
      types,
      names,
      userIds,
      anonymousIds,
      properties,
      contexts,
      occurredAt,
      contextGroupIds,
      requestNumbers,
      requests.map((r) => r.receivedAt.toISOString()),
      source,
      [...users],
      [...anonymous],
      [...groups],
    ],
  );
  // bigint[] comes back as text elements from pg: normalise.
  return result!.stored.map(Number);
}
