import type { Database } from '../db/database.js';

/**
 * Entries claimed (deleted) from recompute_queue between two VACUUMs of it. At 1,000 events a
 * second (about 2,000 entries a second: each contact and its account) that is a VACUUM every
 * 10 s, of a table whose live rows are the few thousand not yet drained: a few milliseconds.
 */
export const DEFAULT_QUEUE_VACUUM_EVERY = 20_000;

const claimedSince = new WeakMap<Database, number>();
const running = new WeakSet<Database>();

/**
 * Keeps recompute_queue from growing without end. Every write queues its subjects and every
 * drain deletes them, so the table is nearly all dead rows unless something vacuums it, and
 * nothing else may: PGlite (the embedded default) has no autovacuum, and a PostgreSQL server
 * can run with it off (measured on PGlite: 1M entries queued and drained grew the data
 * directory from 42 MB to 529 MB; on a PostgreSQL server with autovacuum off the table held
 * 1,800 live and 309,683 dead rows in 42 MB, and a claim of 500 entries took 9.1 ms at the median
 * and up to 150 ms, against 3.6 and 8.5 ms after a VACUUM). Call it after each drain with the
 * number of entries claimed; it vacuums the table once `every` entries have been claimed in
 * this process since the last time. VACUUM frees the dead rows' space for new entries (it does
 * not shrink the files) and runs beside writers without blocking them.
 */
export async function vacuumRecomputeQueue(db: Database, claimed: number, every = DEFAULT_QUEUE_VACUUM_EVERY): Promise<boolean> {
  const since = (claimedSince.get(db) ?? 0) + claimed;
  claimedSince.set(db, since);
  if (since < every || running.has(db)) return false;
  running.add(db);
  try {
    await db.exec('VACUUM recompute_queue');
    claimedSince.set(db, 0);
    return true;
  } finally {
    running.delete(db);
  }
}
