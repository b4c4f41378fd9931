import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/database.js';
import { drainRecomputeQueue } from './drain-recompute-queue.js';
import { DEFAULT_RECOMPUTE_BATCH, recomputeWorkspace } from './recompute-workspace.js';
import { runRequestedRecomputes } from './run-requested-recomputes.js';
import type { ForegroundWork } from './track-foreground-work.js';

export interface RecomputeWorkerOptions {
  /** Time from the start of one drain of the queue to the next, in ms (the latency from a write to its segments and stages). */
  drainIntervalMs: number;
  /** How often time-dependent segments and transitions are re-evaluated over every workspace, in ms; 0 = never. */
  scheduleIntervalMs: number;
  /** Subjects claimed per drain. */
  drainLimit: number;
  /**
   * Drains run at once on PostgreSQL (default 1 here; `kanta serve` passes KANTA_RECOMPUTE_DRAINS,
   * whose default is 2), each claiming its own subjects on its own
   * connection; their facts are read at the same time, their writes take the locks in turn.
   * PGlite always runs one (one connection).
   */
  drains?: number;
  /** Subjects per batch of a whole-workspace run (default 2,000 on PGlite, where a batch holds the one connection, else 20,000). */
  batchSize?: number;
  /** Failures are reported here; the loop goes on, waiting longer after each failure in a row. */
  onError?: (e: unknown) => void;
  /** The clock rules are evaluated with (tests move it). */
  clock?: () => Date;
  /**
   * The server's ingest requests: while they keep the server busy (YIELD_BUSY_SHARE), the worker
   * drains once a tick (at most YIELD_CLAIM subjects, fewer when a drain works longer than
   * YIELD_DRAIN_MS) and rests YIELD_RATIO times as long as the tick worked (at least
   * drainIntervalMs, at most maxYieldRestMs), so it takes about a quarter
   * of the time under heavy ingest and subjects changed again meanwhile are recomputed once.
   * Segments and stages still follow, later.
   */
  foreground?: ForegroundWork;
  /** The longest rest after a tick while yielding to ingest (default MAX_YIELD_REST_MS). */
  maxYieldRestMs?: number;
  /** The shortest time ingest load is judged over (default YIELD_WINDOW_MS). */
  yieldWindowMs?: number;
}

export interface RecomputeWorker {
  /** Stops the loop and waits for the work in progress (a whole-workspace run stops at its next batch). */
  stop(): Promise<void>;
}

/** How long one tick may keep draining before it lets the other work (new segments, schedule) run. */
const DRAIN_BUDGET_MS = 2_000;
/**
 * Under ingest, the rest after a tick is this multiple of the tick's work. Measured with the
 * ingest benchmark (50,000 events, 20,000 users): the worker draining back to back took PGlite
 * from 7.2k to 2.8k events/s (one connection) and PostgreSQL from 13.3k to 11.5k
 * (CPU); at 3 it takes about a quarter of the time. Light traffic is unaffected: a drain of a
 * few subjects takes less than a third of drainIntervalMs.
 */
const YIELD_RATIO = 3;
/**
 * The share of time ingest keeps the server busy (two requests or more in flight,
 * trackForegroundWork) from which the worker yields: a server taking 1,000 events a second is
 * busy a small part of the time and keeps its latency; eight clients sending batches back to
 * back keep it busy all the time.
 */
const YIELD_BUSY_SHARE = 0.5;
/**
 * While yielding, a tick claims at most this many subjects and rests at most this long: the rest
 * follows the work, and the work followed the backlog the rest let grow, so on a loaded machine
 * (ingest requests slow for other reasons) the two fed each other (measured at 1,000 events/s on
 * 100k accounts: drains of 5,000 subjects taking 4-12 s, rests of 12-35 s, changes a minute late).
 */
const YIELD_CLAIM = 1_000;
const MAX_YIELD_REST_MS = 1_000;
/**
 * While yielding (on PGlite always), the claim adapts so a drain works about this long (its
 * rest, YIELD_RATIO times as long, then stays under MAX_YIELD_REST_MS): with the rest capped, a
 * longer drain would take more than a quarter of the time. On PGlite a drain of 1,000 subjects
 * took over a second; with 1 s rests the worker held the one connection most of the time and
 * ingest fell from 15.6k events/s (worker off) to 4.2k (200,000 events, 20,000 users).
 */
