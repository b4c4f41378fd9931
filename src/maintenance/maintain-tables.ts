import type { Database } from '../db/database.js';

/**
 * What autovacuum would do now to one table, by its own formulas (see plan-table-upkeep below).
 * `vacuum` is why the table needs a VACUUM (null: it does not), `analyze` whether it needs an ANALYZE.
 */
export interface TableUpkeep {
  table: string;
  vacuum: 'dead rows' | 'inserts' | 'freeze' | 'uncounted' | null;
  analyze: boolean;
  /** Dead rows the statistics count (what a VACUUM frees for reuse). */
  deadRows: number;
  /** The table's rows as the planner last estimated them (0 before its first ANALYZE or VACUUM). */
  rows: number;
}

export interface TableUpkeepDone extends TableUpkeep {
  /** Time the statement took, in ms (the uncounted tables not due otherwise share one statement). */
  ms: number;
}

export interface MaintainTablesResult {
  /**
   * 'kanta': Kanta vacuumed and analysed what needed it (PGlite, which has no autovacuum; or a
   * PostgreSQL server when asked to). 'autovacuum': the server's autovacuum does it, so nothing ran.
   */
  by: 'kanta' | 'autovacuum';
  /** The statements run, in order. */
  done: TableUpkeepDone[];
  /** Tables due that were left for the next pass, the pass's time budget being spent. */
  left: TableUpkeep[];
  ms: number;
}

export interface MaintainTablesOptions {
  /** Run even where the server's autovacuum is on (`kanta maintain` on PostgreSQL). */
  force?: boolean;
  /** No further table is started once the pass has taken this long, in ms (a VACUUM cannot be cut short). Default no limit. */
  budgetMs?: number;
  /** Called before each statement with its table, how many are done and how many there are. */
  onProgress?: (p: { table: string; done: number; total: number }) => void;
}

/** The server's autovacuum settings, read from the database itself so a changed setting holds for Kanta's passes too. */
interface UpkeepSettings {
  autovacuum: boolean;
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  vacuumMaxThreshold: number;
  insertThreshold: number;
  insertScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
  freezeMaxAge: number;
  multixactFreezeMaxAge: number;
}

/** A table's statistics row (pg_stat_user_tables joined with pg_class). */
export interface TableStatistics {
  table: string;
  rows: number;
  deadRows: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
  xidAge: number;
  multixactAge: number;
}

/**
 * The tables due for a VACUUM or an ANALYZE by autovacuum's own rules (PostgreSQL's
 * "Automatic Vacuuming" settings): dead rows over threshold + scale factor x rows (capped by
 * autovacuum_vacuum_max_threshold where the server has it), inserts since the last VACUUM over
 * the insert threshold (so insert-only tables such as events get their visibility map set and
 * their rows frozen little by little), the oldest transaction id or multixact past the freeze
 * age (without which the database would in the end refuse writes to avoid wraparound), and
 * rows changed since the last ANALYZE over the analyze threshold. Freeze first, then by how far
 * past its threshold each table is; last the `uncounted` tables not due otherwise, whose
 * changes the statistics may not hold (a VACUUM of them reads only the pages changed since
 * their last one).
 */
export function planTableUpkeep(tables: readonly TableStatistics[], s: UpkeepSettings, uncounted: ReadonlySet<string> = new Set()): TableUpkeep[] {
  const plans: Array<TableUpkeep & { urgency: number }> = [];
  for (const t of tables) {
    const rows = Math.max(0, t.rows);
    const deadLimit = Math.min(s.vacuumThreshold + s.vacuumScaleFactor * rows, s.vacuumMaxThreshold);
    const insertLimit = s.insertThreshold + s.insertScaleFactor * rows;
    const analyzeLimit = s.analyzeThreshold + s.analyzeScaleFactor * rows;
    const freeze = t.xidAge > s.freezeMaxAge || t.multixactAge > s.multixactFreezeMaxAge;
    const vacuum = freeze
      ? 'freeze'
      : t.deadRows > deadLimit
        ? 'dead rows'
        : t.insertedSinceVacuum > insertLimit
          ? 'inserts'
          : uncounted.has(t.table)
            ? 'uncounted'
            : null;
    const analyze = t.modifiedSinceAnalyze > analyzeLimit;
    if (!vacuum && !analyze) continue;
    const urgency = freeze ? Number.POSITIVE_INFINITY : vacuum === 'uncounted' && !analyze ? 0 : Math.max(t.deadRows / deadLimit, t.insertedSinceVacuum / insertLimit, t.modifiedSinceAnalyze / analyzeLimit);
    plans.push({ table: t.table, vacuum, analyze, deadRows: t.deadRows, rows, urgency });
  }
  plans.sort((a, b) => b.urgency - a.urgency || a.table.localeCompare(b.table));
  return plans.map(({ urgency: _urgency, ...plan }) => plan);
}

