import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/db/database.js';
import { csvLine } from '../../src/db/copy-sql.js';
import { migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/open-pglite.js';
import { openPostgres } from '../../src/db/open-postgres.js';
import { bootstrapWorkspace } from '../../src/workspaces/bootstrap-workspace.js';
import { freshDataDir, freshPostgres } from '../support/databases.js';
import type { ScenarioResult } from '../support/report.js';
import { runCli } from '../support/run-cli.js';
import { round } from '../support/stats.js';
import { writeEventsCsv } from '../support/write-events-csv.js';

const MASTER = fileURLToPath(new URL('../../../shared/data/cdnow/CDNOW_master.txt', import.meta.url));
const TMP = fileURLToPath(new URL('../.tmp/', import.meta.url));
/** Size of the large events CSV in MB (default 1024; 0 skips it; --quick skips it unless set). */
const LARGE_MB = process.env.BENCH_IMPORT_LARGE_MB;

/** CDNOW_master repeated `copies` times with customer ids shifted per copy: same shape, more customers. */
function cdnowFile(copies: number): { path: string; rows: number } {
  mkdirSync(TMP, { recursive: true });
  const lines = readFileSync(MASTER, 'utf8').split(/\r?\n/).filter((l) => /^\s*\d/.test(l));
  const path = `${TMP}cdnow-x${copies}.txt`;
  const out: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const line of lines) {
      const [id, date, qty, amount] = line.trim().split(/\s+/);
      out.push(`${String(Number(id) + c * 100_000).padStart(7)} ${date} ${qty!.padStart(3)} ${amount!.padStart(8)}`);
    }
  }
  writeFileSync(path, out.join('\r\n') + '\r\n');
  return { path, rows: out.length };
}

/** Baseline: the file's records parsed and COPYed as they are into a plain four-column table. */
async function copyBaseline(db: Database, path: string): Promise<number> {
  await db.exec('CREATE TABLE cdnow_raw (customer_id integer, day date, quantity integer, amount numeric(14,2))');
  let csv = '';
  let n = 0;
  let ms = 0;
  const flush = async () => {
    const t0 = performance.now();
    await db.copyCsv('cdnow_raw', ['customer_id', 'day', 'quantity', 'amount'], csv);
    ms += performance.now() - t0;
    csv = '';
  };
  for await (const line of createInterface({ input: createReadStream(path) })) {
    const [id, date, qty, amount] = line.trim().split(/\s+/);
    csv += csvLine([id, `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`, qty, amount]);
    if (++n % 10_000 === 0) await flush();
  }
  await flush();
  return n / (ms / 1000);
}

/**
 * Second baseline: the same records COPYed straight into Kanta's own tables of a fresh migrated
 * database (accounts, then orders and their lines, with every index, constraint and foreign key
 * the import writes through), in one transaction, with no upsert, no check and no recompute
 * queue: the least the first import's writes can cost. Only the COPY calls and the commit are timed.
 */
