import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Analytics } from '@segment/analytics-node';
import { buildServer } from '../http/build-server.js';
import { describeEachDatabase } from '../testing/test-database.js';

describeEachDatabase('tracking API with the official @segment/analytics-node client', ({ db, ws }) => {
  let app: FastifyInstance;
  let host: string;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    host = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => app.close());

  /** A real client pointed at Kanta; records every HTTP status it got and every error. */
  function client(writeKey: string, flushAt: number) {
    const analytics = new Analytics({ writeKey, host, flushAt, flushInterval: 60_000, maxRetries: 0 });
    const statuses: number[] = [];
    const errors: unknown[] = [];
    analytics.on('http_response', (r) => statuses.push(r.status));
    analytics.on('error', (e) => errors.push(e));
    return { analytics, statuses, errors };
  }

  it('stores every call type the client sends, with its semantics', async () => {
    const { analytics, statuses, errors } = client(ws().writeKey.token, 20);
    const at = new Date('2025-05-06T07:08:09.000Z');
    analytics.identify({ userId: 'cl-1', traits: { email: 'aino@example.fi', firstName: 'Aino', lastName: 'Virtanen', plan: 'pro' } });
    analytics.group({ userId: 'cl-1', groupId: 'cl-acme', traits: { name: 'Acme Oy', website: 'https://www.acme.fi/', employees: 120, country: 'fi', industry: 'Software' } });
    analytics.track({ userId: 'cl-1', event: 'Report Exported', properties: { format: 'pdf' }, timestamp: at });
    analytics.page({ userId: 'cl-1', name: 'Pricing', properties: { path: '/pricing' } });
    analytics.screen({ userId: 'cl-1', name: 'Dashboard' });
    analytics.track({ anonymousId: 'cl-anon-1', event: 'Visited' });
    analytics.alias({ userId: 'cl-1', previousId: 'cl-anon-1' });
    analytics.track({
      userId: 'cl-1',
      event: 'Order Completed',
      properties: { order_id: 'cl-o-1', total: 129.8, currency: 'EUR', products: [{ sku: 'CL-PRO', name: 'Pro', price: 64.9, quantity: 2, category: 'plans' }] },
    });
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(statuses).toEqual([200]);

    const w = ws().workspace.id;
    const events = await db().query<{ type: string; name: string; contact_id: number; account_id: number | null; occurred_at: Date; context: { library?: { name: string } } }>(
      `SELECT type, name, contact_id, account_id, occurred_at, context FROM events WHERE workspace_id = $1 AND source = 'segment' ORDER BY id`,
      [w],
    );
    expect(events.map((e) => `${e.type}:${e.name}`).sort()).toEqual(
      ['alias:alias', 'group:group', 'identify:identify', 'page:Pricing', 'screen:Dashboard', 'track:Order Completed', 'track:Report Exported', 'track:Visited'].sort(),
    );
    const [contact] = await db().query<{ id: number; email: string; first_name: string; last_name: string; traits: unknown; account_id: number }>(
      `SELECT id, email, first_name, last_name, traits, account_id FROM contacts WHERE workspace_id = $1 AND external_id = 'cl-1'`,
      [w],
    );
    expect(contact).toMatchObject({ email: 'aino@example.fi', first_name: 'Aino', last_name: 'Virtanen', traits: { plan: 'pro' } });
    const [account] = await db().query<{ id: number; name: string; domain: string; employees: number; country: string; industry: string }>(
      `SELECT id, name, domain, employees, country, industry FROM accounts WHERE workspace_id = $1 AND external_id = 'cl-acme'`,
      [w],
    );
    expect(account).toMatchObject({ name: 'Acme Oy', domain: 'acme.fi', employees: 120, country: 'FI', industry: 'Software' });
    expect(contact!.account_id).toBe(account!.id);
    // Every event ended on the known contact (the anonymous visit followed the alias), with the account.
    expect(new Set(events.map((e) => e.contact_id))).toEqual(new Set([contact!.id]));
    expect(events.every((e) => e.account_id === account!.id)).toBe(true);
    const exported = events.find((e) => e.name === 'Report Exported')!;
    expect(exported.occurred_at.toISOString()).toBe(at.toISOString());
    expect(exported.context.library?.name).toBe('@segment/analytics-node');
    const [order] = await db().query<{ total: number; contact_id: number; account_id: number; source: string }>(
      `SELECT total, contact_id, account_id, source FROM orders WHERE workspace_id = $1 AND external_id = 'cl-o-1'`,
      [w],
    );
    expect(order).toEqual({ total: 129.8, contact_id: contact!.id, account_id: account!.id, source: 'segment' });
  });

  it('sends many events over several batches', async () => {
    const { analytics, statuses, errors } = client(ws().writeKey.token, 25);
    for (let i = 0; i < 100; i++) analytics.track({ userId: `cl-many-${i % 7}`, event: 'Feature Used', properties: { i } });
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const [n] = await db().query<{ n: number; contacts: number }>(
      `SELECT count(*) AS n, count(DISTINCT contact_id) AS contacts FROM events WHERE workspace_id = $1 AND name = 'Feature Used'`,
      [ws().workspace.id],
    );
    expect(n).toEqual({ n: 100, contacts: 7 });
  });

  it('stores a message resent with the same messageId once', async () => {
    for (let round = 0; round < 2; round++) {
      const { analytics, statuses } = client(ws().writeKey.token, 2);
      analytics.track({ userId: 'cl-2', event: 'Invoice Paid', messageId: 'cl-dup-1', properties: { round } });
      analytics.track({ userId: 'cl-2', event: 'Invoice Paid', messageId: 'cl-dup-2', properties: { round } });
      await analytics.closeAndFlush({ timeout: 20_000 });
      expect(statuses).toEqual([200]);
    }
    const rows = await db().query<{ message_id: string; properties: { round: number } }>(
      `SELECT message_id, properties FROM events WHERE workspace_id = $1 AND name = 'Invoice Paid' ORDER BY message_id`,
      [ws().workspace.id],
    );
    expect(rows).toEqual([
      { message_id: 'cl-dup-1', properties: { round: 0 } },
      { message_id: 'cl-dup-2', properties: { round: 0 } },
    ]);
  });

  it('is refused with 401 for a wrong write key and the client reports it', async () => {
    const { analytics, statuses, errors } = client('kanta_write_wrong', 1);
    analytics.track({ userId: 'cl-3', event: 'Nope' });
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(statuses).toEqual([401]);
    expect(errors.length).toBe(1);
    const rows = await db().query(`SELECT 1 FROM events WHERE workspace_id = $1 AND name = 'Nope'`, [ws().workspace.id]);
    expect(rows).toEqual([]);
  });
});