async function readSettings(db: Database): Promise<UpkeepSettings> {
  const [row] = await db.query<Record<string, string | null>>(
    `SELECT current_setting('autovacuum') AS autovacuum, current_setting('track_counts') AS track_counts,
            current_setting('autovacuum_vacuum_threshold') AS vacuum_threshold,
            current_setting('autovacuum_vacuum_scale_factor') AS vacuum_scale_factor,
            current_setting('autovacuum_vacuum_max_threshold', true) AS vacuum_max_threshold,
            current_setting('autovacuum_vacuum_insert_threshold') AS insert_threshold,
            current_setting('autovacuum_vacuum_insert_scale_factor') AS insert_scale_factor,
            current_setting('autovacuum_analyze_threshold') AS analyze_threshold,
            current_setting('autovacuum_analyze_scale_factor') AS analyze_scale_factor,
            current_setting('autovacuum_freeze_max_age') AS freeze_max_age,
            current_setting('autovacuum_multixact_freeze_max_age') AS multixact_freeze_max_age`,
  );
  const num = (key: string, fallback: number) => {
    const v = row?.[key];
    return v === null || v === undefined || v === '' || Number(v) < 0 ? fallback : Number(v);
  };
  return {
    // PGlite reports autovacuum on but runs no launcher: one process, no background workers.
    autovacuum: db.kind === 'postgres' && row?.autovacuum === 'on' && row?.track_counts === 'on',
    vacuumThreshold: num('vacuum_threshold', 50),
    vacuumScaleFactor: num('vacuum_scale_factor', 0.2),
    // -1 (no cap) and servers before PostgreSQL 18 (no such setting) both mean no cap.
    vacuumMaxThreshold: num('vacuum_max_threshold', Number.POSITIVE_INFINITY),
    insertThreshold: num('insert_threshold', 1000),
    insertScaleFactor: num('insert_scale_factor', 0.2),
    analyzeThreshold: num('analyze_threshold', 50),
    analyzeScaleFactor: num('analyze_scale_factor', 0.1),
    freezeMaxAge: num('freeze_max_age', 200_000_000),
    multixactFreezeMaxAge: num('multixact_freeze_max_age', 400_000_000),
  };
}

async function readTableStatistics(db: Database): Promise<TableStatistics[]> {
  // Temp tables (other sessions' included) are not ours to vacuum; partitioned parents hold no rows.
  const rows = await db.query<{ table: string; rows: number; dead: number; inserted: number; modified: number; xid_age: number; mxid_age: number }>(
    `SELECT c.oid::regclass::text AS table, c.reltuples::float8 AS rows, s.n_dead_tup AS dead,
            s.n_ins_since_vacuum AS inserted, s.n_mod_since_analyze AS modified,
            age(c.relfrozenxid) AS xid_age, mxid_age(c.relminmxid) AS mxid_age
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE c.relkind IN ('r', 'm') AND c.relpersistence = 'p'
      ORDER BY 1`,
  );
  return rows.map((r) => ({
    table: r.table,
    rows: Number(r.rows),
    deadRows: Number(r.dead),
    insertedSinceVacuum: Number(r.inserted),
    modifiedSinceAnalyze: Number(r.modified),
    xidAge: Number(r.xid_age),
    multixactAge: Number(r.mxid_age),
  }));
}

