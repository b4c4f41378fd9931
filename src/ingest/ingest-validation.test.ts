import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../http/build-server.js';
import { describeEachDatabase } from '../testing/test-database.js';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describeEachDatabase('tracking API validation, limits and auth', ({ db, ws }) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
  });
  afterAll(async () => app.close());

  const post = (url: string, payload: unknown, key: string | null = ws().writeKey.token) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: key ? { authorization: basic(key) } : {} });
  const count = async (sql: string) => (await db().query<{ n: number }>(sql, [ws().workspace.id]))[0]!.n;
  const events = () => count('SELECT count(*) AS n FROM events WHERE workspace_id = $1');

  it('answers a good call with 200 { success: true }', async () => {
    const res = await post('/v1/track', { userId: 'v-1', event: 'Signed Up', messageId: 'v-ok-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true });
  });

  it('names every bad message of a batch by index and field, and stores nothing', async () => {
    const before = await events();
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'v-2', event: 'Fine' },
        { type: 'track', event: 'No one' },
        { type: 'track', userId: 'v-2' },
        { type: 'launch', userId: 'v-2' },
        { type: 'identify', userId: 'v-2', timestamp: 'yesterday', traits: { buying_role: 'boss' } },
        { type: 'group', userId: 'v-2', traits: { country: 'Finland', employees: 'many' } },
        { type: 'alias', previousId: 'anon-1' },
        { type: 'page', anonymousId: 'a-1', properties: 'not an object', originalTimestamp: '2025-02-30T10:00:00Z' },
        { type: 'track', userId: 'v-2', event: 'Order Completed', properties: { total: 'lots', products: [{ sku: 'A', quantity: 0 }] } },
        { type: 'track', userId: 'v-2', event: 'Order Refunded', properties: {} },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.detail).toContain('nothing was stored');
    expect(body.errors).toEqual([
      { path: '/batch/1/userId', message: 'either userId or anonymousId is required' },
      { path: '/batch/2/event', message: 'is required for track: the event name' },
      { path: '/batch/3/type', message: 'must be one of identify, track, page, screen, group, alias' },
      { path: '/batch/4/timestamp', message: expect.stringContaining('ISO 8601') },
      { path: '/batch/4/traits/buying_role', message: expect.stringContaining('decision_maker') },
      { path: '/batch/5/groupId', message: expect.stringContaining('required') },
      { path: '/batch/5/traits/employees', message: 'must be a number' },
      { path: '/batch/5/traits/country', message: expect.stringContaining('ISO 3166-1') },
      { path: '/batch/6/userId', message: expect.stringContaining('alias') },
      { path: '/batch/7/originalTimestamp', message: expect.stringContaining('not a valid date') },
      { path: '/batch/7/properties', message: 'must be an object' },
      { path: '/batch/8/properties/order_id', message: expect.stringContaining('required') },
      { path: '/batch/8/properties/total', message: 'must be a number' },
      { path: '/batch/8/properties/products/0/quantity', message: 'must be more than 0' },
      { path: '/batch/9/properties/order_id', message: expect.stringContaining('required') },
    ]);
    // Atomic: the one good message (index 0) was not stored either.
    expect(await events()).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE workspace_id = $1 AND external_id = 'v-2'`)).toBe(0);
  });

  it('names fields of a single call without a batch prefix', async () => {
    const res = await post('/v1/identify', { traits: { email: 42 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: '/userId', message: 'either userId or anonymousId is required' },
      { path: '/traits/email', message: 'must be a string' },
    ]);
  });

  it('rolls back a batch whose failure shows only in the database (refund of an unknown order)', async () => {
    const before = await events();
    const res = await post('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'v-3', traits: { email: 'v3@example.com' } },
        { type: 'track', userId: 'v-3', event: 'Order Refunded', properties: { order_id: 'nope', total: 5 } },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: '/batch/1/properties/order_id', message: expect.stringContaining('no order "nope"') }]);
    expect(await events()).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE workspace_id = $1 AND external_id = 'v-3'`)).toBe(0);
  });

  it('rejects a message over 32 KB inside a batch by index', async () => {
    const big = { type: 'track', userId: 'v-4', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } };
    const res = await post('/v1/batch', { batch: [{ type: 'track', userId: 'v-4', event: 'Small' }, big] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: '/batch/1', message: expect.stringContaining('at most 32 KB (32768 bytes)') }]);
  });

  it('answers 413 naming the limit for a batch over 500 KB and a single call over 32 KB', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => ({ type: 'track', userId: 'v-5', event: 'Big', properties: { blob: 'x'.repeat(30 * 1024), i } }));
    const res = await post('/v1/batch', { batch });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large', limit: 512000 });
    expect(res.json().detail).toContain('500 KB');
    const one = await post('/v1/track', { userId: 'v-5', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } });
    expect(one.statusCode).toBe(413);
    expect(one.json().detail).toContain('32 KB (32768 bytes)');
  });

  it('rejects a batch of more than 2,500 messages', async () => {
    const batch = Array.from({ length: 2501 }, () => ({ type: 'track' }));
    const res = await post('/v1/batch', { batch });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: '/batch', message: 'has 2501 messages; a batch may have at most 2500' }]);
  });

  it('answers 401 for a missing or unknown key, and accepts the write key in the body or an admin key', async () => {
    const msg = { userId: 'v-6', event: 'Auth' };
    const missing = await post('/v1/track', msg, null);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().detail).toContain('write key');
    expect((await post('/v1/track', msg, 'kanta_write_not-a-key')).statusCode).toBe(401);
    expect((await post('/v1/track', { ...msg, writeKey: 'wrong' }, null)).statusCode).toBe(401);
    expect((await post('/v1/track', { ...msg, messageId: 'v-6a', writeKey: ws().writeKey.token }, null)).statusCode).toBe(200);
    expect((await post('/v1/track', { ...msg, messageId: 'v-6b' }, ws().adminKey.token)).statusCode).toBe(200);
    expect(await count(`SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND message_id IN ('v-6a', 'v-6b')`)).toBe(2);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/batch', payload: '{"batch": [', headers: { authorization: basic(ws().writeKey.token), 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('bad_request');
  });

  it('reads a text/plain JSON body as browsers send with sendBeacon', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/page',
      payload: JSON.stringify({ anonymousId: 'beacon-1', name: 'Pricing', messageId: 'v-beacon', writeKey: ws().writeKey.token }),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(res.statusCode).toBe(200);
    const [e] = await db().query<{ type: string; name: string }>(`SELECT type, name FROM events WHERE workspace_id = $1 AND message_id = 'v-beacon'`, [ws().workspace.id]);
    expect(e).toEqual({ type: 'page', name: 'Pricing' });
  });
});
