import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../http/build-server.js';
import { describeEachDatabase } from '../testing/test-database.js';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describeEachDatabase('tracking API e-commerce: Order Completed and Order Refunded', ({ db, ws }) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
  });
  afterAll(async () => app.close());

  const send = (batch: object[]) => app.inject({ method: 'POST', url: '/v1/batch', payload: { batch }, headers: { authorization: basic(ws().writeKey.token) } });
  const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => db().query<T>(sql, [ws().workspace.id, ...params]);
  const order = async (externalId: string) =>
    (await q<{ id: number; total: number; refunded_total: number; status: string; currency: string; quantity: number; properties: Record<string, unknown>; contact_id: number; ordered_at: Date }>(
      'SELECT id, total, refunded_total, status, currency, quantity, properties, contact_id, ordered_at FROM orders WHERE workspace_id = $1 AND external_id = $2',
      [externalId],
    ))[0];

  const completed = (orderId: string, props: object = {}, extra: object = {}) => ({
    type: 'track',
    userId: 'buyer-1',
    event: 'Order Completed',
    timestamp: '2025-04-01T09:00:00Z',
    properties: {
      order_id: orderId,
      revenue: 90,
      total: 100,
      currency: 'eur',
      coupon: 'WELCOME',
      products: [
        { product_id: 'SKU-1', name: 'Starter plan', category: 'plans', price: 40, quantity: 2 },
        { sku: 'SKU-2', name: 'Onboarding', price: 20 },
        { sku: 'SKU-UNNAMED', price: 0 },
      ],
      ...props,
    },
    ...extra,
  });

  it('turns Order Completed into an order with lines and upserts the named products', async () => {
    const res = await send([completed('ord-1')]);
    expect(res.statusCode, res.body).toBe(200);
    const o = (await order('ord-1'))!;
    const [buyer] = await q<{ id: number }>(`SELECT id FROM contacts WHERE workspace_id = $1 AND external_id = 'buyer-1'`);
    expect(o).toMatchObject({ total: 100, currency: 'EUR', status: 'completed', quantity: 4, contact_id: buyer!.id, properties: { coupon: 'WELCOME', revenue: 90 } });
    expect(o.properties).not.toHaveProperty('products');
    expect(o.ordered_at.toISOString()).toBe('2025-04-01T09:00:00.000Z');
    const lines = await q<{ line_no: number; sku: string; name: string | null; quantity: number; unit_price: number; amount: number; product: string | null }>(
      `SELECT l.line_no, l.sku, l.name, l.quantity, l.unit_price, l.amount, p.name AS product
         FROM order_lines l LEFT JOIN products p ON p.workspace_id = l.workspace_id AND p.id = l.product_id
        WHERE l.workspace_id = $1 AND l.order_id = $2 ORDER BY l.line_no`,
      [o.id],
    );
    expect(lines).toEqual([
      { line_no: 1, sku: 'SKU-1', name: 'Starter plan', quantity: 2, unit_price: 40, amount: 80, product: 'Starter plan' },
      { line_no: 2, sku: 'SKU-2', name: 'Onboarding', quantity: 1, unit_price: 20, amount: 20, product: 'Onboarding' },
      { line_no: 3, sku: 'SKU-UNNAMED', name: null, quantity: 1, unit_price: 0, amount: 0, product: null },
    ]);
    const products = await q<{ sku: string; category: string | null; price: number; currency: string }>('SELECT sku, category, price, currency FROM products WHERE workspace_id = $1 ORDER BY sku');
    expect(products).toEqual([
      { sku: 'SKU-1', category: 'plans', price: 40, currency: 'EUR' },
      { sku: 'SKU-2', category: null, price: 20, currency: 'EUR' },
    ]);
  });

  it('computes the total from the products when none is sent, and replaces the lines of a re-sent order', async () => {
    await send([completed('ord-2', { total: undefined, revenue: undefined })]);
    expect((await order('ord-2'))!.total).toBe(100);
    await send([completed('ord-2', { total: 55, products: [{ sku: 'SKU-2', name: 'Onboarding', price: 55 }] })]);
    const o = (await order('ord-2'))!;
    expect(o.total).toBe(55);
    const [n] = await q<{ n: number }>('SELECT count(*) AS n FROM order_lines WHERE workspace_id = $1 AND order_id = $2', [o.id]);
    expect(n!.n).toBe(1);
  });

  it('records Order Refunded as refunds: an amount, the refunded products, or the rest of the order', async () => {
    await send([completed('ord-3')]);
    const r1 = await send([{ type: 'track', userId: 'buyer-1', event: 'Order Refunded', messageId: 'ref-1', properties: { order_id: 'ord-3', total: 25, reason: 'late' } }]);
    expect(r1.statusCode, r1.body).toBe(200);
    expect(await order('ord-3')).toMatchObject({ refunded_total: 25, status: 'partially_refunded' });
    await send([{ type: 'track', userId: 'buyer-1', event: 'Order Refunded', properties: { order_id: 'ord-3', products: [{ sku: 'SKU-1', price: 40, quantity: 1 }] } }]);
    expect(await order('ord-3')).toMatchObject({ refunded_total: 65, status: 'partially_refunded' });
    await send([{ type: 'track', userId: 'buyer-1', event: 'Order Refunded', properties: { order_id: 'ord-3' } }]);
    expect(await order('ord-3')).toMatchObject({ refunded_total: 100, status: 'refunded' });
    const refunds = await q<{ amount: number; reason: string | null; message_id: string }>(
      'SELECT amount, reason, message_id FROM refunds WHERE workspace_id = $1 AND order_id = $2 ORDER BY id',
      [(await order('ord-3'))!.id],
    );
    expect(refunds.map((r) => [r.amount, r.reason])).toEqual([[25, 'late'], [40, null], [35, null]]);
    expect(refunds[0]!.message_id).toBe('ref-1');
  });

  it('completes and refunds an order in one batch, and a resent refund is not counted twice', async () => {
    const refund = { type: 'track', userId: 'buyer-1', event: 'Order Refunded', messageId: 'ref-4', properties: { order_id: 'ord-4', revenue: 30 } };
    expect((await send([completed('ord-4'), refund])).statusCode).toBe(200);
    expect((await send([refund])).statusCode).toBe(200);
    expect(await order('ord-4')).toMatchObject({ refunded_total: 30, status: 'partially_refunded' });
  });

  it('rejects a refund larger than what is left, naming the message and the order, and stores nothing of the batch', async () => {
    await send([completed('ord-5')]);
    const [before] = await q<{ n: number }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1');
    const res = await send([
      { type: 'track', userId: 'buyer-1', event: 'Order Refunded', properties: { order_id: 'ord-5', total: 60 } },
      { type: 'track', userId: 'buyer-1', event: 'Order Refunded', properties: { order_id: 'ord-5', total: 50 } },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: '/batch/1/properties/total', message: 'refund of 50.00 EUR is more than the 40.00 EUR left to refund on order "ord-5"' },
    ]);
    expect(await order('ord-5')).toMatchObject({ refunded_total: 0, status: 'completed' });
    const [after] = await q<{ n: number }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1');
    expect(after!.n).toBe(before!.n);
  });
});