/**
 * On PGlite, the tables this handle has not vacuumed yet. PGlite keeps no statistics from one
 * open of the data directory to the next (measured: pg_stat_user_tables is all zeros after a
 * reopen), so the dead rows an earlier process left (a `kanta recompute`, a server before a
 * restart) are counted nowhere: each table is vacuumed once per open. That reads only the
 * pages changed since its last VACUUM (measured on the demo company: every table 785 ms after
 * the demo load and a recompute, 64 ms again at once).
 */
const uncountedTables = new WeakMap<Database, Set<string>>();

/** Whether the server's autovacuum keeps this database's tables (false on PGlite, and on a PostgreSQL server with autovacuum or track_counts off). */
export async function autovacuumRuns(db: Database): Promise<boolean> {
  return (await readSettings(db)).autovacuum;
}

/**
 * One pass of what autovacuum does, for databases where it does not run: PGlite (the embedded
 * default, a single process with no background workers) always; a PostgreSQL server only with
 * `force` (`kanta maintain`; the server's autovacuum does it otherwise). Reads the statistics of
 * every table, picks those due by autovacuum's rules and the server's own settings
 * (planTableUpkeep), and runs `VACUUM (SKIP_LOCKED, ANALYZE)`, `VACUUM (SKIP_LOCKED)` or
 * `ANALYZE (SKIP_LOCKED)` on each in turn (SKIP_LOCKED: a table another process is vacuuming or
 * altering is left for the next pass instead of waited for).
 *
 * Without it the tables that are updated in place (stages, segment members, contacts'
 * traits, care actions) keep every dead row: measured on PostgreSQL with autovacuum off,
 * subject_stages held 644,740 dead rows against 300,060 live after two full recomputes of 100k
 * accounts. VACUUM frees their space for new rows (it does not shrink the files) and runs beside
 * writers; on PGlite each statement holds the one connection while it runs.
 */
export async function maintainTables(db: Database, options: MaintainTablesOptions = {}): Promise<MaintainTablesResult> {
  const started = performance.now();
  const settings = await readSettings(db);
  if (settings.autovacuum && !options.force) return { by: 'autovacuum', done: [], left: [], ms: performance.now() - started };
  const statistics = await readTableStatistics(db);
  let uncounted = uncountedTables.get(db);
  if (!uncounted) {
    uncounted = new Set(db.kind === 'pglite' ? statistics.map((t) => t.table) : []);
    uncountedTables.set(db, uncounted);
  }
  const plan = planTableUpkeep(statistics, settings, uncounted);
  // The uncounted tables not due otherwise (last in the plan) go in one statement: measured on
  // PGlite under ingest, each statement waited 100-200 ms behind the requests' statements, so 30
  // small tables one by one took 5 s, however little each VACUUM had to do.
  const first = plan.findIndex((t) => t.vacuum === 'uncounted' && !t.analyze);
  const steps: TableUpkeep[][] = first < 0 ? plan.map((t) => [t]) : [...plan.slice(0, first).map((t) => [t]), plan.slice(first)];
  const done: TableUpkeepDone[] = [];
  for (const [i, step] of steps.entries()) {
    if (options.budgetMs !== undefined && i > 0 && performance.now() - started >= options.budgetMs) {
      return { by: 'kanta', done, left: steps.slice(i).flat(), ms: performance.now() - started };
    }
    options.onProgress?.({ table: step[0]!.table, done: done.length, total: plan.length });
    const t0 = performance.now();
    const t = step[0]!;
    if (t.vacuum) {
      await db.exec(`VACUUM (SKIP_LOCKED${t.analyze ? ', ANALYZE' : ''}) ${step.map((x) => x.table).join(', ')}`);
      for (const x of step) uncounted.delete(x.table);
    } else {
      await db.exec(`ANALYZE (SKIP_LOCKED) ${t.table}`);
    }
    const ms = performance.now() - t0;
    for (const x of step) done.push({ ...x, ms });
  }
  if (plan.length > 0) options.onProgress?.({ table: '', done: plan.length, total: plan.length });
  return { by: 'kanta', done, left: [], ms: performance.now() - started };
}
