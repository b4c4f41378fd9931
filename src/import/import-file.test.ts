import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { importFile, type ImportFileInput } from './import-file.js';
import type { ImportIssue, ImportKind } from './import-target.js';
import { rejectFile } from './write-reject-file.js';

/** The text in small chunks, so rows cross chunk boundaries. */
async function* chunks(text: string, size = 61): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

const tmp = mkdtempSync(join(tmpdir(), 'kanta-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeEachDatabase('import accounts and contacts', ({ db }) => {
  let n = 0;
  const workspace = async () => (await createWorkspace(db(), { slug: `imp-${++n}`, name: `Import ${n}` })).id;
  const run = (ws: number, kind: ImportKind, text: string, opts: Partial<ImportFileInput> = {}) =>
    importFile(db(), ws, { kind, format: 'csv', source: chunks(text), bytesTotal: Buffer.byteLength(text), ...opts });
  const accounts = (ws: number) =>
    db().query('SELECT external_id, kind, name, domain, industry, employees, country, owner, traits FROM accounts WHERE workspace_id = $1 ORDER BY external_id', [ws]);

  it('imports accounts by header names and aliases, normalising values and gathering trait columns', async () => {
    const ws = await workspace();
    const text =
      'Account ID,Company,Country,Employees,Website,Industry,Type,trait.Plan Tier,traits.seats,traits\n' +
      'A1,Acme Oy,fi,120,https://www.acme.fi/,Software,,pro,12,"{""since"": 2019}"\n' +
      'A2,"Beta, Inc.",US,,beta.com,,consumer,,,\n';
    const result = await run(ws, 'accounts', text);
    expect(result).toMatchObject({ status: 'succeeded', rows_read: 2, rows_imported: 2, rows_rejected: 0, error_count: 0 });
    expect(result.changes).toEqual({ accounts: { inserted: 2, updated: 0 } });
    expect(result.bytes_read).toBe(Buffer.byteLength(text));
    expect(await accounts(ws)).toEqual([
      { external_id: 'A1', kind: 'organization', name: 'Acme Oy', domain: 'www.acme.fi', industry: 'Software', employees: 120, country: 'FI', owner: null, traits: { since: 2019, 'Plan Tier': 'pro', seats: 12 } },
      { external_id: 'A2', kind: 'consumer', name: 'Beta, Inc.', domain: 'beta.com', industry: null, employees: null, country: 'US', owner: null, traits: {} },
    ]);
  });

  it('imports contacts through a mapping, linking accounts and creating the ones not there yet', async () => {
    const ws = await workspace();
    await run(ws, 'accounts', 'external_id,name\nACME,Acme Oy\n');
    const mapping = { external_id: 'Asiakasnro', email: 'Sähköposti', first_name: 'Etunimi', account_external_id: 'Yritys', 'trait.segment': 'Segmentti', buying_role: 'Rooli' };
    const text = 'Asiakasnro;Etunimi;Sähköposti;Yritys;Segmentti;Rooli;Muistiinpano\nC1;Anna;anna@acme.fi;ACME;A;Decision maker;ignored\nC2;Ville;ville@new.fi;NEWCO;;champion;\n';
    const result = await run(ws, 'contacts', text, { mapping, delimiter: ';' });
    expect(result).toMatchObject({ status: 'succeeded', rows_imported: 2 });
    expect(result.changes).toEqual({ accounts: { inserted: 1, updated: 0 }, contacts: { inserted: 2, updated: 0 } });
    const rows = await db().query(
      `SELECT c.external_id, c.email, c.first_name, c.buying_role, c.traits, a.external_id AS account, a.name AS account_name
         FROM contacts c LEFT JOIN accounts a ON a.workspace_id = c.workspace_id AND a.id = c.account_id
        WHERE c.workspace_id = $1 ORDER BY c.external_id`,
      [ws],
    );
    expect(rows).toEqual([
      { external_id: 'C1', email: 'anna@acme.fi', first_name: 'Anna', buying_role: 'decision_maker', traits: { segment: 'A' }, account: 'ACME', account_name: 'Acme Oy' },
      { external_id: 'C2', email: 'ville@new.fi', first_name: 'Ville', buying_role: 'champion', traits: {}, account: 'NEWCO', account_name: 'NEWCO' },
    ]);
  });

  it('rejects a file with bad rows whole, reporting every bad row by line and field', async () => {
    const ws = await workspace();
    const text =
      'external_id,name,country,employees,domain\n' +
      'A1,Good Oy,FI,10,good.fi\n' +
      ',Missing Id,FI,1,a.fi\n' +
      'A3,"Two\nlines",XX,-5,b.fi\n' +
      'A4,Good Too,SE,20,c.se\n' +
      'A5,Bad Domain,FI,3,not a domain\n' +
      'A6,Too many,FI,3,d.fi,extra\n';
    const streamed: ImportIssue[] = [];
    const result = await run(ws, 'accounts', text, { onIssue: (i) => streamed.push(i) });
    expect(result).toMatchObject({ status: 'failed', rows_read: 6, rows_imported: 0, rows_rejected: 4, error_count: 5 });
    expect(result.error_summary).toBe('4 of 6 rows are invalid; nothing was imported');
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'external_id'],
      [4, 'employees'],
      [4, 'country'],
      [7, 'domain'],
      [8, null],
    ]);
    expect(result.errors[2]!.message).toMatch(/ISO 3166-1 alpha-2.*"XX"/);
    expect(result.errors[4]!.message).toBe('has 6 fields; the header has 5');
    expect(streamed).toEqual(result.errors);
    expect(await accounts(ws)).toEqual([]);
  });

  it('keeps the first 1000 errors and counts them all', async () => {
    const ws = await workspace();
    let text = 'external_id,name,employees\n';
    for (let i = 0; i < 1200; i++) text += `A${i},Name ${i},many\n`;
    let streamed = 0;
    const result = await run(ws, 'accounts', text, { onIssue: () => streamed++ });
    expect(result).toMatchObject({ status: 'failed', rows_rejected: 1200, error_count: 1200 });
    expect(result.errors).toHaveLength(1000);
    expect(result.errors[999]).toMatchObject({ line: 1001, field: 'employees' });
    expect(streamed).toBe(1200);
  });

  it('with skipInvalid imports the valid rows and writes the rejected ones with reasons, re-importable once fixed', async () => {
    const ws = await workspace();
    const path = join(tmp, 'accounts.rejects.csv');
    const sink = rejectFile(path);
    const text = 'external_id,name,country\nA1,Good,FI\nA2,Bad,Finland\n,No id,SE\nA4,Good too,SE\n';
    const result = await run(ws, 'accounts', text, { skipInvalid: true, rejects: sink });
    await sink.close();
    expect(result).toMatchObject({ status: 'succeeded', rows_read: 4, rows_imported: 2, rows_rejected: 2, reject_columns: ['external_id', 'name', 'country'] });
    expect(result.error_summary).toBe('Imported 2 rows; rejected 2 invalid rows');
    expect((await accounts(ws)).map((a) => a.external_id)).toEqual(['A1', 'A4']);
    const rejects = readFileSync(path, 'utf8');
    expect(rejects).toBe(
      'kanta_line,kanta_errors,external_id,name,country\n' +
        '3,"country: must be an ISO 3166-1 alpha-2 country code like FI or SE, got ""Finland""",A2,Bad,Finland\n' +
        '4,external_id: is required,,No id,SE\n',
    );
    const fixed = rejects.replace(',Bad,Finland', ',Bad,FI').replace(',,No id', ',A3,No id');
    const again = await run(ws, 'accounts', fixed);
    expect(again).toMatchObject({ status: 'succeeded', rows_imported: 2 });
    expect((await accounts(ws)).map((a) => a.external_id)).toEqual(['A1', 'A2', 'A3', 'A4']);
  });

  it('stages in many small COPYs overlapping the reading, with rejects between them, and rolls all of them back when the file fails', async () => {
    const ws = await workspace();
    let text = 'external_id,name,employees\n';
    for (let i = 1; i <= 40; i++) text += i % 7 === 0 ? `A${i},Bad ${i},lots\n` : `A${i},Name ${i},${i}\n`;
    const failed = await run(ws, 'accounts', text, { batchSize: 3 });
    expect(failed).toMatchObject({ status: 'failed', rows_read: 40, rows_imported: 0, rows_rejected: 5 });
    expect(await accounts(ws)).toEqual([]);

    const path = join(tmp, 'batches.rejects.csv');
    const sink = rejectFile(path);
    const result = await run(ws, 'accounts', text, { batchSize: 3, skipInvalid: true, rejects: sink });
    await sink.close();
    expect(result).toMatchObject({ status: 'succeeded', rows_read: 40, rows_imported: 35, rows_rejected: 5 });
    expect(result.changes).toEqual({ accounts: { inserted: 35, updated: 0 } });
    const stored = await accounts(ws);
    expect(stored).toHaveLength(35);
    expect(stored.find((a) => a.external_id === 'A40')).toMatchObject({ name: 'Name 40', employees: 40 });
    expect(readFileSync(path, 'utf8').split('\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['8', '15', '22', '29', '36']);
  });

  it('changes nothing, not even updated_at, and locks no row when the same file is imported again', async () => {
    const ws = await workspace();
    const acc = 'external_id,name,country,employees,trait.tier\nA1,Acme,FI,10,gold\nA2,Beta,SE,,silver\n';
    const con = 'external_id,account_external_id,email,first_name,traits\nC1,A1,a@acme.fi,Anna,"{""x"": {""y"": 1}}"\nC2,A3,b@new.fi,Bo,\n';
    await run(ws, 'accounts', acc);
    await run(ws, 'contacts', con);
    const snapshot = () =>
      db().query(
        `SELECT 'a' AS t, id, xmin::text AS xmin, xmax::text AS xmax, updated_at FROM accounts WHERE workspace_id = $1
         UNION ALL SELECT 'c', id, xmin::text, xmax::text, updated_at FROM contacts WHERE workspace_id = $1 ORDER BY 1, 2`,
        [ws],
      );
    const before = await snapshot();
    expect(before).toHaveLength(5);
    const a2 = await run(ws, 'accounts', acc);
    const c2 = await run(ws, 'contacts', con);
    expect(a2.changes).toEqual({ accounts: { inserted: 0, updated: 0 } });
    expect(c2.changes).toEqual({ accounts: { inserted: 0, updated: 0 }, contacts: { inserted: 0, updated: 0 } });
    expect(await snapshot()).toEqual(before);
  });

  it('updates only the columns a file has, keeps the last of repeated rows, and merges traits', async () => {
    const ws = await workspace();
    await run(ws, 'accounts', 'external_id,name,domain,owner,trait.a\nA1,Acme,acme.fi,Liisa,1\n');
    const [{ updated_at: first }] = (await db().query('SELECT updated_at FROM accounts WHERE workspace_id = $1', [ws])) as [{ updated_at: Date }];
    const result = await run(ws, 'accounts', 'external_id,name,trait.b\nA1,Acme Old,2\nA1,Acme Oyj,2\n');
    expect(result.changes).toEqual({ accounts: { inserted: 0, updated: 1 } });
    const [row] = (await db().query('SELECT name, domain, owner, traits, updated_at FROM accounts WHERE workspace_id = $1', [ws])) as [Record<string, unknown>];
    expect(row).toMatchObject({ name: 'Acme Oyj', domain: 'acme.fi', owner: 'Liisa', traits: { a: 1, b: 2 } });
    expect((row.updated_at as Date).getTime()).toBeGreaterThanOrEqual(first.getTime());
  });

  it('refuses a header it cannot map, naming the column or field', async () => {
    const ws = await workspace();
    const unknown = await run(ws, 'accounts', 'external_id,name,colour\nA1,Acme,red\n');
    expect(unknown).toMatchObject({ status: 'failed', rows_read: 0 });
    expect(unknown.errors).toEqual([{ line: 1, field: null, message: expect.stringContaining('unknown column "colour"') }]);
    const missing = await run(ws, 'accounts', 'external_id,industry\nA1,Retail\n');
    expect(missing.errors).toEqual([{ line: 1, field: 'name', message: expect.stringContaining('missing column for the required field name') }]);
    const mapped = await run(ws, 'accounts', 'Id,Company\nA1,Acme\n', { mapping: { external_id: 'Id', name: 'Firm' } });
    expect(mapped.errors).toEqual([{ line: 1, field: 'name', message: 'mapping: source column "Firm" (for name) is not in the header' }]);
    const empty = await run(ws, 'accounts', '');
    expect(empty.errors).toEqual([{ line: 1, field: null, message: 'the file is empty' }]);
    await expect(run(ws, 'accounts', 'a\n', { mapping: { colour: 'a' } })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'mapping/colour', message: expect.stringContaining('"colour" is not a field of accounts') }],
    });
    expect(await accounts(ws)).toEqual([]);
  });
});
