import type { Database } from '../../db/database.js';
import type { CareRuntime } from './care-runtime.js';
import type { CareStepExecutors } from './care-step-executors.js';
import { claimDueActions } from './claim-due-actions.js';
import { executeAction, type RetryPolicy } from './execute-action.js';
import { runDateTriggers } from './run-date-triggers.js';
import { scanCareTriggers } from './scan-care-triggers.js';
import type { ClaimedAction } from './step-executor.js';

export interface CareWorkerOptions {
  runtime: CareRuntime;
  /** Pause between ticks, from the end of one to the start of the next, in ms. */
  intervalMs: number;
  /** Actions executed at once. */
  concurrency: number;
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
  /** Stops claiming, lets the actions in progress finish, gives back claimed ones not started, and waits. */
  stop(): Promise<void>;
  stats(): CareWorkerStats;
}

/** How long one tick may keep running actions before it scans for triggers again. */
const DRAIN_BUDGET_MS = 5_000;
/** How long one tick may keep scanning events of one workspace. */
const SCAN_BUDGET_MS = 2_000;
const DATE_CHECK_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * The care loop: `kanta serve` runs it in-process (PGlite or PostgreSQL), `kanta worker` as
 * processes of their own on PostgreSQL, as many as wanted. Each tick, for every workspace:
 * scans new events for triggers, runs the date triggers when a new local day has begun, then
 * executes due actions through a pipeline of `concurrency` lanes fed by claims of twice that
 * many (FOR UPDATE SKIP LOCKED, leased), until no action is due or the tick's budget is spent.
 * stop() finishes the actions in progress and hands back the claimed ones not yet started.
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
    const queue: ClaimedAction[] = [];
    let exhausted = false;
    let refilling: Promise<void> | null = null;
    let next = 0;
    const refill = (): Promise<void> =>
      (refilling ??= (async () => {
        try {
          const want = options.concurrency * 2 - queue.length;
          let got = 0;
          // Round robin over the workspaces, starting after the one served last.
          for (let i = 0; i < workspaces.length && got < want && !stopped; i++) {
            const ws = workspaces[(next + i) % workspaces.length]!;
            const claimed = await claimDueActions(db, ws, { workerId: options.runtime.workerId, limit: want - got, leaseMs: options.leaseMs, now: clock() });
            queue.push(...claimed);
            got += claimed.length;
          }
          next = (next + 1) % Math.max(1, workspaces.length);
          if (got === 0 || Date.now() - started > DRAIN_BUDGET_MS) exhausted = true;
        } catch (e) {
          exhausted = true;
          report(e);
        } finally {
          refilling = null;
        }
      })());
    const lane = async () => {
      for (;;) {
        if (stopped) return;
        if (queue.length === 0) {
          if (exhausted) return;
          await refill();
          continue;
        }
        const action = queue.shift()!;
        if (queue.length < options.concurrency && !exhausted && !stopped) void refill();
        try {
          await executeAction(db, options.runtime, action, {
            clock,
            ...(options.executors ? { executors: options.executors } : {}),
            ...(options.retry ? { retry: options.retry } : {}),
          });
          stats.executed += 1;
        } catch (e) {
          // A database failure: the action stays leased and is taken over when the lease ends.
          report(e);
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, lane));
    if (refilling) await refilling;
    if (queue.length > 0) {
      // Stopped with claims not started: give them back, the attempt uncounted.
      const ids = queue.splice(0).map((a) => [a.workspaceId, a.id] as const);
      for (const [ws, id] of ids) {
        await db.execute(
          `UPDATE care_actions SET status = 'scheduled', attempts = attempts - 1, locked_by = NULL, locked_until = NULL
            WHERE workspace_id = $1 AND id = $2 AND status = 'running' AND locked_by = $3`,
          [ws, id, options.runtime.workerId],
        );
      }
    }
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
