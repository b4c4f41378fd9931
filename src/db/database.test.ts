import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { csvLine } from './copy-sql.js';

describeEachDatabase('database adapter', ({ db, ws }) => {
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
});
