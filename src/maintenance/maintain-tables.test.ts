import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/open-pglite.js';
import { bootstrapWorkspace } from '../workspaces/bootstrap-workspace.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { maintainTables, planTableUpkeep, type TableStatistics } from './maintain-tables.js';
import { startMaintenanceWorker } from './run-maintenance-worker.js';
import type { MaintainTablesResult } from './maintain-tables.js';

const SETTINGS = {
  autovacuum: false,
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  vacuumMaxThreshold: Number.POSITIVE_INFINITY,
  insertThreshold: 1000,
  insertScaleFactor: 0.2,
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
  freezeMaxAge: 200_000_000,
  multixactFreezeMaxAge: 400_000_000,
};
const quiet = (table: string, rows: number): TableStatistics => ({ table, rows, deadRows: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0, xidAge: 1000, multixactAge: 1 });

describe('planTableUpkeep (autovacuum rules)', () => {
  it('picks tables past their dead-row, insert, analyze or freeze limits, freeze first, then the furthest past', () => {
    const plan = planTableUpkeep(
      [
        quiet('untouched', 10_000),
        { ...quiet('just_under', 10_000), deadRows: 2_050, modifiedSinceAnalyze: 1_050 }, // limits 2,050 and 1,050: not past
        { ...quiet('stages', 10_000), deadRows: 8_000, modifiedSinceAnalyze: 8_000 },
        { ...quiet('events', 100_000), insertedSinceVacuum: 30_000, modifiedSinceAnalyze: 30_000 },
        { ...quiet('members', 1_000), modifiedSinceAnalyze: 200 },
        { ...quiet('old', 5), xidAge: 200_000_001 },
        { ...quiet('never_analysed', -1), deadRows: 51 },
      ],
      SETTINGS,
    );
    expect(plan.map((p) => [p.table, p.vacuum, p.analyze])).toEqual([
      ['old', 'freeze', false],
      ['stages', 'dead rows', true], // 8,000 changed against a limit of 1,050: 7.6 times
      ['events', 'inserts', true], // 30,000 changed against 10,050: 3.0 times (and 30,000 inserted against 21,000)
      ['members', null, true], // 200 changed against 150
      ['never_analysed', 'dead rows', false], // 51 dead against 50
    ]);
  });

  it('vacuums the uncounted tables that are not due otherwise last', () => {
    const plan = planTableUpkeep(
      [quiet('a', 100), { ...quiet('b', 100), deadRows: 100 }, { ...quiet('c', 100), modifiedSinceAnalyze: 100 }, quiet('d', 100)],
      SETTINGS,
      new Set(['a', 'b', 'c']),
    );
    expect(plan.map((p) => [p.table, p.vacuum, p.analyze])).toEqual([
      ['c', 'uncounted', true],
      ['b', 'dead rows', false],
      ['a', 'uncounted', false],
    ]);
  });

  it('caps the dead-row limit at autovacuum_vacuum_max_threshold', () => {
    const big = { ...quiet('big', 1_000_000_000), deadRows: 150_000_000 };
    expect(planTableUpkeep([big], SETTINGS)).toEqual([]);
    expect(planTableUpkeep([big], { ...SETTINGS, vacuumMaxThreshold: 100_000_000 })).toMatchObject([{ table: 'big', vacuum: 'dead rows' }]);
  });
});

