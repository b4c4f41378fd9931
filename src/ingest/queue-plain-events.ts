import type { Database } from '../db/database.js';
import { MAX_BATCH_MESSAGES } from './ingest-limits.js';
import { storePlainEvents, type PlainRequest } from './store-plain-events.js';
import type { IngestMessage } from './validate-message.js';

interface Waiting extends PlainRequest {
  resolve: (stored: number) => void;
  reject: (error: unknown) => void;
}

/**
 * The requests of one workspace waiting for a call, and whether its call is running. One call
 * at a time: PGlite runs one statement at a time anyway; on PostgreSQL one call at a time, with
 * the server preparing the next requests meanwhile, took less database CPU per event than two
 * (ingest benchmark, 8 requests in flight: 4.8 against 5.7-6.9 ms per 100 events, at the same
 * throughput) and far less than a call per request (7 ms): calls grow with the load, and their
 * per-call work is shared.
 */
interface Lane {
  waiting: Waiting[];
  running: boolean;
}
/** At most this many messages in one call (a single larger request still goes alone). */
const MAX_CALL_MESSAGES = MAX_BATCH_MESSAGES;

const lanes = new WeakMap<Database, Map<number, Lane>>();

/**
 * Stores the plain messages of one tracking request (see storePlainEvents) and resolves with the
 * number stored. Requests of a workspace that arrive while its call is running wait and then
 * share ONE call: under load the per-call work (statement, plan, commit and its WAL flush, a
 * round trip) is paid once for many requests; a lone request is stored in the same turn of the
 * event loop. Each request stays all or nothing (one call is one statement), and requests that
 * share a message id never share a call, so a resent message is still stored once and counted
 * for one request. When a shared call fails, nothing of it was written, and each of its requests
 * is stored alone, so a request fails only for its own sake.
 */
export function queuePlainEvents(db: Database, workspaceId: number, messages: IngestMessage[], receivedAt: Date, source: string): Promise<number> {
  const byWorkspace = lanes.get(db) ?? new Map<number, Lane>();
  lanes.set(db, byWorkspace);
  const lane = byWorkspace.get(workspaceId) ?? { waiting: [], running: false };
  byWorkspace.set(workspaceId, lane);
  const done = new Promise<number>((resolve, reject) => lane.waiting.push({ messages, receivedAt, resolve, reject }));
  // Start after the requests already received in this turn of the event loop have queued too.
  if (lane.waiting.length === 1) setImmediate(() => pump(db, workspaceId, lane, byWorkspace, source));
  return done;
}

function pump(db: Database, workspaceId: number, lane: Lane, byWorkspace: Map<number, Lane>, source: string): void {
  if (lane.running || lane.waiting.length === 0) return;
  lane.running = true;
  void store(db, workspaceId, takeCall(lane), source).finally(() => {
    lane.running = false;
    if (lane.waiting.length > 0) pump(db, workspaceId, lane, byWorkspace, source);
    else if (byWorkspace.get(workspaceId) === lane) byWorkspace.delete(workspaceId);
  });
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

async function store(db: Database, workspaceId: number, call: Waiting[], source: string): Promise<void> {
  try {
    const stored = await storePlainEvents(db, workspaceId, call, source);
    call.forEach((w, i) => w.resolve(stored[i]!));
  } catch (e) {
    if (call.length === 1) return call[0]!.reject(e);
    for (const w of call) {
      try {
        w.resolve((await storePlainEvents(db, workspaceId, [w], source))[0]!);
      } catch (alone) {
        w.reject(alone);
      }
    }
  }
}
