import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { copyStatement } from './copy-sql.js';
import { NUMERIC_TYPE_IDS, toNumber, type Database, type Queryable, type Row } from './database.js';

type Runner = Pick<Transaction, 'query' | 'exec'>;

const parsers = { [NUMERIC_TYPE_IDS.int8]: toNumber, [NUMERIC_TYPE_IDS.numeric]: toNumber };

function queryable(runner: Runner): Queryable {
  return {
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      const res = await runner.query<T>(sql, params);
      return res.rows;
    },
    async execute(sql: string, params: unknown[] = []) {
      const res = await runner.query(sql, params);
      return res.affectedRows ?? 0;
    },
    async exec(sql: string) {
      await runner.exec(sql);
    },
    async copyCsv(table: string, columns: readonly string[], csv: string) {
      if (csv.length === 0) return 0;
      const res = await runner.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
      return res.affectedRows ?? 0;
    },
    async copyBinary(table: string, columns: readonly string[], data: Uint8Array<ArrayBuffer>) {
      const res = await runner.query(copyStatement(table, columns, "'/dev/blob'", 'binary'), [], { blob: new Blob([data]) });
      return res.affectedRows ?? 0;
    },
  };
}

export interface PgliteOptions {
  /** A directory to persist to; omit for an in-memory database (tests only: large loads collapse in memory). */
  dataDir?: string;
  /** A tarball made by dumpDataDir, to start from a prepared database. */
  loadDataDir?: Blob;
}

export async function openPglite(opts: PgliteOptions): Promise<Database & { pglite: PGlite }> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers,
  });
  const base = queryable(pglite);
  return {
    kind: 'pglite',
    pglite,
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      // PGlite has one connection: its transaction() takes an exclusive lock, so other
      // callers wait. Inside fn, use only tx: the outer handle would wait for this lock.
      return pglite.transaction(async (tx) => fn(queryable(tx)));
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
