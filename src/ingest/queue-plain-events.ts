import type { Database } from '../db/database.js';
import { MAX_BATCH_MESSAGES } from './ingest-limits.js';
import { storePlainEvents, type PlainRequest } from './store-plain-events.js';
import type { IngestMessage } from './validate-message.js';

interface Waiting extends PlainRequest {
  resolve: (stored: number) => void;
  reject: (error: unknown) => void;
}

/**
 * The requests of one workspace waiting for a call, and how many of its calls are running.
 * Calls grow with the load, and their per-call work is shared: a call per request took 7 ms of
 * database CPU per 100 events against 4.8 for shared calls (ingest benchmark, 8 requests in
 * flight). An earlier run found two calls in flight cost more database CPU per event than one
 * at the same throughput (5.7-6.9 against 4.8 ms); measured again on 2026-12-02 (below), two
 * calls gave more throughput on PostgreSQL.
 */
interface Lane {
  waiting: Waiting[];
  running: number;
}
/**
 * Calls of one workspace in flight at once: one on PGlite (one connection); two on PostgreSQL,
 * where a second call keeps the database busy while the first commits and the server prepares
 * the next (ingest benchmark, same machine and hour, 50k / 200k / 1M events: 11.6k / 17.2k /
 * 18.9k events/s with one call, 15.8k / 24.0k / 22.6k with two; machine CPU 70-84 % against
 * 86-93 % busy).
 */
const callsInFlight = (db: Database): number => (db.kind === 'postgres' ? 2 : 1);
/** At most this many messages in one call (a single larger request still goes alone). */
const MAX_CALL_MESSAGES = MAX_BATCH_MESSAGES;

const lanes = new WeakMap<Database, Map<number, Lane>>();

/**
 * Stores the plain messages of one tracking request (see storePlainEvents) and resolves with the
 * number stored. Requests of a workspace that arrive while its calls are running (one on
 * PGlite, two on PostgreSQL) wait and then share ONE call: under load the per-call work
 * (statement, plan, commit and its WAL flush, a round trip) is paid once for many requests; a
 * lone request is stored in the same turn of the event loop. Each request stays all or nothing (one call is one statement), and requests that
 * share a message id never share a call, so a resent message is still stored once and counted
 * for one request. When a shared call fails, nothing of it was written, and each of its requests
 * is stored alone, so a request fails only for its own sake (a lone request that lost a deadlock
 * to a concurrent call is stored once more).
 */
export function queuePlainEvents(db: Database, workspaceId: number, messages: IngestMessage[], receivedAt: Date, source: string): Promise<number> {
  const byWorkspace = lanes.get(db) ?? new Map<number, Lane>();
  lanes.set(db, byWorkspace);
  const lane = byWorkspace.get(workspaceId) ?? { waiting: [], running: 0 };
  byWorkspace.set(workspaceId, lane);
  const done = new Promise<number>((resolve, reject) => lane.waiting.push({ messages, receivedAt, resolve, reject }));
  // Start after the requests already received in this turn of the event loop have queued too.
  if (lane.waiting.length === 1) setImmediate(() => pump(db, workspaceId, lane, byWorkspace, source));
  return done;
}

function pump(db: Database, workspaceId: number, lane: Lane, byWorkspace: Map<number, Lane>, source: string): void {
  if (lane.running >= callsInFlight(db) || lane.waiting.length === 0) return;
  lane.running += 1;
  void store(db, workspaceId, takeCall(lane), source).finally(() => {
    lane.running -= 1;
    if (lane.waiting.length > 0) pump(db, workspaceId, lane, byWorkspace, source);
    else if (lane.running === 0 && byWorkspace.get(workspaceId) === lane) byWorkspace.delete(workspaceId);
  });
  // Requests left out of that call (too many messages, or a message id it holds) take the next free one.
  pump(db, workspaceId, lane, byWorkspace, source);
}

/** The oldest waiting requests that fit one call and share no message id (the others wait for the next). */
function takeCall(lane: Lane): Waiting[] {
  const first = lane.waiting.shift()!;
  if (lane.waiting.length === 0) return [first];
  const call = [first];
  const ids = new Set(first.messages.map((m) => m.messageId));
  let size = first.messages.length;
  const rest: Waiting[] = [];
  for (const w of lane.waiting) {
    if (size + w.messages.length > MAX_CALL_MESSAGES || w.messages.some((m) => ids.has(m.messageId))) {
      rest.push(w);
      continue;
    }
    for (const m of w.messages) ids.add(m.messageId);
    size += w.messages.length;
    call.push(w);
  }
  lane.waiting = rest;
  return call;
}

/** A deadlock between concurrent calls (two creating the same new contacts in other orders): PostgreSQL rolled one back whole, so it can run again. */
const isDeadlock = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '40P01';

async function store(db: Database, workspaceId: number, call: Waiting[], source: string): Promise<void> {
  try {
    const stored = await storePlainEvents(db, workspaceId, call, source);
    call.forEach((w, i) => w.resolve(stored[i]!));
  } catch (e) {
    if (call.length === 1 && !isDeadlock(e)) return call[0]!.reject(e);
    for (const w of call) {
      try {
        w.resolve((await storePlainEvents(db, workspaceId, [w], source))[0]!);
      } catch (alone) {
        w.reject(alone);
      }
    }
  }
}