async function copyIntoTablesBaseline(db: Database, path: string): Promise<number> {
  await migrate(db);
  const ws = (await bootstrapWorkspace(db, { slug: 'bench', name: 'Bench' })).workspace.id;
  const records: string[][] = [];
  for await (const line of createInterface({ input: createReadStream(path) })) if (/^\s*\d/.test(line)) records.push(line.trim().split(/\s+/));
  const customers = [...new Set(records.map((r) => r[0]!))].sort((a, b) => Number(a) - Number(b));
  let ms = 0;
  const timed = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    ms += performance.now() - t0;
  };
  // BEGIN and COMMIT as statements, so the commit is timed too: the caller opens PostgreSQL with
  // a pool of one connection (PGlite has one), so every statement here runs in this transaction.
  await timed(() => db.exec('BEGIN'));
  await timed(() => db.copyCsv('accounts', ['workspace_id', 'external_id', 'kind', 'name'], customers.map((c) => csvLine([ws, `cdnow-${c}`, 'consumer', `CDNOW customer ${Number(c)}`])).join('')));
  const ids = new Map((await db.query<{ id: number; external_id: string }>('SELECT id, external_id FROM accounts WHERE workspace_id = $1', [ws])).map((r) => [r.external_id, Number(r.id)]));
  const perDay = new Map<string, number>();
  for (let start = 0; start < records.length; start += 50_000) {
    let orders = '';
    let lines = '';
    for (let i = start; i < Math.min(records.length, start + 50_000); i++) {
      const [customer, day, quantity, amount] = records[i]!;
      const key = `${customer}-${day}`;
      const seq = (perDay.get(key) ?? 0) + 1;
      perDay.set(key, seq);
      const at = `${day!.slice(0, 4)}-${day!.slice(4, 6)}-${day!.slice(6, 8)}T00:00:00Z`;
      orders += csvLine([ws, i + 1, `cdnow-${key}-${seq}`, ids.get(`cdnow-${customer}`), 'USD', amount, quantity, at, 'import']);
      lines += csvLine([ws, i + 1, 1, 'CD', 'music', quantity, (Number(amount) / Math.max(1, Number(quantity))).toFixed(2), amount]);
    }
    await timed(() => db.copyCsv('orders', ['workspace_id', 'id', 'external_id', 'account_id', 'currency', 'total', 'quantity', 'ordered_at', 'source'], orders));
    await timed(() => db.copyCsv('order_lines', ['workspace_id', 'order_id', 'line_no', 'name', 'category', 'quantity', 'unit_price', 'amount'], lines));
  }
  await timed(() => db.exec('COMMIT'));
  return records.length / (ms / 1000);
}

/**
 * A large events CSV (about `mb` MB, written to the OS temp folder and deleted afterwards)
 * imported through the CLI into a fresh PostgreSQL database, sampling the CLI's RSS: the import
 * must stream (memory independent of the file's size).
 */