const YIELD_DRAIN_MS = 300;
const MIN_YIELD_CLAIM = 50;
/** The smallest batch of a whole-workspace run under ingest. */
const MIN_YIELD_BATCH = 100;
/**
 * Ingest load is judged over at least this long: a few slow requests (a server just started,
 * its connections and caches cold) made the worker rest at once, and its first second's backlog
 * took the next five to clear (measured at 1,000 events/s on 100k accounts).
 */
const YIELD_WINDOW_MS = 2_000;
/**
 * On PGlite the first verdict is made over this share of YIELD_WINDOW_MS: there every batch and
 * drain holds the one connection all requests wait for, so a server started into saturating
 * ingest lost most of its first two seconds to the worker (measured with the ingest benchmark,
 * 50,000 events: a first batch of 0.85 s and three drains and batches after it, 1.7 s of the
 * run's first 2.3 s).
 */
const PGLITE_FIRST_WINDOW = 0.25;
/** On PGlite, the time outside the drains from which ingest load is judged over that time alone. */
const MIN_OUTSIDE_DRAINS_MS = 5;
const MAX_BACKOFF_MS = 30_000;
/** On PGlite a batch's transaction holds the one connection: small batches keep the server answering (about 0.5 s each on the demo). */
const PGLITE_BATCH = 2_000;

/**
 * The in-process recompute loop that `kanta serve` runs. Each tick:
 * 1. drains the recompute queue (the subjects writers changed) until it is empty or the tick's
 *    budget is spent;
 * 2. recomputes every segment and stage of the workspaces a bulk writer asked for
 *    (recompute_requests, run-requested-recomputes.ts: an analytics run that changed most accounts);
 * 3. evaluates, over their whole workspace, dynamic segments whose rule changed or that are
 *    new (evaluated_version behind version), with the segments that read them; and the stages
 *    (and segments) of a workspace whose lifecycle definition was saved since (evaluated_at NULL);
 * 4. when the schedule is due (and at start), re-evaluates in every workspace the segments and
 *    lifecycle transitions that can change with time alone ("no purchase in 90 days").
 * Whole-workspace runs (2, 3 and 4) drain the queue once after each of their batches.
 * The next tick starts drainIntervalMs after this one started (at once when this one took longer). Several server processes may run it on one PostgreSQL
 * database: claims skip locked rows, and batches of a workspace serialise on advisory locks.
 */
