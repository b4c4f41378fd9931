import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The PostgreSQL server the benchmarks use (BENCH_DATABASE_URL, default the local trust-auth server). */
export const BENCH_PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database (empty, or a copy of the bench database at `copyOf`); drop() removes it. */
export async function freshPostgres(label: string, options: { copyOf?: string } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kanta_bench_${label}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: BENCH_PG_URL });
  await admin.connect();
  if (options.copyOf) {
    // A copy of another database (which must have no open connections), file by file: faster
    // than WAL-logging every block of a large one.
    const source = new URL(options.copyOf).pathname.slice(1);
    if (!/^kanta_bench_[a-z0-9_]+$/.test(source)) throw new Error(`not a bench database name: ${source}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source} STRATEGY FILE_COPY`);
  } else await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(BENCH_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: BENCH_PG_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** A fresh directory for a PGlite database; remove() deletes it. */
export function freshDataDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `kanta-bench-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A PostgreSQL database under a fixed name, kept between runs (for data that takes long to
 * load); created when missing. drop() removes it.
 */
export async function namedPostgres(name: string): Promise<{ url: string; created: boolean; drop: () => Promise<void> }> {
  if (!/^kanta_bench_[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database name: ${name}`);
  const admin = new pg.Client({ connectionString: BENCH_PG_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(BENCH_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    created: !exists,
    drop: async () => {
      const a = new pg.Client({ connectionString: BENCH_PG_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
