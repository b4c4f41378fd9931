import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { csvLine } from './copy-sql.js';
import { encodeIdFloat8Rows } from './encode-binary-copy.js';

describeEachDatabase('database adapter', ({ db, ws, kind }) => {
  it('normalises bigint, count and numeric to numbers', async () => {
    const rows = await db().query<{ n: number; big: number; num: number }>(
      `SELECT count(*) AS n, 9007199254740991::bigint AS big, 12.34::numeric(14,2) AS num FROM workspaces`,
    );
    expect(rows[0]).toEqual({ n: 1, big: 9007199254740991, num: 12.34 });
  });

  it('rolls a failed transaction back whole', async () => {
    const wsId = ws().workspace.id;
    await expect(
      db().transaction(async (tx) => {
        await tx.query(`INSERT INTO accounts (workspace_id, external_id, name) VALUES ($1, 'tx-1', 'One')`, [wsId]);
        await tx.query(`INSERT INTO accounts (workspace_id, external_id, name) VALUES ($1, 'tx-1', 'Dup')`, [wsId]);
      }),
    ).rejects.toThrow(/duplicate key/);
    const rows = await db().query(`SELECT 1 FROM accounts WHERE workspace_id = $1 AND external_id = 'tx-1'`, [wsId]);
    expect(rows).toHaveLength(0);
  });

  it('keeps the event loop free while a statement runs (PGlite in its own thread)', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    try {
      await db().query('SELECT pg_sleep(0.5)');
    } finally {
      clearInterval(timer);
    }
    // In-process PGlite held the thread for the whole statement: no tick at all.
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('raises constraint errors with their fields, and a statement waits for an open transaction', async () => {
    const wsId = ws().workspace.id;
    await db().query(`INSERT INTO accounts (workspace_id, external_id, name) VALUES ($1, 'fields-1', 'One')`, [wsId]);
    await expect(db().query(`INSERT INTO accounts (workspace_id, external_id, name) VALUES ($1, 'fields-1', 'Two')`, [wsId])).rejects.toMatchObject({
      code: '23505',
      constraint: expect.stringMatching(/external_id/),
      detail: expect.stringContaining('fields-1'),
    });
    let outside: Promise<Array<{ n: number }>> | null = null;
    await db().transaction(async (tx) => {
      await tx.query(`INSERT INTO accounts (workspace_id, external_id, name) VALUES ($1, 'fields-2', 'Two')`, [wsId]);
      outside = db().query<{ n: number }>(`SELECT count(*) AS n FROM accounts WHERE workspace_id = $1 AND external_id = 'fields-2'`, [wsId]);
      await new Promise((r) => setTimeout(r, 50));
    });
    // PGlite's one connection runs the outside statement after the commit; PostgreSQL runs it at once on another connection.
    expect((await outside!)[0]!.n).toBe(kind === 'pglite' ? 1 : 0);
    expect((await db().query<{ n: number }>(`SELECT count(*) AS n FROM accounts WHERE workspace_id = $1 AND external_id = 'fields-2'`, [wsId]))[0]!.n).toBe(1);
  });

  it('bulk-loads CSV with quoting and NULLs through COPY', async () => {
    const wsId = ws().workspace.id;
    const csv =
      csvLine([wsId, 'copy-1', 'Oy "Kanta", Ab', null, { tier: 'gold' }]) + csvLine([wsId, 'copy-2', ' Spaced ', 'x.fi', {}]);
    const n = await db().copyCsv('accounts', ['workspace_id', 'external_id', 'name', 'domain', 'traits'], csv);
    expect(n).toBe(2);
    const rows = await db().query<{ name: string; domain: string | null; traits: unknown }>(
      `SELECT name, domain, traits FROM accounts WHERE workspace_id = $1 AND external_id LIKE 'copy-%' ORDER BY external_id`,
      [wsId],
    );
    expect(rows).toEqual([
      { name: 'Oy "Kanta", Ab', domain: null, traits: { tier: 'gold' } },
      { name: ' Spaced ', domain: 'x.fi', traits: {} },
    ]);
  });

  it('bulk-loads ids and doubles bit for bit through binary COPY, nulls included', async () => {
    await db().exec('CREATE TABLE copy_binary_probe (id bigint NOT NULL, a float8, b float8)');
    try {
      const ids = [1, 2, 2 ** 40 + 7, -5, Number.MAX_SAFE_INTEGER];
      const a = [0.1 + 0.2, -1e-310, 1 / 3, Number.POSITIVE_INFINITY, 123456789.123456789];
      const b = [null, 2.5, Number.MIN_VALUE, -0.0001, undefined];
      // Rows 1..4 only: the range is honoured.
      expect(await db().copyBinary('copy_binary_probe', ['id', 'a', 'b'], encodeIdFloat8Rows(ids, [a, b], 1, 5))).toBe(4);
      expect(await db().copyBinary('copy_binary_probe', ['id', 'a', 'b'], encodeIdFloat8Rows(ids, [a, b], 0, 1))).toBe(1);
      const rows = await db().query<{ id: number; a: number | null; b: number | null }>('SELECT id, a, b FROM copy_binary_probe ORDER BY id');
      expect(rows).toEqual(
        [0, 1, 2, 3, 4].map((i) => ({ id: ids[i], a: a[i], b: b[i] ?? null })).sort((x, y) => x.id! - y.id!),
      );
      // Same values as the text form PostgreSQL would print for them.
      const [text] = await db().query<{ t: string }>(`SELECT a::text AS t FROM copy_binary_probe WHERE id = 1`);
      expect(Number(text!.t)).toBe(0.1 + 0.2);
    } finally {
      await db().exec('DROP TABLE copy_binary_probe');
    }
  });

  it('refuses a row without a whole-number id before anything is sent', () => {
    expect(() => encodeIdFloat8Rows([1, 2.5], [[1, 2]])).toThrow(/row 1 has no whole-number id \(2.5\)/);
  });
});
