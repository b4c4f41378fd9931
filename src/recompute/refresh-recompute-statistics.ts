import type { Database } from '../db/database.js';

/** The tables a recompute grows and joins on. */
const WRITTEN = ['segment_members', 'subject_stages', 'segment_history', 'stage_history'];
/** The tables its facts queries read. */
const READ = ['accounts', 'contacts', 'events', 'orders', 'subject_scores'];
const MIN_ROWS = 1000;

interface StatisticsState {
  /** Member and stage rows written since the last ANALYZE. */
  written: number;
  /** ANALYZE again when written reaches this: the rows of segment_members and subject_stages at the last ANALYZE. */
  threshold: number;
  running: boolean;
}

const states = new WeakMap<Database, StatisticsState>();

const regclasses = (tables: readonly string[]) => tables.map((t) => `'${t}'::regclass`).join(', ');

async function sizeOfWritten(db: Database): Promise<number> {
  const [row] = await db.query<{ rows: number }>(
    `SELECT sum(greatest(reltuples, 0))::float8 AS rows FROM pg_class WHERE oid IN ('segment_members'::regclass, 'subject_stages'::regclass)`,
  );
  return row?.rows ?? 0;
}

/**
 * Keeps planner statistics of the tables a recompute reads and writes fresh (as
 * src/ingest/refresh-statistics.ts does for ingest). PGlite has no autovacuum: measured on the
 * demo company, a stage recompute in batches of 2,000 took 473 s without statistics and 1.5 s
 * after an ANALYZE. On first use in a process, tables never analysed are analysed; then the
 * written tables again whenever they have doubled since the last ANALYZE, so a few times over
 * the database's life. Call with the rows a step wrote (0 before the first step).
 */
export async function refreshRecomputeStatistics(db: Database, written: number): Promise<void> {
  let state = states.get(db);
  if (!state) {
    state = { written: 0, threshold: MIN_ROWS, running: true };
    states.set(db, state);
    try {
      // reltuples is -1 until a table is first analysed (or vacuumed).
      const never = await db.query<{ relname: string }>(`SELECT relname FROM pg_class WHERE oid IN (${regclasses([...READ, ...WRITTEN])}) AND reltuples < 0`);
      if (never.length > 0) await db.exec(`ANALYZE ${never.map((r) => r.relname).join(', ')}`);
      state.threshold = Math.max(MIN_ROWS, await sizeOfWritten(db));
    } finally {
      state.running = false;
    }
  }
  state.written += written;
  if (state.running || state.written < state.threshold) return;
  state.running = true;
  try {
    await db.exec(`ANALYZE ${WRITTEN.join(', ')}`);
    state.written = 0;
    state.threshold = Math.max(MIN_ROWS, await sizeOfWritten(db));
  } finally {
    state.running = false;
  }
}