describeEachDatabase('maintainTables', ({ kind, db, ws }) => {
  const w = () => ws().workspace.id;
  const stats = async (table: string) => {
    const [row] = await db().query<{ dead: number; live: number; analysed: boolean }>(
      `SELECT n_dead_tup AS dead, n_live_tup AS live, (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analysed FROM pg_stat_user_tables WHERE relid = $1::regclass`,
      [table],
    );
    return row!;
  };
  /** Runs fn and flushes its statistics at commit (PostgreSQL flushes a backend's counts at most once a second otherwise). */
  const counted = (fn: (tx: Queryable) => Promise<unknown>) =>
    db().transaction(async (tx) => {
      await fn(tx);
      await tx.query('SELECT pg_stat_force_next_flush()');
    });
  const churnAccounts = async (rounds: number) => {
    for (let r = 0; r < rounds; r++) {
      await counted((tx) => tx.execute(`UPDATE accounts SET traits = jsonb_build_object('round', $2::int) WHERE workspace_id = $1`, [w(), r]));
    }
  };

  it('vacuums and analyses a table whose rows were updated in place, and then leaves it be', async () => {
    await counted((tx) =>
      tx.execute(`INSERT INTO accounts (workspace_id, external_id, name) SELECT $1, 'acc-' || g, 'Account ' || g FROM generate_series(1, 2000) g`, [w()]),
    );
    await maintainTables(db(), { force: true });
    await churnAccounts(3);
    const before = await stats('accounts');
    expect(before.dead).toBeGreaterThanOrEqual(4_000);

    const result = await maintainTables(db(), { force: true });
    expect(result.by).toBe('kanta');
    const accounts = result.done.find((t) => t.table === 'accounts');
    expect(accounts).toMatchObject({ vacuum: 'dead rows', analyze: true });
    expect(accounts!.deadRows).toBeGreaterThanOrEqual(4_000);
    const after = await stats('accounts');
    expect(after.dead).toBe(0);
    expect(after.analysed).toBe(true);
    expect(after.live).toBe(2_000);

    // Nothing changed since: the next pass does not touch it.
    const again = await maintainTables(db(), { force: true });
    expect(again.done.map((t) => t.table)).not.toContain('accounts');
  });

  it('keeps the table from growing: space freed by each pass is reused by the next updates', async () => {
    const pages = async () => {
      const [row] = await db().query<{ pages: number }>(`SELECT pg_relation_size('accounts') / current_setting('block_size')::int AS pages`);
      return Number(row!.pages);
    };
    await maintainTables(db(), { force: true });
    const start = await pages();
    for (let i = 0; i < 4; i++) {
      await churnAccounts(1);
      await maintainTables(db(), { force: true });
    }
    const maintained = await pages();
    await churnAccounts(4);
    const unmaintained = (await pages()) - maintained;
    // Four updates of every row with a pass after each: at most about one round's new pages;
    // without the passes the same four rounds add about four rounds' pages.
    expect(maintained - start).toBeLessThan(unmaintained / 2);
    await maintainTables(db(), { force: true });
  });

  it('leaves a server with autovacuum on to it, unless forced', async () => {
    const [row] = await db().query<{ on: boolean }>(`SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AS on`);
    const result = await maintainTables(db());
    expect(result.by).toBe(kind === 'postgres' && row!.on ? 'autovacuum' : 'kanta');
  });

  it('starts no new table once its time budget is spent, and reports the rest as left', async () => {
    await churnAccounts(2);
    await counted(async (tx) => {
      await tx.execute(`INSERT INTO contacts (workspace_id, external_id) SELECT $1, 'budget-' || g FROM generate_series(1, 500) g`, [w()]);
      await tx.execute(`UPDATE contacts SET first_name = 'Aino' WHERE workspace_id = $1 AND external_id LIKE 'budget-%'`, [w()]);
    });
    const due = await maintainTables(db(), { force: true, budgetMs: 0 });
    expect(due.done).toHaveLength(1);
    expect(due.left.length).toBeGreaterThan(0);
    const rest = await maintainTables(db(), { force: true });
    expect(rest.done.map((t) => t.table).sort()).toEqual(due.left.map((t) => t.table).sort());
  });

  it('runs passes in the background every interval and reports those that did something', async () => {
    await churnAccounts(2);
    const passes: MaintainTablesResult[] = [];
    const errors: unknown[] = [];
    const worker = startMaintenanceWorker(db(), { intervalMs: 20, force: true, onPass: (r) => passes.push(r), onError: (e) => errors.push(e) });
    const until = Date.now() + 10_000;
    while (!passes.some((p) => p.done.some((t) => t.table === 'accounts')) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(errors).toEqual([]);
    expect(passes.every((p) => p.done.length > 0)).toBe(true);
    expect(passes.flatMap((p) => p.done.map((t) => t.table))).toContain('accounts');
    expect((await stats('accounts')).dead).toBe(0);
  });
});

describe('maintainTables on a reopened PGlite data directory', () => {
  it('vacuums each table once per open, since the dead rows of an earlier process are counted nowhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanta-maintain-'));
    const pages = async (db: Queryable) => {
      const [row] = await db.query<{ pages: number }>(`SELECT pg_relation_size('accounts') / current_setting('block_size')::int AS pages`);
      return Number(row!.pages);
    };
    const churn = (db: Queryable, w: number, round: number) =>
      db.execute(`UPDATE accounts SET traits = jsonb_build_object('round', $2::int) WHERE workspace_id = $1`, [w, round]);
    try {
      let db = await openPglite({ dataDir: dir });
      await migrate(db);
      const w = (await bootstrapWorkspace(db, { slug: 'reopen', name: 'Reopen' })).workspace.id;
      await db.execute(`INSERT INTO accounts (workspace_id, external_id, name) SELECT $1, 'acc-' || g, 'Account ' || g FROM generate_series(1, 2000) g`, [w]);
      await maintainTables(db);
      const start = await pages(db);
      await churn(db, w, 1);
      await db.close();

      db = await openPglite({ dataDir: dir });
      const [counted] = await db.query<{ dead: number }>(`SELECT n_dead_tup AS dead FROM pg_stat_user_tables WHERE relid = 'accounts'::regclass`);
      expect(Number(counted!.dead)).toBe(0);
      const first = await maintainTables(db);
      expect(first.done.find((t) => t.table === 'accounts')).toMatchObject({ vacuum: 'uncounted' });
      // The space of the earlier process's dead rows was freed: another round of updates mostly
      // fits in it (measured: 33 pages after the insert, 66 after the first round, 77 after the
      // second; without the VACUUM each round adds a whole table's pages, 99).
      await churn(db, w, 2);
      expect(await pages(db)).toBeLessThan(start * 2.5);
      // Once per open: a second pass finds accounts due only by its own statistics (the round just made).
      const second = await maintainTables(db);
      expect(second.done.filter((t) => t.vacuum === 'uncounted')).toEqual([]);
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
