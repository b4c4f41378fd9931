import type { Database, Row } from './database.js';

/**
 * Runs one read with PostgreSQL's parallel workers switched off for it (SET LOCAL in a
 * transaction of its own). For queries that join a per-account aggregate of the orders with the
 * accounts: the planner's parallel hash join makes every worker compute the whole aggregate as
 * its inner side (measured at 1M accounts: the aggregate three times over on two cores, 3.5 s
 * against 2.0 s in one process). PGlite has no parallel workers; the setting is harmless there.
 */
export async function queryWithoutParallelWorkers<T extends Row>(db: Database, sql: string, params: unknown[]): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL max_parallel_workers_per_gather = 0');
    return tx.query<T>(sql, params);
  });
}
