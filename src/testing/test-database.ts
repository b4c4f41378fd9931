import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/open-pglite.js';
import { openPostgres } from '../db/open-postgres.js';
import { bootstrapWorkspace, type BootstrappedWorkspace } from '../workspaces/bootstrap-workspace.js';

export type DatabaseKind = 'pglite' | 'postgres';

// Tests are configured here, at the edge of the test harness, not in product code.
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || null;

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const databaseKinds: DatabaseKind[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let counter = 0;

/** A fresh, migrated database of the given kind. close() also drops a PostgreSQL test database. */
export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    const template = readFileSync(inject('pgliteTemplate'));
    return openPglite({ loadDataDir: new Blob([template]) });
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `kanta_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 5);
  await migrate(db);
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  return db;
}

export interface DatabaseTestContext {
  kind: DatabaseKind;
  /** The database of this describe block (valid inside tests and hooks). */
  db: () => Database;
  /** A workspace made for this block, with its plain admin and write keys. */
  ws: () => BootstrappedWorkspace;
}

/**
 * Declares the same tests once per database kind. Each block gets its own fresh database
 * and a workspace "test" with keys.
 */
export function describeEachDatabase(name: string, body: (ctx: DatabaseTestContext) => void): void {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let db: Database | undefined;
      let ws: BootstrappedWorkspace | undefined;
      beforeAll(async () => {
        db = await openTestDatabase(kind);
        ws = await bootstrapWorkspace(db, { slug: 'test', name: 'Test workspace' });
      }, 60_000);
      afterAll(async () => {
        await db?.close();
      });
      body({
        kind,
        db: () => {
          if (!db) throw new Error('database not open yet');
          return db;
        },
        ws: () => {
          if (!ws) throw new Error('workspace not made yet');
          return ws;
        },
      });
    });
  }
}
