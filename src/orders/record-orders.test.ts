import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { AppError } from '../errors/app-error.js';
import { recordOrders, type OrderInput } from './record-orders.js';

function order(externalId: string, overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    externalId,
    accountId: null,
    contactId: null,
    currency: 'EUR',
    orderedAt: new Date('2025-03-01T10:00:00Z'),
    properties: { coupon: 'SPRING' },
    source: 'api',
    lines: [
      { sku: 'PLAN-PRO', name: 'Pro plan', category: 'plans', quantity: 2, unitPrice: 49.9 },
      { sku: 'ADDON-SSO', name: 'SSO add-on', category: 'addons', quantity: 1, unitPrice: 10.05 },
    ],
    ...overrides,
  };
}

describeEachDatabase('recordOrders', ({ db, ws }) => {
  it('inserts orders with lines, computes the total and resolves products by sku', async () => {
    const w = ws().workspace.id;
    const [product] = await db().query<{ id: number }>(
      `INSERT INTO products (workspace_id, sku, name, price) VALUES ($1, 'PLAN-PRO', 'Pro plan', 49.9) RETURNING id`,
      [w],
    );
    const [account] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, external_id, name) VALUES ($1, 'acc-1', 'Acme Oy') RETURNING id`, [w]);
    const [contact] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, external_id, account_id) VALUES ($1, 'u-1', $2) RETURNING id`, [w, account!.id]);

    const result = await db().transaction((tx) => recordOrders(tx, w, [order('o-1', { contactId: contact!.id }), order('o-2', { total: 5 })]));
    expect(result.inserted).toBe(2);
    expect(result.updated).toBe(0);
    expect([...result.orderIds.keys()].sort()).toEqual(['o-1', 'o-2']);

    const rows = await db().query<{ external_id: string; total: number; quantity: number; account_id: number | null; status: string; properties: unknown }>(
      'SELECT external_id, total, quantity, account_id, status, properties FROM orders WHERE workspace_id = $1 ORDER BY external_id',
      [w],
    );
    // 2 x 49.90 + 10.05; the account comes from the contact.
    expect(rows[0]).toMatchObject({ external_id: 'o-1', total: 109.85, quantity: 3, account_id: account!.id, status: 'completed', properties: { coupon: 'SPRING' } });
    expect(rows[1]).toMatchObject({ external_id: 'o-2', total: 5, account_id: null });

    const lines = await db().query<{ line_no: number; product_id: number | null; sku: string; amount: number }>(
      'SELECT line_no, product_id, sku, amount FROM order_lines WHERE workspace_id = $1 AND order_id = $2 ORDER BY line_no',
      [w, result.orderIds.get('o-1')],
    );
    expect(lines).toEqual([
      { line_no: 1, product_id: product!.id, sku: 'PLAN-PRO', amount: 99.8 },
      { line_no: 2, product_id: null, sku: 'ADDON-SSO', amount: 10.05 },
    ]);
  });

  it('replaces the lines of a re-sent order and keeps its id', async () => {
    const w = ws().workspace.id;
    const first = await db().transaction((tx) => recordOrders(tx, w, [order('o-3')]));
    const again = await db().transaction((tx) =>
      recordOrders(tx, w, [order('o-3', { lines: [{ sku: 'X', name: 'X', category: null, quantity: 1, unitPrice: 7 }] })]),
    );
    expect(again).toMatchObject({ inserted: 0, updated: 1 });
    expect(again.orderIds.get('o-3')).toBe(first.orderIds.get('o-3'));
    const lines = await db().query('SELECT sku, amount FROM order_lines WHERE workspace_id = $1 AND order_id = $2', [w, first.orderIds.get('o-3')]);
    expect(lines).toEqual([{ sku: 'X', amount: 7 }]);
    const [o] = await db().query<{ total: number }>('SELECT total FROM orders WHERE workspace_id = $1 AND external_id = $2', [w, 'o-3']);
    expect(o!.total).toBe(7);
  });

  it('rejects bad input naming each field and writes nothing', async () => {
    const w = ws().workspace.id;
    const bad = [
      order('o-4', { currency: 'eur' }),
      order('o-5', { contactId: 999_999, lines: [{ sku: 'A', name: null, category: null, quantity: 0, unitPrice: -1 }] }),
    ];
    const err = await db().transaction((tx) => recordOrders(tx, w, bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).issues).toEqual([
      { path: '/orders/0/currency', message: expect.stringContaining('ISO 4217') },
      { path: '/orders/1/lines/0/quantity', message: 'must be a positive number' },
      { path: '/orders/1/lines/0/unitPrice', message: expect.any(String) },
    ]);
    const missing = await db().transaction((tx) => recordOrders(tx, w, [order('o-6', { contactId: 999_999 })])).catch((e: unknown) => e);
    expect((missing as AppError).issues).toEqual([{ path: '/orders/0/contactId', message: 'no contact 999999 in this workspace' }]);
    const count = await db().query<{ n: number }>(`SELECT count(*) AS n FROM orders WHERE workspace_id = $1 AND external_id IN ('o-4', 'o-5', 'o-6')`, [w]);
    expect(count[0]!.n).toBe(0);
  });
});
