import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { importFile, type ImportFileInput } from './import-file.js';
import type { ImportKind, RejectedRow, RejectSink } from './import-target.js';

async function* chunks(text: string, size = 53): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Collects rejected rows in memory (the CLI writes a file, the API a table). */
function collect(): RejectSink & { rows: RejectedRow[] } {
  const rows: RejectedRow[] = [];
  return { rows, write: async (r) => void rows.push(...r), close: async () => undefined };
}

const ORDERS =
  'order_id,account_external_id,contact_external_id,ordered_at,currency,total,sku,product_name,quantity,unit_price,properties.channel\n' +
  'O1,ACME,C1,2024-03-01T10:00:00Z,EUR,,PRO,Pro plan,2,100.00,web\n' +
  'O2,BETA,,2024-03-02,eur,49.90,,,,,\n' +
  'O1,ACME,C1,2024-03-01T10:00:00Z,EUR,,ADD,Add-on,1,25.50,\n' +
  'O3,,C2,2024-03-03 08:00:00+02:00,SEK,30,,,,,\n';

describeEachDatabase('import orders and events', ({ db }) => {
  let n = 0;
  const workspace = async () => (await createWorkspace(db(), { slug: `ord-${++n}`, name: `Orders ${n}` })).id;
  const run = (ws: number, kind: ImportKind, text: string, opts: Partial<ImportFileInput> = {}) =>
    importFile(db(), ws, { kind, format: 'csv', source: chunks(text), bytesTotal: null, ...opts });
  const orders = (ws: number) =>
    db().query(
      `SELECT o.external_id, a.external_id AS account, c.external_id AS contact, o.currency, o.total, o.quantity, o.status, o.source,
              o.ordered_at, o.properties,
              (SELECT json_agg(json_build_object('n', l.line_no, 'sku', l.sku, 'name', l.name, 'q', l.quantity, 'p', l.unit_price, 'amount', l.amount, 'product', l.product_id IS NOT NULL) ORDER BY l.line_no)
                 FROM order_lines l WHERE l.workspace_id = o.workspace_id AND l.order_id = o.id) AS lines
         FROM orders o
         LEFT JOIN accounts a ON a.workspace_id = o.workspace_id AND a.id = o.account_id
         LEFT JOIN contacts c ON c.workspace_id = o.workspace_id AND c.id = o.contact_id
        WHERE o.workspace_id = $1 ORDER BY o.external_id`,
      [ws],
    );

  it('imports orders with several lines, creates the accounts and contacts they name, and links products by sku', async () => {
    const ws = await workspace();
    await db().query(`INSERT INTO products (workspace_id, sku, name, price) VALUES ($1, 'PRO', 'Pro plan', 100)`, [ws]);
    await run(ws, 'contacts', 'external_id,account_external_id\nC2,GAMMA\n');
    const result = await run(ws, 'orders', ORDERS);
    expect(result).toMatchObject({ status: 'succeeded', rows_read: 4, rows_imported: 4 });
    expect(result.changes).toEqual({
      accounts: { inserted: 2, updated: 0 },
      contacts: { inserted: 1, updated: 0 },
      orders: { inserted: 3, updated: 0 },
      order_lines: { inserted: 2, updated: 0 },
    });
    expect(await orders(ws)).toEqual([
      {
        external_id: 'O1', account: 'ACME', contact: 'C1', currency: 'EUR', total: 225.5, quantity: 3, status: 'completed', source: 'import',
        ordered_at: new Date('2024-03-01T10:00:00Z'), properties: { channel: 'web' },
        lines: [
          { n: 1, sku: 'PRO', name: 'Pro plan', q: 2, p: 100, amount: 200, product: true },
          { n: 2, sku: 'ADD', name: 'Add-on', q: 1, p: 25.5, amount: 25.5, product: false },
        ],
      },
      { external_id: 'O2', account: 'BETA', contact: null, currency: 'EUR', total: 49.9, quantity: 0, status: 'completed', source: 'import', ordered_at: new Date('2024-03-02T00:00:00Z'), properties: {}, lines: null },
      { external_id: 'O3', account: 'GAMMA', contact: 'C2', currency: 'SEK', total: 30, quantity: 0, status: 'completed', source: 'import', ordered_at: new Date('2024-03-03T06:00:00Z'), properties: {}, lines: null },
    ]);
    const [c1] = await db().query(
      'SELECT a.external_id FROM contacts c JOIN accounts a ON a.workspace_id = c.workspace_id AND a.id = c.account_id WHERE c.workspace_id = $1 AND c.external_id = $2',
      [ws, 'C1'],
    );
    expect(c1).toEqual({ external_id: 'ACME' });
  });

  it('changes nothing when the same orders are imported again, and drops lines a new version of the file no longer has', async () => {
    const ws = await workspace();
    await run(ws, 'orders', ORDERS);
    const snapshot = () =>
      db().query(
        `SELECT 'o' AS t, id, 0 AS n, xmin::text AS xmin FROM orders WHERE workspace_id = $1
         UNION ALL SELECT 'l', order_id, line_no, xmin::text FROM order_lines WHERE workspace_id = $1 ORDER BY 1, 2, 3`,
        [ws],
      );
    const before = await snapshot();
    const again = await run(ws, 'orders', ORDERS);
    expect(again.changes).toEqual({
      accounts: { inserted: 0, updated: 0 },
      contacts: { inserted: 0, updated: 0 },
      orders: { inserted: 0, updated: 0 },
      order_lines: { inserted: 0, updated: 0 },
    });
    expect(await snapshot()).toEqual(before);

    const oneLine = ORDERS.split('\n').filter((l) => !l.startsWith('O1,ACME,C1,2024-03-01T10:00:00Z,EUR,,ADD')).join('\n');
    const changed = await run(ws, 'orders', oneLine);
    expect(changed.changes.orders).toEqual({ inserted: 0, updated: 1 });
    expect(changed.changes.order_lines).toEqual({ inserted: 0, updated: 1 });
    const [o1] = await orders(ws);
    expect(o1).toMatchObject({ total: 200, quantity: 2, lines: [{ n: 1, sku: 'PRO' }] });
  });

  it('rejects orders whose rows disagree or whose total is not the sum of the lines, every row of them', async () => {
    const ws = await workspace();
    const text =
      'external_id,account_external_id,ordered_at,currency,total,sku,quantity,unit_price\n' +
      'O1,A,2024-03-01,EUR,,X,1,10\n' +
      'O2,A,2024-03-01,EUR,99,X,1,10\n' +
      'O1,A,2024-03-02,EUR,,Y,1,5\n' +
      'O3,A,2024-03-01,EUR,15,X,1,10\n' +
      'O3,A,2024-03-01,EUR,15,Y,1,5\n';
    const failed = await run(ws, 'orders', text);
    expect(failed).toMatchObject({ status: 'failed', rows_read: 5, rows_imported: 0, rows_rejected: 3 });
    expect(failed.errors).toEqual([
      { line: 2, field: 'ordered_at', message: 'order O1 is on several rows that disagree on ordered_at' },
      { line: 3, field: 'total', message: 'order O2: total 99 is not the sum of its lines (10.00)' },
      { line: 4, field: 'ordered_at', message: 'order O1 is on several rows that disagree on ordered_at' },
    ]);
    expect(await orders(ws)).toEqual([]);

    // A row that is bad by itself is reported while reading; then the whole-file checks of the rest.
    const rejects = collect();
    const skipped = await run(ws, 'orders', `${text}O4,A,2024-03-01,EUR,,,,\n`, { skipInvalid: true, rejects });
    expect(skipped).toMatchObject({ status: 'succeeded', rows_read: 6, rows_imported: 2, rows_rejected: 4 });
    expect(skipped.errors[0]).toEqual({ line: 7, field: 'total', message: 'is required when the row has no order line (unit_price)' });
    expect(rejects.rows.map((r) => [r.line, r.fields[0]])).toEqual([
      [7, 'O4'],
      [2, 'O1'],
      [3, 'O2'],
      [4, 'O1'],
    ]);
    expect((await orders(ws)).map((o) => [o.external_id, o.total])).toEqual([['O3', 15]]);
  });

  it('imports events with a properties column and properties.* columns, deriving message ids so a second import adds nothing', async () => {
    const ws = await workspace();
    const text =
      'event,timestamp,userId,account_id,message_id,properties,properties.plan\n' +
      'Signed Up,2024-03-01T10:00:00Z,U1,ACME,,"{""source"": ""ad""}",pro\n' +
      'Logged In,2024-03-02,U1,,m-42,,\n' +
      'Logged In,2024-03-02,,ACME,,,\n' +
      'Bad,yesterday,U1,,,,\n';
    const failed = await run(ws, 'events', text);
    expect(failed.errors).toEqual([{ line: 5, field: 'occurred_at', message: expect.stringContaining('ISO 8601') }]);
    const first = await run(ws, 'events', text.split('\n').slice(0, 4).join('\n'));
    expect(first.changes).toEqual({ accounts: { inserted: 1, updated: 0 }, contacts: { inserted: 1, updated: 0 }, events: { inserted: 3, updated: 0 } });
    const queued = () =>
      db().query(
        `SELECT q.subject_type, coalesce(a.external_id, c.external_id) AS external_id FROM recompute_queue q
           LEFT JOIN accounts a ON q.subject_type = 'account' AND a.workspace_id = q.workspace_id AND a.id = q.subject_id
           LEFT JOIN contacts c ON q.subject_type = 'contact' AND c.workspace_id = q.workspace_id AND c.id = q.subject_id
          WHERE q.workspace_id = $1 ORDER BY 1, 2`,
        [ws],
      );
    expect(await queued()).toEqual([
      { subject_type: 'account', external_id: 'ACME' },
      { subject_type: 'contact', external_id: 'U1' },
    ]);
    await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [ws]);
    const second = await run(ws, 'events', text.split('\n').slice(0, 4).join('\n'));
    expect(second.changes.events).toEqual({ inserted: 0, updated: 0 });
    // Events already there change nothing, so nothing is queued for a recompute.
    expect(await queued()).toEqual([]);
    const events = await db().query(
      `SELECT e.name, e.type, e.source, e.user_id, e.message_id, e.properties, e.occurred_at, c.external_id AS contact, a.external_id AS account
         FROM events e
         LEFT JOIN contacts c ON c.workspace_id = e.workspace_id AND c.id = e.contact_id
         LEFT JOIN accounts a ON a.workspace_id = e.workspace_id AND a.id = e.account_id
        WHERE e.workspace_id = $1 ORDER BY e.occurred_at, e.name, e.user_id`,
      [ws],
    );
    expect(events).toEqual([
      { name: 'Signed Up', type: 'track', source: 'import', user_id: 'U1', message_id: expect.stringMatching(/^import-[0-9a-f]{32}$/), properties: { source: 'ad', plan: 'pro' }, occurred_at: new Date('2024-03-01T10:00:00Z'), contact: 'U1', account: 'ACME' },
      { name: 'Logged In', type: 'track', source: 'import', user_id: 'U1', message_id: 'm-42', properties: {}, occurred_at: new Date('2024-03-02T00:00:00Z'), contact: 'U1', account: null },
      { name: 'Logged In', type: 'track', source: 'import', user_id: null, message_id: expect.stringMatching(/^import-/), properties: {}, occurred_at: new Date('2024-03-02T00:00:00Z'), contact: null, account: 'ACME' },
    ]);
    // A new event queues its contact only.
    await run(ws, 'events', 'event,timestamp,userId\nLogged Out,2024-03-03,U1\n');
    expect(await queued()).toEqual([{ subject_type: 'contact', external_id: 'U1' }]);
  });
});
