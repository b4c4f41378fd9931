import type { Database } from '../db/database.js';

/** The tables the tracking API grows and looks up by key. */
const TABLES = 'events, contacts, contact_identities, accounts';
const MIN_ROWS = 1000;

interface StatisticsState {
  /** Rows written since the last ANALYZE. */
  written: number;
  /** ANALYZE again when written reaches this: the size of events at the last ANALYZE (so at every doubling). */
  threshold: number;
  running: boolean;
}

const states = new WeakMap<Database, StatisticsState>();

/**
 * Keeps planner statistics of the ingest tables fresh while ingest grows them. PGlite has no
 * autovacuum at all, and PostgreSQL's autovacuum first looks after a minute: without
 * statistics the planner takes `workspace_id = $1` as 0.5 % of a table and scans a whole
 * workspace's events or contacts instead of probing 100 keys (measured: 0.5 s instead of
 * 2 ms a batch at 50,000 contacts). ANALYZE runs when the tables have doubled since the last
 * one (and at the first ingest of a never-analysed database), so its cost stays a few
 * ANALYZEs over the life of the database.
 */
export async function refreshStatistics(db: Database, written: number): Promise<void> {
  let state = states.get(db);
  if (!state) {
    // reltuples is -1 until the table is first analysed (or vacuumed).
    const [row] = await db.query<{ rows: number; analysed: boolean }>(
      `SELECT greatest(reltuples, 0)::float8 AS rows, reltuples >= 0 AS analysed FROM pg_class WHERE oid = 'events'::regclass`,
    );
    state = { written: 0, threshold: row?.analysed ? Math.max(MIN_ROWS, row.rows) : 0, running: false };
    states.set(db, state);
  }
  state.written += written;
  if (state.running || state.written < state.threshold) return;
  state.running = true;
  try {
    await db.exec(`ANALYZE ${TABLES}`);
    const [row] = await db.query<{ rows: number }>(`SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'events'::regclass`);
    state.written = 0;
    state.threshold = Math.max(MIN_ROWS, row?.rows ?? 0);
  } finally {
    state.running = false;
  }
}
