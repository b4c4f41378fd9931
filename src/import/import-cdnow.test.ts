import { createReadStream, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { importFile } from './import-file.js';

/** The shared data folder sits beside the repository (in CI too). */
const SAMPLE = fileURLToPath(new URL('../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));

/** What the file says, counted here independently of the importer: records, customers, CDs, cents, customer-days. */
function expectedFromFile() {
  const records = readFileSync(SAMPLE, 'latin1')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/));
  const customers = new Set(records.map((r) => r[0]));
  const days = new Set(records.map((r) => `${r[0]}-${r[2]}`));
  const cds = records.reduce((s, r) => s + Number(r[3]), 0);
  const cents = records.reduce((s, r) => s + Math.round(Number(r[4]) * 100), 0);
  return { records: records.length, customers: customers.size, customerDays: days.size, cds, cents, first: records[0]! };
}

async function* text(s: string): AsyncGenerator<Buffer> {
  yield Buffer.from(s);
}

describeEachDatabase('import CDNOW orders', ({ db }) => {
  let n = 0;
  const workspace = async () => (await createWorkspace(db(), { slug: `cdnow-${++n}`, name: `CDNOW ${n}` })).id;
  const importSample = (ws: number) =>
    importFile(db(), ws, { kind: 'orders', format: 'cdnow', source: createReadStream(SAMPLE), bytesTotal: statSync(SAMPLE).size });

  it('imports the 1/10 sample (one consumer account per customer, one USD order with one line per record) and again without changes', async () => {
    const want = expectedFromFile();
    expect(want).toMatchObject({ records: 6919, customers: 2357, customerDays: 6696 });
    const ws = await workspace();
    const progress: number[] = [];
    const result = await importFile(db(), ws, {
      kind: 'orders',
      format: 'cdnow',
      source: createReadStream(SAMPLE, { highWaterMark: 16 * 1024 }),
      bytesTotal: statSync(SAMPLE).size,
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(result).toMatchObject({ status: 'succeeded', rows_read: 6919, rows_imported: 6919, rows_rejected: 0, bytes_read: statSync(SAMPLE).size });
    expect(result.changes).toEqual({
      accounts: { inserted: 2357, updated: 0 },
      orders: { inserted: 6919, updated: 0 },
      order_lines: { inserted: 6919, updated: 0 },
    });
    expect(progress.length).toBeGreaterThan(5);
    expect(progress[progress.length - 1]).toBe(1);

    const [counts] = await db().query(
      `SELECT (SELECT count(*) FROM accounts WHERE workspace_id = $1 AND kind = 'consumer') AS accounts,
              count(*) AS orders, count(DISTINCT (o.account_id, o.ordered_at)) AS customer_days,
              sum(o.quantity) AS cds, round(sum(o.total) * 100) AS cents,
              count(*) FILTER (WHERE o.currency = 'USD' AND o.source = 'import') AS usd,
              (SELECT count(*) FROM order_lines WHERE workspace_id = $1) AS lines,
              (SELECT round(sum(amount) * 100) FROM order_lines WHERE workspace_id = $1) AS line_cents
         FROM orders o WHERE o.workspace_id = $1`,
      [ws],
    );
    expect(counts).toEqual({
      accounts: 2357, orders: 6919, customer_days: 6696, cds: want.cds, cents: want.cents, usd: 6919, lines: 6919, line_cents: want.cents,
    });

    // The first record: " 00004 0001 19970101  2   29.33".
    expect(want.first).toEqual(['00004', '0001', '19970101', '2', '29.33']);
    const [first] = await db().query(
      `SELECT a.external_id AS account, a.name, a.kind, a.traits, o.external_id, o.ordered_at, o.total, o.quantity,
              l.quantity AS line_quantity, l.unit_price, l.amount, l.name AS line_name
         FROM orders o JOIN accounts a ON a.workspace_id = o.workspace_id AND a.id = o.account_id
         JOIN order_lines l ON l.workspace_id = o.workspace_id AND l.order_id = o.id
        WHERE o.workspace_id = $1 AND o.external_id = 'cdnow-00004-19970101-1'`,
      [ws],
    );
    expect(first).toEqual({
      account: 'cdnow-00004', name: 'CDNOW customer 4', kind: 'consumer', traits: { cdnow_sample_id: 1 },
      external_id: 'cdnow-00004-19970101-1', ordered_at: new Date('1997-01-01T00:00:00Z'), total: 29.33, quantity: 2,
      line_quantity: 2, unit_price: 14.67, amount: 29.33, line_name: 'CD',
    });
    // Several purchases on one day are separate orders, numbered in file order.
    const sameDay = await db().query(
      `SELECT count(*) AS n FROM orders WHERE workspace_id = $1 AND external_id LIKE '%-2'`,
      [ws],
    );
    expect(sameDay[0]!.n).toBeGreaterThan(0);

    // Importing the same file again neither writes nor locks a row (xmin would move with a write, xmax with a lock).
    const snapshot = () =>
      db().query(
        `SELECT md5(string_agg(id || ':' || xmin::text || ':' || xmax::text, ',' ORDER BY id)) AS h, count(*) AS n FROM orders WHERE workspace_id = $1
         UNION ALL SELECT md5(string_agg(id || ':' || xmin::text || ':' || xmax::text, ',' ORDER BY id)), count(*) FROM accounts WHERE workspace_id = $1
         UNION ALL SELECT md5(string_agg(order_id || ':' || xmin::text || ':' || xmax::text, ',' ORDER BY order_id)), count(*) FROM order_lines WHERE workspace_id = $1`,
        [ws],
      );
    const before = await snapshot();
    const again = await importSample(ws);
    expect(again).toMatchObject({ status: 'succeeded', rows_imported: 6919 });
    expect(again.changes).toEqual({
      accounts: { inserted: 0, updated: 0 },
      orders: { inserted: 0, updated: 0 },
      order_lines: { inserted: 0, updated: 0 },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('updates only the order a changed record touches, queues its account, and merges the sample id into a known customer', async () => {
    const ws = await workspace();
    const master = (amount: string) => ` 00001 19970101  1   11.77\r\n 00001 19970101  2   ${amount}\r\n 00002 19970112  1   12.00\r\n`;
    const cdnow = (s: string) => importFile(db(), ws, { kind: 'orders', format: 'cdnow', source: text(s), bytesTotal: null });
    const first = await cdnow(master('24.50'));
    expect(first.changes).toEqual({
      accounts: { inserted: 2, updated: 0 },
      orders: { inserted: 3, updated: 0 },
      order_lines: { inserted: 3, updated: 0 },
    });
    await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [ws]);

    const changed = await cdnow(master('25.005'));
    expect(changed.changes).toEqual({
      accounts: { inserted: 0, updated: 0 },
      orders: { inserted: 0, updated: 1 },
      order_lines: { inserted: 0, updated: 1 },
    });
    const [order] = await db().query(
      `SELECT o.total, o.quantity, l.amount, l.unit_price FROM orders o JOIN order_lines l ON l.workspace_id = o.workspace_id AND l.order_id = o.id
        WHERE o.workspace_id = $1 AND o.external_id = 'cdnow-00001-19970101-2'`,
      [ws],
    );
    expect(order).toEqual({ total: 25.01, quantity: 2, amount: 25.01, unit_price: 12.5 });
    const queued = await db().query<{ external_id: string }>(
      `SELECT a.external_id FROM recompute_queue q JOIN accounts a ON a.workspace_id = q.workspace_id AND a.id = q.subject_id
        WHERE q.workspace_id = $1 AND q.subject_type = 'account' ORDER BY 1`,
      [ws],
    );
    expect(queued).toEqual([{ external_id: 'cdnow-00001' }]);
    // The stored total is rounded to cents: the same file again changes nothing.
    expect((await cdnow(master('25.005'))).changes.orders).toEqual({ inserted: 0, updated: 0 });

    const sample = await cdnow(' 00002 0007 19970112  1   12.00\r\n');
    expect(sample.changes).toEqual({
      accounts: { inserted: 0, updated: 1 },
      orders: { inserted: 0, updated: 0 },
      order_lines: { inserted: 0, updated: 0 },
    });
    const [account] = await db().query(`SELECT name, traits FROM accounts WHERE workspace_id = $1 AND external_id = 'cdnow-00002'`, [ws]);
    expect(account).toEqual({ name: 'CDNOW customer 2', traits: { cdnow_sample_id: 7 } });
  });

  it('rejects a CDNOW file with bad records, naming the line and field', async () => {
    const ws = await workspace();
    const result = await importFile(db(), ws, {
      kind: 'orders',
      format: 'cdnow',
      source: text(' customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970231  1   12.00\r\n 00003 19970102  x   20.76\r\n 00004 19970102  1\r\n'),
      bytesTotal: null,
    });
    expect(result).toMatchObject({ status: 'failed', rows_read: 4, rows_rejected: 3 });
    expect(result.errors).toEqual([
      { line: 3, field: 'date', message: 'is not a real calendar date: "19970231"' },
      { line: 4, field: 'number_of_cds', message: 'must be a whole number, got "x"' },
      { line: 5, field: null, message: 'has 3 fields; a CDNOW master file has 4' },
    ]);
    expect(await db().query('SELECT 1 FROM orders WHERE workspace_id = $1', [ws])).toEqual([]);
  });
});
