import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../http/build-server.js';
import { describeEachDatabase } from '../testing/test-database.js';

describeEachDatabase('orders API', ({ db, ws }) => {
  let app: FastifyInstance;
  let account: { id: number };
  let contact: { id: number };
  let product: { id: number };
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
    account = (await call('POST', '/api/v1/accounts', { name: 'Buyer Oy', external_id: 'buyer-1' })).json();
    contact = (await call('POST', '/api/v1/contacts', { account_id: account.id, external_id: 'buyer-user', email: 'b@buyer.fi' })).json();
    product = (await call('POST', '/api/v1/products', { sku: 'PRO', name: 'Pro plan', price: 40 })).json();
  });
  afterAll(async () => app.close());

  const call = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${ws().adminKey.token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  const order = (externalId: string, extra: Record<string, unknown> = {}) => ({
    external_id: externalId,
    currency: 'EUR',
    ordered_at: '2024-05-01T12:00:00Z',
    lines: [
      { sku: 'PRO', name: 'Pro plan', quantity: 2, unit_price: 40 },
      { sku: 'SEAT', name: 'Extra seat', category: 'addon', quantity: 3, unit_price: 9.99 },
    ],
    ...extra,
  });

  describe('create', () => {
    it('creates an order with lines, a computed total and the contact account', async () => {
      const res = await call('POST', '/api/v1/orders', order('o-1', { contact_id: contact.id, properties: { coupon: 'SPRING' } }));
      expect(res.statusCode, res.body).toBe(201);
      const o = res.json();
      expect(o).toMatchObject({
        external_id: 'o-1',
        account_id: account.id,
        contact_id: contact.id,
        status: 'completed',
        currency: 'EUR',
        total: 109.97,
        refunded_total: 0,
        quantity: 5,
        ordered_at: '2024-05-01T12:00:00.000Z',
        source: 'api',
        properties: { coupon: 'SPRING' },
        refunds: [],
      });
      expect(o.lines).toEqual([
        { line_no: 1, product_id: product.id, sku: 'PRO', name: 'Pro plan', category: null, quantity: 2, unit_price: 40, amount: 80 },
        { line_no: 2, product_id: null, sku: 'SEAT', name: 'Extra seat', category: 'addon', quantity: 3, unit_price: 9.99, amount: 29.97 },
      ]);
      expect((await call('GET', `/api/v1/orders/${o.id}`)).json()).toEqual(o);
    });

    it('takes the account and contact by external id, and a total equal to the lines', async () => {
      const res = await call('POST', '/api/v1/orders', order('o-ext', { account_external_id: 'buyer-1', contact_external_id: 'buyer-user', total: 109.97 }));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ account_id: account.id, contact_id: contact.id, total: 109.97 });
    });

    it('refuses a total that is not the sum of the lines, naming total', async () => {
      const res = await call('POST', '/api/v1/orders', order('o-bad-total', { total: 100 }));
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ path: 'body/total', message: expect.stringContaining('109.97') }]);
    });

    it('refuses references to what does not exist, naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ account_id: 987654 }, 'body/account_id'],
        [{ contact_id: 987654 }, 'body/contact_id'],
        [{ account_external_id: 'nobody' }, 'body/account_external_id'],
        [{ contact_external_id: 'nobody' }, 'body/contact_external_id'],
        [{ account_id: account.id, account_external_id: 'buyer-1' }, 'body/account_external_id'],
        [{ lines: [{ quantity: 1, unit_price: 1, product_id: 987654 }] }, 'body/lines/0/product_id'],
      ];
      for (const [extra, path] of cases) {
        const res = await call('POST', '/api/v1/orders', order('o-dangling', extra));
        expect(res.statusCode, JSON.stringify(extra)).toBe(400);
        expect(res.json().errors.map((e: { path: string }) => e.path), JSON.stringify(extra)).toContain(path);
      }
      expect((await call('GET', '/api/v1/orders?limit=200')).json().data.some((o: { external_id: string }) => o.external_id === 'o-dangling')).toBe(false);
    });

    it('validates the body, naming each bad field', async () => {
      const res = await call('POST', '/api/v1/orders', {
        external_id: 'o-invalid',
        currency: 'euro',
        ordered_at: 'yesterday',
        lines: [{ quantity: 0, unit_price: -1, colour: 'red' }],
        status: 'completed',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(
        expect.arrayContaining(['body/currency', 'body/ordered_at', 'body/lines/0/quantity', 'body/lines/0/unit_price', 'body/lines/0/colour', 'body/status']),
      );
      const empty = await call('POST', '/api/v1/orders', { ...order('o-empty'), lines: [] });
      expect(empty.json().errors[0].path).toBe('body/lines');
    });

    it('answers a clash of external_id with 409 and leaves the first order as it was', async () => {
      const first = (await call('POST', '/api/v1/orders', order('o-dup'))).json();
      const res = await call('POST', '/api/v1/orders', order('o-dup', { lines: [{ quantity: 1, unit_price: 1 }] }));
      expect(res.statusCode).toBe(409);
      expect(res.json().errors).toEqual([{ path: 'body/external_id', message: 'is already taken' }]);
      expect((await call('GET', `/api/v1/orders/${first.id}`)).json()).toEqual(first);
    });
  });

  describe('refunds', () => {
    it('moves the status through partially_refunded to refunded and refuses more than is left', async () => {
      const o = (await call('POST', '/api/v1/orders', order('o-refund'))).json();
      const r1 = await call('POST', `/api/v1/orders/${o.id}/refunds`, { amount: 9.99, reason: 'seat not used', refunded_at: '2024-05-10T08:00:00Z' });
      expect(r1.statusCode, r1.body).toBe(201);
      expect(r1.json()).toMatchObject({ order_id: o.id, amount: 9.99, reason: 'seat not used', refunded_at: '2024-05-10T08:00:00.000Z', message_id: null });
      expect((await call('GET', `/api/v1/orders/${o.id}`)).json()).toMatchObject({ status: 'partially_refunded', refunded_total: 9.99 });

      const over = await call('POST', `/api/v1/orders/${o.id}/refunds`, { amount: 100 });
      expect(over.statusCode).toBe(400);
      expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(over.json().errors).toEqual([{ path: 'body/amount', message: expect.stringContaining('99.98') }]);

      expect((await call('POST', `/api/v1/orders/${o.id}/refunds`, { amount: 99.98 })).statusCode).toBe(201);
      const after = (await call('GET', `/api/v1/orders/${o.id}`)).json();
      expect(after).toMatchObject({ status: 'refunded', refunded_total: 109.97 });
      expect(after.refunds.map((r: { amount: number }) => r.amount)).toEqual([9.99, 99.98]);
      expect((await call('POST', `/api/v1/orders/${o.id}/refunds`, { amount: 0.01 })).statusCode).toBe(400);
    });

    it('answers a refund of an unknown order with 404 and a bad amount with 400', async () => {
      expect((await call('POST', '/api/v1/orders/987654/refunds', { amount: 1 })).statusCode).toBe(404);
      const o = (await call('POST', '/api/v1/orders', order('o-refund-bad'))).json();
      const res = await call('POST', `/api/v1/orders/${o.id}/refunds`, { amount: 0, extra: true });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body/amount', 'body/extra']));
    });
  });

  describe('read, update, delete', () => {
    it('patches the header: cancel and undo, move account, merge properties; 404, 409 and 400 on bad input', async () => {
      const o = (await call('POST', '/api/v1/orders', order('o-patch', { account_id: account.id, properties: { a: 1, b: 2 } }))).json();
      const other = (await call('POST', '/api/v1/accounts', { name: 'Other Oy' })).json();
      const cancelled = await call('PATCH', `/api/v1/orders/${o.id}`, { status: 'cancelled', account_id: other.id, properties: { a: null, c: 3 } });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', account_id: other.id, properties: { b: 2, c: 3 }, total: 109.97 });
      expect(cancelled.json().properties).not.toHaveProperty('a');
      expect(cancelled.json().lines).toHaveLength(2);

      await call('POST', `/api/v1/orders/${o.id}/refunds`, { amount: 10 });
      await call('PATCH', `/api/v1/orders/${o.id}`, { status: 'cancelled' });
      expect((await call('PATCH', `/api/v1/orders/${o.id}`, { status: 'completed' })).json().status).toBe('partially_refunded');

      expect((await call('PATCH', '/api/v1/orders/987654', { status: 'cancelled' })).statusCode).toBe(404);
      expect((await call('PATCH', `/api/v1/orders/${o.id}`, { external_id: 'o-1' })).statusCode).toBe(409);
      const dangling = await call('PATCH', `/api/v1/orders/${o.id}`, { contact_id: 987654 });
      expect(dangling.statusCode).toBe(400);
      expect(dangling.json().errors[0].path).toBe('body/contact_id');
      expect((await call('PATCH', `/api/v1/orders/${o.id}`, { status: 'refunded' })).json().errors[0].path).toBe('body/status');
      expect((await call('PATCH', `/api/v1/orders/${o.id}`, { total: 1 })).json().errors[0].path).toBe('body/total');
    });

    it('deletes an order with its lines and refunds', async () => {
      const o = (await call('POST', '/api/v1/orders', order('o-delete'))).json();
      await call('POST', `/api/v1/orders/${o.id}/refunds`, { amount: 1 });
      expect((await call('DELETE', `/api/v1/orders/${o.id}`)).statusCode).toBe(204);
      expect((await call('GET', `/api/v1/orders/${o.id}`)).statusCode).toBe(404);
      const left = await db().query('SELECT 1 FROM order_lines WHERE workspace_id = $1 AND order_id = $2 UNION ALL SELECT 1 FROM refunds WHERE workspace_id = $1 AND order_id = $2', [
        ws().workspace.id,
        o.id,
      ]);
      expect(left).toHaveLength(0);
      expect((await call('DELETE', `/api/v1/orders/${o.id}`)).statusCode).toBe(404);
    });

    it('queues the accounts an order belonged to before and after a change, and on delete, for recompute', async () => {
      const first = (await call('POST', '/api/v1/accounts', { name: 'Ennen Oy' })).json();
      const second = (await call('POST', '/api/v1/accounts', { name: 'Jälkeen Oy' })).json();
      const o = (await call('POST', '/api/v1/orders', order('o-queue', { account_id: first.id }))).json();
      const queued = async () =>
        (await db().query<{ subject_id: number }>(`SELECT subject_id FROM recompute_queue WHERE workspace_id = $1 AND subject_type = 'account' ORDER BY 1`, [ws().workspace.id])).map(
          (r) => r.subject_id,
        );
      const clear = () => db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [ws().workspace.id]);
      await clear();
      expect((await call('PATCH', `/api/v1/orders/${o.id}`, { account_id: second.id })).statusCode).toBe(200);
      expect(await queued()).toEqual([first.id, second.id].sort((a, b) => a - b));
      await clear();
      expect((await call('PATCH', `/api/v1/orders/${o.id}`, { status: 'cancelled' })).statusCode).toBe(200);
      expect(await queued()).toEqual([second.id]);
      await clear();
      expect((await call('DELETE', `/api/v1/orders/${o.id}`)).statusCode).toBe(204);
      expect(await queued()).toEqual([second.id]);
    });

    it('lists newest first with lines, filters, and pages without gaps in both orders', async () => {
      const buyer = (await call('POST', '/api/v1/accounts', { name: 'Lister Oy' })).json();
      const ids: number[] = [];
      const days = ['2023-01-05', '2023-01-01', '2023-01-03', '2023-01-03', '2023-01-02'];
      for (const [i, day] of days.entries()) {
        const res = await call('POST', '/api/v1/orders', order(`list-${i}`, { account_id: buyer.id, ordered_at: `${day}T00:00:00Z`, lines: [{ quantity: 1, unit_price: i + 1 }] }));
        ids.push(res.json().id);
      }
      const [d5, d1, d3a, d3b, d2] = ids as [number, number, number, number, number];
      await call('PATCH', `/api/v1/orders/${d2}`, { status: 'cancelled' });
      async function walk(url: string): Promise<number[]> {
        const out: number[] = [];
        let cursor: string | null = null;
        do {
          const res = await call('GET', `${url}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.statusCode, res.body).toBe(200);
          for (const o of res.json().data) {
            expect(o.lines.length).toBeGreaterThan(0);
            out.push(o.id);
          }
          cursor = res.json().next_cursor;
        } while (cursor);
        return out;
      }
      expect(await walk(`/api/v1/orders?account_id=${buyer.id}`)).toEqual([d5, d3b, d3a, d2, d1]);
      expect(await walk(`/api/v1/orders?account_id=${buyer.id}&sort=ordered_at`)).toEqual([d1, d2, d3a, d3b, d5]);
      expect(await walk(`/api/v1/accounts/${buyer.id}/orders?sort=-ordered_at`)).toEqual([d5, d3b, d3a, d2, d1]);
      expect(await walk(`/api/v1/orders?account_id=${buyer.id}&from=2023-01-02T00:00:00Z&to=2023-01-05T00:00:00Z`)).toEqual([d3b, d3a, d2]);
      expect(await walk(`/api/v1/orders?account_id=${buyer.id}&status=cancelled`)).toEqual([d2]);
      expect(await walk(`/api/v1/orders?contact_id=${contact.id}&sort=ordered_at`)).toHaveLength(2); // o-1 and o-ext

      const all = await walk('/api/v1/orders?sort=-ordered_at');
      expect(new Set(all).size).toBe(all.length);
      const count = await db().query<{ n: number }>('SELECT count(*) AS n FROM orders WHERE workspace_id = $1', [ws().workspace.id]);
      expect(all).toHaveLength(count[0]!.n);
    });

    it('counts the orders and revenue on the account', async () => {
      const buyer = (await call('POST', '/api/v1/accounts', { name: 'Revenue Oy' })).json();
      const a = (await call('POST', '/api/v1/orders', order('rev-1', { account_id: buyer.id }))).json();
      await call('POST', '/api/v1/orders', order('rev-2', { account_id: buyer.id, lines: [{ quantity: 1, unit_price: 20 }] }));
      await call('POST', `/api/v1/orders/${a.id}/refunds`, { amount: 9.97 });
      expect((await call('GET', `/api/v1/accounts/${buyer.id}`)).json()).toMatchObject({ order_count: 2, revenue: 120 });
    });
  });
});