export function startRecomputeWorker(db: Database, options: RecomputeWorkerOptions): RecomputeWorker {
  const clock = options.clock ?? (() => new Date());
  const maxYieldRest = options.maxYieldRestMs ?? MAX_YIELD_REST_MS;
  const yieldWindowMs = options.yieldWindowMs ?? YIELD_WINDOW_MS;
  const controller = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let failures = 0;
  let lastSchedule = Number.NEGATIVE_INFINITY;

  /** Milliseconds the worker's drains have taken, in all, and the foreground's busy time during them. */
  let drainedMs = 0;
  let drainBusyMs = 0;
  /** When ingest load was last read, the foreground's busy time and the drains' time (and busy time) then. */
  let lastLook = { at: performance.now(), busy: options.foreground?.busyMs() ?? 0, drained: 0, drainBusy: 0 };
  let saturated = false;
  /** Whether ingest load has been judged once (on PGlite the first verdict comes sooner). */
  let judged = false;
  /**
   * Whether ingest kept the server busy at least YIELD_BUSY_SHARE of the time since the last
   * look (on PGlite: of the time the worker's drains left), judged over at least yieldWindowMs
   * (until then the last verdict holds). On PGlite a drain holds the one connection: requests
   * that arrive meanwhile wait for it, and a worker taking most of the time made ingest look
   * idle (a share of 0.37 with the worker at 60 % of the time; ingest at 4.2k events/s against
   * 15.6k without the worker), so there the drains' time, and the requests waiting through it,
   * are left out (unless the drains left next to no time). On PostgreSQL requests go on during
   * a drain: leaving the drains out there took 1,000 events/s on 100k accounts for saturation,
   * and changes waited up to 2.3 s.
   */
  const ingestSaturated = (): boolean => {
    if (!options.foreground) return false;
    const look = { at: performance.now(), busy: options.foreground.busyMs(), drained: drainedMs, drainBusy: drainBusyMs };
    if (look.at - lastLook.at < (judged || db.kind !== 'pglite' ? yieldWindowMs : yieldWindowMs * PGLITE_FIRST_WINDOW)) return saturated;
    judged = true;
    const elapsed = look.at - lastLook.at;
    const busy = look.busy - lastLook.busy;
    const left = elapsed - (look.drained - lastLook.drained);
    // With (next to) no time outside the drains, requests queueing through them is all there is to go by.
    saturated =
      db.kind === 'pglite' && left >= MIN_OUTSIDE_DRAINS_MS
        ? (busy - (look.drainBusy - lastLook.drainBusy)) / left >= YIELD_BUSY_SHARE
        : busy / Math.max(1, elapsed) >= YIELD_BUSY_SHARE;
    lastLook = look;
    return saturated;
  };
  /** Whether ingest saturated the server during the last tick or the rest before it (then this tick claims less, and rests longer). */
  let yielding = false;
  /** The claim of a yielding tick (adapted to YIELD_DRAIN_MS). */
  let yieldClaim = YIELD_CLAIM;

  /**
   * One drain of the queue, timed for the judgement of ingest load. A limited drain (under
   * ingest; on PGlite always, where a drain's transactions hold the one connection every request
   * waits for: a first claim of 5,000 new contacts held it 1.4 s under ingest) claims at most
   * yieldClaim subjects, and adapts that claim to drains of about YIELD_DRAIN_MS.
   */
  const drain = async (limited: boolean): Promise<{ claimed: number; limit: number }> => {
    const limit = limited ? Math.min(options.drainLimit, yieldClaim) : options.drainLimit;
    const started = performance.now();
    const busyBefore = options.foreground?.busyMs() ?? 0;
    const { claimed } = await drainRecomputeQueue(db, { limit, now: clock() });
    const ms = performance.now() - started;
    drainedMs += ms;
    drainBusyMs += (options.foreground?.busyMs() ?? 0) - busyBefore;
    if (limited) {
      if (ms > YIELD_DRAIN_MS) yieldClaim = Math.max(MIN_YIELD_CLAIM, Math.floor((claimed * YIELD_DRAIN_MS) / ms));
      else if (claimed >= limit && ms < YIELD_DRAIN_MS / 2) yieldClaim = Math.min(YIELD_CLAIM, yieldClaim * 2);
    }
    return { claimed, limit };
  };

  const tick = async (): Promise<void> => {
    const started = Date.now();
    // Under ingest claim less at a time: a short drain, and a short rest after it.
    const limited = yielding || db.kind === 'pglite';
    yielding = false;
    const parallel = db.kind === 'pglite' ? 1 : Math.max(1, options.drains ?? 1);
    for (;;) {
      const runs = await Promise.all(Array.from({ length: parallel }, () => drain(limited)));
      const claimed = runs.reduce((n, r) => n + r.claimed, 0);
      const limit = runs.reduce((n, r) => n + r.limit, 0);
      // Under ingest one drain a tick: the rest that follows lets the queue coalesce.
      yielding = ingestSaturated();
      if (stopped || yielding || claimed < limit || Date.now() - started > DRAIN_BUDGET_MS) break;
    }
    if (stopped) return;
    await runRequestedRecomputes(db, { now: clock, signal: controller.signal, ...batch() });
    const stale = await db.query<{ workspace_id: number; ids: Array<number | string> }>(
      `SELECT workspace_id, array_agg(id ORDER BY id) AS ids FROM segments
        WHERE rule IS NOT NULL AND evaluated_version IS DISTINCT FROM version GROUP BY workspace_id ORDER BY workspace_id`,
    );
    for (const s of stale) {
      if (stopped) return;
      // bigint[] comes back as text from pg: normalise.
      await recomputeWorkspace(db, s.workspace_id, { now: clock(), segments: { ids: s.ids.map(Number) }, stages: 'none', signal: controller.signal, ...batch() });
    }
    // A saved lifecycle definition (evaluated_at NULL, migration 0011): place every subject of
    // its workspace by it, and the segments that may read the stages; then mark the versions seen.
    const lifecycles = await db.query<{ workspace_id: number; subject_type: string; version: number }>(
      `SELECT workspace_id, subject_type, max(version) AS version FROM lifecycle_definitions
        WHERE evaluated_at IS NULL GROUP BY workspace_id, subject_type ORDER BY workspace_id, subject_type`,
    );
    for (const l of lifecycles) {
      if (stopped) return;
      await recomputeWorkspace(db, l.workspace_id, { now: clock(), segments: 'all', stages: 'all', signal: controller.signal, ...batch() });
      await db.execute(
        `UPDATE lifecycle_definitions SET evaluated_at = now()
          WHERE workspace_id = $1 AND subject_type = $2 AND version <= $3 AND evaluated_at IS NULL`,
        [l.workspace_id, l.subject_type, l.version],
      );
    }
    if (options.scheduleIntervalMs > 0 && Date.now() - lastSchedule >= options.scheduleIntervalMs) {
      lastSchedule = Date.now();
      const workspaces = await db.query<{ id: number }>('SELECT id FROM workspaces ORDER BY id');
      for (const w of workspaces) {
        if (stopped) return;
        await recomputeWorkspace(db, w.id, { now: clock(), segments: 'time-dependent', stages: 'time-dependent', signal: controller.signal, ...batch() });
      }
    }
  };
  /**
   * Options of the whole-workspace runs: their batch size, and a drain of the queue after each
   * batch so fresh changes are not held up. Under ingest a run yields as a tick does: its batches
   * shrink to about YIELD_DRAIN_MS of work (a batch of 2,000 contacts held PGlite's one
   * connection 0.8 s under ingest), its drains claim a yielding tick's share, and after each batch
   * and drain it rests YIELD_RATIO times as long as they worked. Both are adapted to
   * YIELD_DRAIN_MS, so the rest may be up to twice a tick's longest.
   */
  const batch = () => {
    const full = options.batchSize ?? (db.kind === 'pglite' ? PGLITE_BATCH : DEFAULT_RECOMPUTE_BATCH);
    let size = full;
    let since = performance.now();
    return {
      batchSize: () => size,
      betweenBatches: async () => {
        if (stopped) return;
        const under = ingestSaturated();
        const worked = performance.now() - since;
        size = under ? Math.max(MIN_YIELD_BATCH, Math.min(full, Math.floor((size * YIELD_DRAIN_MS) / Math.max(1, worked)))) : full;
        try {
          await drain(under || db.kind === 'pglite');
        } catch (e) {
          options.onError?.(e);
        }
        if (under && !stopped) await sleep(Math.min(YIELD_RATIO * (performance.now() - since), 2 * maxYieldRest), undefined, { signal: controller.signal }).catch(() => undefined);
        since = performance.now();
      },
    };
  };

  const loop = () => {
    timer = null;
    if (stopped) return;
    const tickStarted = Date.now();
    running = tick().then(
      () => {
        failures = 0;
      },
      (e: unknown) => {
        if (stopped) return;
        failures += 1;
        options.onError?.(e);
      },
    );
    void running.finally(() => {
      running = null;
      if (stopped) return;
      // The interval runs from the start of a tick: a change waits at most one interval plus the drain that takes it,
      // not a whole drain more (under load, drains follow each other at once).
      const worked = Date.now() - tickStarted;
      const delay =
        failures === 0
          ? Math.max(options.drainIntervalMs - worked, yielding ? Math.min(YIELD_RATIO * worked, maxYieldRest) : 0)
          : Math.min(MAX_BACKOFF_MS, options.drainIntervalMs * 2 ** failures);
      timer = setTimeout(loop, delay);
      timer.unref?.();
    });
  };
  timer = setTimeout(loop, 0);
  timer.unref?.();

  return {
    async stop() {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}
