import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { AppError } from '../errors/app-error.js';
import { recordOrders } from './record-orders.js';
import { recordRefunds } from './record-refunds.js';

describeEachDatabase('recordRefunds', ({ db, ws }) => {
  async function newOrder(externalId: string, total: number): Promise<number> {
    const result = await db().transaction((tx) =>
      recordOrders(tx, ws().workspace.id, [
        { externalId, accountId: null, contactId: null, currency: 'EUR', orderedAt: new Date(), total, properties: {}, source: 'api', lines: [] },
      ]),
    );
    return result.orderIds.get(externalId)!;
  }
  const status = async (id: number) =>
    (await db().query<{ status: string; refunded_total: number }>('SELECT status, refunded_total FROM orders WHERE workspace_id = $1 AND id = $2', [ws().workspace.id, id]))[0];

  it('moves an order to partially_refunded and then refunded', async () => {
    const w = ws().workspace.id;
    const id = await newOrder('r-1', 100);
    const first = await db().transaction((tx) => recordRefunds(tx, w, [{ orderId: id, amount: 30.5, reason: 'damaged', refundedAt: new Date(), messageId: 'm-1' }]));
    expect(first).toMatchObject({ inserted: 1, skipped: 0, orders: [{ orderId: id, refundedTotal: 30.5, status: 'partially_refunded' }] });
    expect(await status(id)).toEqual({ status: 'partially_refunded', refunded_total: 30.5 });

    await db().transaction((tx) => recordRefunds(tx, w, [{ orderId: id, amount: 69.5, reason: null, refundedAt: new Date(), messageId: null }]));
    expect(await status(id)).toEqual({ status: 'refunded', refunded_total: 100 });
  });

  it('records a refund with a known message id only once', async () => {
    const w = ws().workspace.id;
    const id = await newOrder('r-2', 50);
    const refund = { orderId: id, amount: 10, reason: null, refundedAt: new Date(), messageId: 'm-2' };
    await db().transaction((tx) => recordRefunds(tx, w, [refund]));
    const again = await db().transaction((tx) => recordRefunds(tx, w, [refund, refund]));
    expect(again).toMatchObject({ inserted: 0, skipped: 2 });
    expect(await status(id)).toEqual({ status: 'partially_refunded', refunded_total: 10 });
  });

  it('rejects a refund larger than what is left, naming the order, and writes nothing', async () => {
    const w = ws().workspace.id;
    const id = await newOrder('r-3', 20);
    const err = await db()
      .transaction((tx) =>
        recordRefunds(tx, w, [
          { orderId: id, amount: 15, reason: null, refundedAt: new Date(), messageId: 'm-3a' },
          { orderId: id, amount: 6, reason: null, refundedAt: new Date(), messageId: 'm-3b' },
        ]),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    expect((err as AppError).issues).toEqual([{ path: '/refunds/1/amount', message: expect.stringContaining('"r-3"') }]);
    expect((err as AppError).issues[0]!.message).toContain('5.00 EUR left');
    expect(await status(id)).toEqual({ status: 'completed', refunded_total: 0 });
    const none = await db().query<{ n: number }>('SELECT count(*) AS n FROM refunds WHERE workspace_id = $1 AND order_id = $2', [w, id]);
    expect(none[0]!.n).toBe(0);
  });

  it('rejects an unknown order and a non-positive amount', async () => {
    const w = ws().workspace.id;
    const err = await db()
      .transaction((tx) => recordRefunds(tx, w, [{ orderId: 987_654, amount: 1, reason: null, refundedAt: new Date(), messageId: null }]))
      .catch((e: unknown) => e);
    expect((err as AppError).issues).toEqual([{ path: '/refunds/0/orderId', message: 'no order 987654 in this workspace' }]);
    const zero = await db()
      .transaction((tx) => recordRefunds(tx, w, [{ orderId: 1, amount: 0, reason: null, refundedAt: new Date(), messageId: null }]))
      .catch((e: unknown) => e);
    expect((zero as AppError).issues[0]!.path).toBe('/refunds/0/amount');
  });
});
