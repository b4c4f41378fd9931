import type { Database } from '../db/database.js';

/**
 * Entries claimed (deleted) from recompute_queue between two VACUUMs of it. At 1,000 events a
 * second (about 2,000 entries a second: each contact and its account) that is a VACUUM every
 * 10 s, of a table whose live rows are the few thousand not yet drained: a few milliseconds.
 */
export const DEFAULT_QUEUE_VACUUM_EVERY = 20_000;
/** Drains (that claimed something) between two VACUUMs of the catalogs their temp tables churn: every 15-20 s under steady traffic. */
export const DEFAULT_CATALOG_VACUUM_EVERY = 100;
/** The system catalogs a drain's temp tables (created and dropped in each of its transactions) leave dead rows in. */
const CATALOGS = 'pg_class, pg_attribute, pg_type, pg_depend, pg_statistic';

export interface VacuumDrainChurnOptions {
  /** Claimed queue entries between two VACUUMs of recompute_queue (default DEFAULT_QUEUE_VACUUM_EVERY). */
  queueEvery?: number;
  /** Drains between two VACUUMs of the catalogs (default DEFAULT_CATALOG_VACUUM_EVERY). */
  catalogEvery?: number;
}

interface ChurnState {
  claimed: number;
  drains: number;
  running: boolean;
}

const states = new WeakMap<Database, ChurnState>();

/**
 * Vacuums what the drains of the recompute queue churn, since nothing else may: PGlite (the
 * embedded default) has no autovacuum, and a PostgreSQL server can run with it off. Call it
 * after each drain with the number of entries it claimed.
 *
 * - recompute_queue: every write queues its subjects and every drain deletes them, so the table
 *   is nearly all dead rows. Measured on PGlite: 1M entries queued and drained grew the data
 *   directory from 42 MB to 529 MB; on a PostgreSQL server with autovacuum off the table held
 *   1,800 live and 309,683 dead rows in 42 MB, and a claim of 500 entries took 9.1 ms at the
 *   median and up to 150 ms, against 3.6 and 8.5 ms after a VACUUM. Vacuumed every
 *   `queueEvery` claimed entries.
 * - the system catalogs: each drain's transactions create and drop about five temp tables
 *   (facts, segment members, stage passes), whose rows in pg_class, pg_attribute, pg_type and
 *   pg_depend stay behind dead. Measured on PGlite with 20 segments: pg_attribute grew by 48 KB
 *   a drain (25 MB after 500 drains; at a drain every 150 ms about 1 GB an hour); vacuumed
 *   every 100 drains it stayed at 3.5-5.3 MB, each VACUUM taking 17-20 ms. Vacuumed every
 *   `catalogEvery` drains that claimed something. A database user that does not own the
 *   catalogs gets a warning from PostgreSQL, not an error, and leaves them to autovacuum.
 *
 * VACUUM frees dead rows' space for new ones (it does not shrink the files) and runs beside
 * writers without blocking them.
 */
export async function vacuumDrainChurn(db: Database, claimed: number, options: VacuumDrainChurnOptions = {}): Promise<void> {
  const state = states.get(db) ?? { claimed: 0, drains: 0, running: false };
  states.set(db, state);
  state.claimed += claimed;
  if (claimed > 0) state.drains += 1;
  if (state.running) return;
  const queue = state.claimed >= (options.queueEvery ?? DEFAULT_QUEUE_VACUUM_EVERY);
  const catalogs = state.drains >= (options.catalogEvery ?? DEFAULT_CATALOG_VACUUM_EVERY);
  if (!queue && !catalogs) return;
  state.running = true;
  try {
    if (queue) {
      await db.exec('VACUUM recompute_queue');
      state.claimed = 0;
    }
    if (catalogs) {
      await db.exec(`VACUUM ${CATALOGS}`);
      state.drains = 0;
    }
  } finally {
    state.running = false;
  }
}
