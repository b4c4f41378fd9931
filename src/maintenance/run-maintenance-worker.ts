import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/database.js';
import { maintainTables, type MaintainTablesResult } from './maintain-tables.js';

export interface MaintenanceWorkerOptions {
  /** Time between the end of one pass and the start of the next, in ms (the first runs one interval after start). */
  intervalMs: number;
  /** Run on PostgreSQL even where its autovacuum is on (the default leaves such a server to its autovacuum). */
  force?: boolean;
  /** No further table is started once a pass has taken this long, in ms (default DEFAULT_PASS_BUDGET_MS); the rest waits for the next pass. */
  budgetMs?: number;
  /** Called after each pass that ran a statement. */
  onPass?: (result: MaintainTablesResult) => void;
  /** Failures are reported here; the loop goes on. */
  onError?: (e: unknown) => void;
}

export interface MaintenanceWorker {
  /** Stops the loop and waits for the statement in progress. */
  stop(): Promise<void>;
}

/**
 * A pass starts no new table after this long: on PGlite each VACUUM holds the one connection
 * that requests wait for, so a pass with many tables due is spread over several intervals.
 */
export const DEFAULT_PASS_BUDGET_MS = 2_000;

/**
 * The vacuum loop `kanta serve` runs where no autovacuum does (PGlite; see maintainTables):
 * every intervalMs, one pass over the tables due. The first pass waits one interval, so a first
 * start (the demo company loaded, its first recompute running) is not slowed by it.
 */
export function startMaintenanceWorker(db: Database, options: MaintenanceWorkerOptions): MaintenanceWorker {
  const controller = new AbortController();
  const { signal } = controller;
  const loop = (async () => {
    for (;;) {
      // ref: false, so a waiting loop does not keep the process alive.
      const waited = await sleep(options.intervalMs, true, { signal, ref: false }).catch(() => false);
      if (!waited || signal.aborted) return;
      try {
        const result = await maintainTables(db, { budgetMs: options.budgetMs ?? DEFAULT_PASS_BUDGET_MS, ...(options.force ? { force: true } : {}) });
        if (result.done.length > 0) options.onPass?.(result);
      } catch (e) {
        if (!signal.aborted) options.onError?.(e);
      }
    }
  })();
  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
