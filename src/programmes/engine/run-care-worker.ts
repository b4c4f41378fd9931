import type { Database } from '../../db/database.js';
import type { CareRuntime } from './care-runtime.js';
import type { CareStepExecutors } from './care-step-executors.js';
import { claimDueActions } from './claim-due-actions.js';
import type { RetryPolicy } from './apply-action-outcome.js';
import { executeActionBatch } from './execute-action-batch.js';
import { runDateTriggers } from './run-date-triggers.js';
import { scanCareTriggers } from './scan-care-triggers.js';
import type { ClaimedAction } from './step-executor.js';

export interface CareWorkerOptions {
  runtime: CareRuntime;
  /** Pause between ticks, from the end of one to the start of the next, in ms. */
  intervalMs: number;
  /** Actions executed at once (the SMTP pool's connections are sized by it, see createCareRuntime). */
  concurrency: number;
  /** Actions claimed per batch (default: concurrency); up to PIPELINES batches run at once. */
  batchSize?: number;
  /** Lease of a claimed action, in ms. */
  leaseMs: number;
  /** Scan for triggers (events, dates) as well as run due actions; default true. */
  triggers?: boolean;
  executors?: CareStepExecutors;
  retry?: RetryPolicy;
  sweepIntervalMs?: number;
  clock?: () => Date;
  /** Failures are reported here; the loop goes on. */
  onError?: (e: unknown) => void;
}

export interface CareWorkerStats {
  ticks: number;
  executed: number;
  enrolled: number;
}

export interface CareWorker {
  /** Stops claiming, lets the batches in progress finish, and waits. */
  stop(): Promise<void>;
  stats(): CareWorkerStats;
}

/** How long one tick may keep running actions before it scans for triggers again. */
const DRAIN_BUDGET_MS = 5_000;
/** How long one tick may keep scanning events of one workspace. */
const SCAN_BUDGET_MS = 2_000;
const DATE_CHECK_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;
/** Claimed batches in progress at once per worker. */
const PIPELINES = 2;

/**
 * The care loop: `kanta serve` runs it in-process (PGlite or PostgreSQL), `kanta worker` as
 * processes of their own on PostgreSQL, as many as wanted. Each tick, for every workspace:
 * scans new events for triggers, runs the date triggers when a new local day has begun, then
 * executes due actions in claimed batches of `batchSize` (FOR UPDATE SKIP LOCKED, leased;
 * executeActionBatch), two batches in progress at once, until no action is due or the tick's
 * budget is spent. stop() claims nothing more and finishes the batches in progress.
 */
export function startCareWorker(db: Database, options: CareWorkerOptions): CareWorker {
  const clock = options.clock ?? (() => new Date());
  const stats: CareWorkerStats = { ticks: 0, executed: 0, enrolled: 0 };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let failures = 0;
  let lastDates = Number.NEGATIVE_INFINITY;
  const report = (e: unknown) => {
    if (!stopped) options.onError?.(e);
  };

  const scan = async (workspaces: number[]) => {
    for (const ws of workspaces) {
      const started = Date.now();
      for (;;) {
        if (stopped) return;
        const r = await scanCareTriggers(db, ws, { now: clock(), ...(options.sweepIntervalMs !== undefined ? { sweepIntervalMs: options.sweepIntervalMs } : {}) });
        stats.enrolled += r.enrolled + r.control;
        if (!r.more || Date.now() - started > SCAN_BUDGET_MS) break;
      }
    }
    if (Date.now() - lastDates >= DATE_CHECK_MS) {
      lastDates = Date.now();
      for (const ws of workspaces) {
        if (stopped) return;
        const r = await runDateTriggers(db, ws, { now: clock() });
        stats.enrolled += r.enrolled + r.control;
      }
    }
  };

  const drain = async (workspaces: number[]) => {
    const started = Date.now();
    let next = 0;
    let exhausted = false;
    // Expired leases go back to 'scheduled' at the first claim of each workspace in a tick (leases last minutes; once per claim only costs a statement).
    const released = new Set<number>();
    // Each of the pipelines claims a batch (round robin over the workspaces) and runs it; while
    // one waits on SMTP or webhooks, the other claims and reads.
    const pipeline = async () => {
      while (!stopped && !exhausted) {
        let claimed: ClaimedAction[] = [];
        let ws = 0;
        try {
          for (let i = 0; i < workspaces.length && claimed.length === 0 && !stopped; i++) {
            ws = workspaces[next % workspaces.length]!;
            next += 1;
            const releaseExpired = !released.has(ws);
            released.add(ws);
            claimed = await claimDueActions(db, ws, { workerId: options.runtime.workerId, limit: options.batchSize ?? options.concurrency, leaseMs: options.leaseMs, now: clock(), releaseExpired });
          }
        } catch (e) {
          exhausted = true;
          report(e);
          return;
        }
        if (claimed.length === 0 || Date.now() - started > DRAIN_BUDGET_MS) exhausted = true;
        if (claimed.length === 0) return;
        try {
          stats.executed += await executeActionBatch(db, options.runtime, ws, claimed, {
            clock,
            ...(options.executors ? { executors: options.executors } : {}),
            ...(options.retry ? { retry: options.retry } : {}),
          });
        } catch (e) {
          // A database failure: the actions stay leased and are taken over when the leases end.
          report(e);
        }
      }
    };
    await Promise.all(Array.from({ length: PIPELINES }, pipeline));
  };

  const tick = async () => {
    stats.ticks += 1;
    const workspaces = (await db.query<{ id: number }>('SELECT id FROM workspaces ORDER BY id')).map((w) => w.id);
    if (options.triggers !== false) await scan(workspaces);
    if (!stopped) await drain(workspaces);
  };

  const loop = () => {
    timer = null;
    if (stopped) return;
    running = tick().then(
      () => {
        failures = 0;
      },
      (e: unknown) => {
        failures += 1;
        report(e);
      },
    );
    void running.finally(() => {
      running = null;
      if (stopped) return;
      const delay = failures === 0 ? options.intervalMs : Math.min(MAX_BACKOFF_MS, options.intervalMs * 2 ** failures);
      timer = setTimeout(loop, delay);
      timer.unref?.();
    });
  };
  timer = setTimeout(loop, 0);
  timer.unref?.();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
    stats: () => ({ ...stats }),
  };
}
