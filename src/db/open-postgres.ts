import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { copyStatement } from './copy-sql.js';
import { NUMERIC_TYPE_IDS, toNumber, type Database, type Queryable, type Row } from './database.js';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === NUMERIC_TYPE_IDS.int8 || oid === NUMERIC_TYPE_IDS.numeric) return toNumber;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Streams one COPY ... FROM STDIN on a connection of its own (from a pool) or on the transaction's. */
async function copyIn(client: pg.PoolClient | pg.Pool, statement: string, data: string | Uint8Array): Promise<number> {
  const run = async (c: pg.PoolClient) => {
    const stream = c.query(copyFrom(statement));
    await pipeline(Readable.from([data]), stream);
    return stream.rowCount ?? 0;
  };
  if (client instanceof pg.Pool) {
    const c = await client.connect();
    try {
      return await run(c);
    } finally {
      c.release();
    }
  }
  return run(client);
}

function clientQueryable(client: pg.PoolClient | pg.Pool): Queryable {
  return {
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      const res = await client.query<T>({ text: sql, values: params, types });
      return res.rows;
    },
    async execute(sql: string, params: unknown[] = []) {
      const res = await client.query({ text: sql, values: params, types });
      return res.rowCount ?? 0;
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async copyCsv(table: string, columns: readonly string[], csv: string) {
      if (csv.length === 0) return 0;
      return copyIn(client, copyStatement(table, columns, 'STDIN'), csv);
    },
    async copyBinary(table: string, columns: readonly string[], data: Uint8Array<ArrayBuffer>) {
      return copyIn(client, copyStatement(table, columns, 'STDIN', 'binary'), data);
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server closed (a restart, an administrator's termination, a dropped
  // database) is discarded by the pool and replaced on the next checkout. Without a listener the
  // 'error' event would crash the process; termination by the administrator (57P01) is expected
  // at shutdown, anything else is worth a line on stderr.
  pool.on('error', (err: Error & { code?: string }) => {
    if (err.code !== '57P01') process.stderr.write(`kanta: an idle PostgreSQL connection failed and was dropped: ${err.message}\n`);
  });
  // Fail fast with a clear message when the server is not reachable.
  const probe = await pool.connect();
  probe.release();
  const base = clientQueryable(pool);
  return {
    kind: 'postgres',
    pool,
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(clientQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