async function largeFileRow(mb: number, log: (s: string) => void): Promise<ScenarioResult['rows'][number]> {
  const dir = mkdtempSync(join(tmpdir(), 'kanta-bench-import-large-'));
  const target = await freshPostgres('import_large');
  try {
    const path = join(dir, 'events.csv');
    const file = await writeEventsCsv(path, mb * 1024 * 1024);
    log(`postgres: events CSV of ${round(file.bytes / 1024 ** 3, 2)} GB (${file.rows} rows)`);
    const db = await openPostgres(target.url, 2);
    await migrate(db);
    await bootstrapWorkspace(db, { slug: 'bench', name: 'Bench' });
    await db.close();
    const load = loadavg()[0]!;
    const run = await runCli(['--database-url', target.url, '--json', 'import', 'events', path]);
    if (run.code !== 0) throw new Error(`large import failed (${run.code}): ${run.stderr.slice(0, 2000)}`);
    const result = JSON.parse(run.stdout) as { elapsed_ms: number; rows_imported: number; changes: Record<string, { inserted: number }> };
    if (result.rows_imported !== file.rows || result.changes.events?.inserted !== file.rows) {
      throw new Error(`large import stored ${result.changes.events?.inserted} events of ${file.rows}`);
    }
    return {
      database: 'postgres',
      file: `events CSV ${round(file.bytes / 1024 ** 3, 2)} GB`,
      rows: file.rows,
      customers: result.changes.contacts?.inserted ?? null,
      'import rows/s (first)': Math.round(file.rows / (result.elapsed_ms / 1000)),
      'process wall s': round(run.seconds, 1),
      'CLI peak RSS MB': Math.round(run.peakRssMb),
      'load avg at start': round(load),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await target.drop();
  }
}

export async function importScenario(opts: { quick: boolean; log: (s: string) => void }): Promise<ScenarioResult> {
  const copies = opts.quick ? [1] : [1, 4, 16];
  const largeMb = LARGE_MB !== undefined ? Number(LARGE_MB) : opts.quick ? 0 : 1024;
  const rows: ScenarioResult['rows'] = [];
  for (const kind of ['postgres', 'pglite'] as const) {
    for (const c of copies) {
      const file = cdnowFile(c);
      opts.log(`${kind}: CDNOW_master x${c} (${file.rows} rows)`);
      const pgTarget = kind === 'postgres' ? await freshPostgres('import') : null;
      const dir = kind === 'pglite' ? freshDataDir('import') : null;
      const open = () => (pgTarget ? openPostgres(pgTarget.url, 2) : openPglite({ dataDir: dir!.dir }));
      let db = await open();
      await migrate(db);
      await bootstrapWorkspace(db, { slug: 'bench', name: 'Bench' });
      const copyRate = await copyBaseline(db, file.path);
      await db.close();
      const tablesTarget = kind === 'postgres' ? await freshPostgres('import_tables') : null;
      const tablesDir = kind === 'pglite' ? freshDataDir('import_tables') : null;
      const tablesDb = tablesTarget ? await openPostgres(tablesTarget.url, 1) : await openPglite({ dataDir: tablesDir!.dir });
      const tablesRate = await copyIntoTablesBaseline(tablesDb, file.path);
      await tablesDb.close();
      await tablesTarget?.drop();
      tablesDir?.remove();
      const where = pgTarget ? ['--database-url', pgTarget.url] : ['--data-dir', dir!.dir];
      const load = loadavg()[0]!;
      const first = await runCli([...where, '--json', 'import', 'orders', file.path, '--format', 'cdnow']);
      if (first.code !== 0) throw new Error(`import failed (${first.code}): ${first.stderr.slice(0, 2000)}`);
      const again = await runCli([...where, '--json', 'import', 'orders', file.path, '--format', 'cdnow']);
      if (again.code !== 0) throw new Error(`re-import failed (${again.code}): ${again.stderr.slice(0, 2000)}`);
      db = await open();
      const [counts] = await db.query<{ orders: number; accounts: number }>(
        `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM accounts) AS accounts`,
      );
      await db.close();
      if (counts!.orders !== file.rows) throw new Error(`import stored ${counts!.orders} orders of ${file.rows}`);
      const result = JSON.parse(first.stdout) as { elapsed_ms: number };
      const repeated = JSON.parse(again.stdout) as { elapsed_ms: number; changes: Record<string, { inserted: number; updated: number }> };
      if (Object.values(repeated.changes).some((c) => c.inserted + c.updated > 0)) throw new Error(`re-import changed rows: ${JSON.stringify(repeated.changes)}`);
      const useCaseSeconds = result.elapsed_ms / 1000;
      rows.push({
        database: kind,
        file: `CDNOW_master x${c}`,
        rows: file.rows,
        customers: counts!.accounts,
        'import rows/s (first)': Math.round(file.rows / useCaseSeconds),
        'process wall s': round(first.seconds, 1),
        're-import rows/s': Math.round(file.rows / (repeated.elapsed_ms / 1000)),
        'COPY rows/s': Math.round(copyRate),
        'import / COPY': round(file.rows / useCaseSeconds / copyRate, 2),
        'COPY into Kanta tables rows/s': Math.round(tablesRate),
        'import / COPY into tables': round(file.rows / useCaseSeconds / tablesRate, 2),
        'CLI peak RSS MB': Math.round(first.peakRssMb),
        'load avg at start': round(load),
      });
      opts.log(JSON.stringify(rows[rows.length - 1]));
      await pgTarget?.drop();
      dir?.remove();
    }
  }
  if (largeMb > 0) {
    rows.push(await largeFileRow(largeMb, opts.log));
    opts.log(JSON.stringify(rows[rows.length - 1]));
  }
  return {
    scenario: 'import',
    title: 'CSV import of CDNOW orders (`kanta import orders FILE --format cdnow`) and of a large events CSV',
    baseline: 'the same records parsed and COPYed into a plain four-column table of the same database; and COPYed straight into Kanta\'s accounts, orders and order_lines tables of a fresh migrated database',
    target: '>= 100,000 rows/s for CDNOW_master.txt (69,659 orders); a 1 GB CSV imports in under 300 MB RSS',
    columns: [
      'database', 'file', 'rows', 'customers', 'import rows/s (first)', 'process wall s', 're-import rows/s', 'COPY rows/s', 'import / COPY', 'COPY into Kanta tables rows/s', 'import / COPY into tables', 'CLI peak RSS MB',
      'load avg at start',
    ],
    rows,
    notes: [
      'Each order becomes an orders row and an order_lines row, and each customer an account: the first import writes about 2.3 rows per record into indexed tables (accounts: 11 indexes, two of them trigram GINs (the second, and a domain index, from migration 0021, 2026-12-03: by hand at x1 they cost up to about 6 % on PostgreSQL, no difference beyond the noise on PGlite); orders: 5 and 3 foreign keys; order_lines: 2 and 2 foreign keys), all in one transaction.',
      '"import rows/s" and "re-import rows/s" are the import use case\'s own time as the CLI reports it (before December 2026 "re-import rows/s" was taken over the whole process); "process wall s" adds starting Node and opening the database.',
      'Larger sizes repeat CDNOW_master with customer ids shifted per copy. The re-import must change nothing (checked); it writes and locks no row.',
      'The first import is bound by the database\'s per-row work, not by reading, checking or COPY (about 0.3 s at x1, and each COPY overlaps reading the next batch): the merge statements take about 3.2 s of 3.7 s at x1 on PostgreSQL (accounts 0.8 s, orders with their lines 2.2 s, the recompute queue 0.2 s), a quarter to a third of it in the five foreign-key triggers (EXPLAIN ANALYZE), the rest in heap and index writes (about 774,000 WAL records for the orders and lines). The 100,000 rows/s target is not met by the first import; the re-import (which writes nothing) reached it on PostgreSQL in the run of 2026-12-02 11:13 (116-130k rows/s) and not before (85-92k).',
      '"COPY into Kanta tables" (from 2026-12-03) is the least the first import\'s writes can cost: the records COPYed straight into accounts, orders and order_lines of a fresh migrated database, with every index and foreign key the import writes through, in one transaction, without upsert, checks or recompute queue. It is below the 100,000 rows/s target by itself (in the run above 21,388-23,787 rows/s on PostgreSQL and 11,432-18,577 on PGlite, the import at 0.58-0.96 of it; in the run of 2026-12-03 00:49, on another machine and before migration 0021, 27,991-34,073 and 15,588-19,232, the import at 0.70-0.82), so no import into this data model meets the target on this machine. The run before (2026-12-02 11:13, another machine, the import\'s code the same) had first imports of 19,023-20,500 rows/s on PostgreSQL and 10,642-11,863 on PGlite. Measured by hand the same day on PostgreSQL at x1, in scratch databases: the three COPYs took 1.86-1.99 s in all (accounts 0.48, orders 0.91-0.97, lines 0.47-0.55); 1.20 s with the foreign-key triggers disabled (orders 0.52, lines 0.20), 1.30 s without the ten secondary indexes, 1.81 s without the trigram index alone, and 0.41 s (about 170,000 rows/s) with none of the three: only then is 100,000 rows/s in reach.',
      `The events CSV row: a generated file (name, occurred_at, user_id, message_id and five properties.* columns, about 215 bytes a row, 200,000 users) in the OS temp folder, imported with \`kanta import events FILE\` into an empty PostgreSQL database and deleted afterwards; "customers" is the contacts the import created. No re-import or COPY baseline for it (each would take as long again). Its size is BENCH_IMPORT_LARGE_MB (default 1024 in a full run; 0 skips it; --quick skips it unless set).`,
      `The 1 GB row's "CLI peak RSS" is sampled every 50 ms from /proc and varies between runs of the same code (252 MB on 2026-12-01, 400 MB on 2026-12-02 11:13, 281 MB on 2026-12-03); the peak the kernel reported (/usr/bin/time, maxrss) for the same import run by hand right after was 284 MB at 8cf1498 and 287 MB at cf34780: under 300 MB, with little margin.`,
      '"load avg at start" is the machine\'s 1-minute load average when the first import began (2 cores shared with other work: a high load slows both Kanta and the baseline).',
    ],
  };
}
