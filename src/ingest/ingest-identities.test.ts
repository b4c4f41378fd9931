import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../http/build-server.js';
import { describeEachDatabase } from '../testing/test-database.js';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describeEachDatabase('tracking API identities: identify, group, alias and merges', ({ db, ws }) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
  });
  afterAll(async () => app.close());

  async function send(batch: object[], extra: object = {}): Promise<void> {
    const res = await app.inject({ method: 'POST', url: '/v1/batch', payload: { batch, ...extra }, headers: { authorization: basic(ws().writeKey.token) } });
    expect(res.statusCode, res.body).toBe(200);
  }
  const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => db().query<T>(sql, [ws().workspace.id, ...params]);
  const contactByUser = async (userId: string) =>
    (await q<{ id: number; email: string | null; first_name: string | null; last_name: string | null; title: string | null; locale: string | null; buying_role: string | null; traits: Record<string, unknown>; account_id: number | null }>(
      'SELECT id, email, first_name, last_name, title, locale, buying_role, traits, account_id FROM contacts WHERE workspace_id = $1 AND external_id = $2',
      [userId],
    ))[0];
  const identityOf = async (anonymousId: string) =>
    (await q<{ contact_id: number }>('SELECT contact_id FROM contact_identities WHERE workspace_id = $1 AND anonymous_id = $2', [anonymousId]))[0]?.contact_id;
  const eventContacts = async (names: string[]) =>
    (await q<{ name: string; contact_id: number; account_id: number | null }>('SELECT name, contact_id, account_id FROM events WHERE workspace_id = $1 AND name = ANY($2) ORDER BY name', [names]));

  it('gives an anonymous visitor an anonymous contact with an identity', async () => {
    await send([{ type: 'page', anonymousId: 'anon-A', name: 'Home' }, { type: 'track', anonymousId: 'anon-A', event: 'A Clicked' }]);
    const contactId = await identityOf('anon-A');
    expect(contactId).toBeDefined();
    const [c] = await q<{ external_id: string | null }>('SELECT external_id FROM contacts WHERE workspace_id = $1 AND id = $2', [contactId]);
    expect(c).toEqual({ external_id: null });
    expect((await eventContacts(['Home', 'A Clicked'])).map((e) => e.contact_id)).toEqual([contactId, contactId]);
  });

  it('merges the anonymous contact into the known one when a message carries both ids: events, orders and traits follow', async () => {
    await send([
      { type: 'identify', anonymousId: 'anon-A', traits: { email: 'anon@example.fi', favourite: 'blue' } },
      { type: 'track', anonymousId: 'anon-A', event: 'Order Completed', properties: { order_id: 'ord-anon', total: 10 } },
    ]);
    const anonContact = (await identityOf('anon-A'))!;
    await send([{ type: 'identify', userId: 'user-A', anonymousId: 'anon-A', traits: { firstName: 'Aino', favourite: 'green' } }]);
    const known = (await contactByUser('user-A'))!;
    expect(known).toMatchObject({ first_name: 'Aino', email: 'anon@example.fi', traits: { favourite: 'green' } });
    expect(await identityOf('anon-A')).toBe(known.id);
    expect(await q('SELECT 1 FROM contacts WHERE workspace_id = $1 AND id = $2', [anonContact])).toEqual([]);
    expect((await eventContacts(['Home', 'A Clicked', 'Order Completed'])).map((e) => e.contact_id)).toEqual([known.id, known.id, known.id]);
    const [order] = await q<{ contact_id: number }>(`SELECT contact_id FROM orders WHERE workspace_id = $1 AND external_id = 'ord-anon'`);
    expect(order!.contact_id).toBe(known.id);
    // Later anonymous-only messages with that id land on the known contact.
    await send([{ type: 'track', anonymousId: 'anon-A', event: 'A Later' }]);
    expect((await eventContacts(['A Later']))[0]!.contact_id).toBe(known.id);
  });

  it('alias merges previousId (an anonymous id or an earlier user id) into userId', async () => {
    await send([{ type: 'track', anonymousId: 'anon-B', event: 'B Visited' }, { type: 'track', userId: 'old-user-B', event: 'B Old' }]);
    await send([{ type: 'track', userId: 'user-B', event: 'B New' }]);
    await send([{ type: 'alias', userId: 'user-B', previousId: 'anon-B' }, { type: 'alias', userId: 'user-B', previousId: 'old-user-B' }]);
    const b = (await contactByUser('user-B'))!;
    expect((await eventContacts(['B Visited', 'B Old', 'B New'])).map((e) => e.contact_id)).toEqual([b.id, b.id, b.id]);
    expect(await contactByUser('old-user-B')).toBeUndefined();
    expect(await identityOf('anon-B')).toBe(b.id);
    // The old user id now resolves to the surviving contact.
    await send([{ type: 'track', userId: 'old-user-B', event: 'B After' }]);
    expect((await eventContacts(['B After']))[0]!.contact_id).toBe(b.id);
    const [aliasEvent] = await q<{ contact_id: number; properties: unknown }>(`SELECT contact_id, properties FROM events WHERE workspace_id = $1 AND type = 'alias' AND user_id = 'user-B' ORDER BY id LIMIT 1`);
    expect(aliasEvent).toEqual({ contact_id: b.id, properties: { previousId: 'anon-B' } });
  });

  it('does not merge two known people who share an anonymous id (a shared device)', async () => {
    await send([{ type: 'track', userId: 'user-C1', anonymousId: 'anon-C', event: 'C1 Used' }]);
    await send([{ type: 'track', userId: 'user-C2', anonymousId: 'anon-C', event: 'C2 Used' }]);
    const c1 = (await contactByUser('user-C1'))!;
    const c2 = (await contactByUser('user-C2'))!;
    expect(c1.id).not.toBe(c2.id);
    expect((await eventContacts(['C1 Used', 'C2 Used'])).map((e) => e.contact_id)).toEqual([c1.id, c2.id]);
  });

  it('identify upserts the contact and merges traits: columns named change, null clears, the rest stays', async () => {
    await send([{ type: 'identify', userId: 'user-D', traits: { name: 'Matti Meikäläinen', email: 'matti@example.fi', title: 'CTO', language: 'fi-FI', buying_role: 'decision_maker', plan: 'pro', seats: 5 } }]);
    expect(await contactByUser('user-D')).toMatchObject({
      first_name: 'Matti', last_name: 'Meikäläinen', email: 'matti@example.fi', title: 'CTO', locale: 'fi-FI', buying_role: 'decision_maker', traits: { plan: 'pro', seats: 5 },
    });
    await send([
      { type: 'identify', userId: 'user-D', traits: { title: null, seats: 7 } },
      { type: 'identify', userId: 'user-D', traits: { plan: null, persona: 'builder' } },
    ]);
    expect(await contactByUser('user-D')).toMatchObject({ first_name: 'Matti', email: 'matti@example.fi', title: null, traits: { seats: 7 } });
    expect((await contactByUser('user-D'))!.traits).not.toHaveProperty('plan');
  });

  it('group upserts the account, links the contact and back-fills its earlier events without an account', async () => {
    await send([{ type: 'track', userId: 'user-E', event: 'E Before' }]);
    expect((await eventContacts(['E Before']))[0]!.account_id).toBeNull();
    await send([{ type: 'group', userId: 'user-E', groupId: 'grp-E', traits: { name: 'Eka Oy', employees: '42', plan: 'enterprise', owner: 'kam@kanta.dev' } }]);
    const [acc] = await q<{ id: number; name: string; employees: number; owner: string; traits: unknown }>(`SELECT id, name, employees, owner, traits FROM accounts WHERE workspace_id = $1 AND external_id = 'grp-E'`);
    expect(acc).toMatchObject({ name: 'Eka Oy', employees: 42, owner: 'kam@kanta.dev', traits: { plan: 'enterprise' } });
    expect((await contactByUser('user-E'))!.account_id).toBe(acc!.id);
    expect((await eventContacts(['E Before']))[0]!.account_id).toBe(acc!.id);
    // A second group call changes only what it names; the name stays.
    await send([{ type: 'group', userId: 'user-E', groupId: 'grp-E', traits: { industry: 'Retail' } }]);
    const [again] = await q<{ name: string; industry: string; employees: number }>(`SELECT name, industry, employees FROM accounts WHERE workspace_id = $1 AND external_id = 'grp-E'`);
    expect(again).toEqual({ name: 'Eka Oy', industry: 'Retail', employees: 42 });
    // context.groupId attributes an event to an account the contact does not belong to.
    await send([{ type: 'group', userId: 'user-E2', groupId: 'grp-E2', traits: {} }]);
    await send([{ type: 'track', userId: 'user-E', event: 'E For Other', context: { groupId: 'grp-E2' } }]);
    const [other] = await q<{ id: number; name: string }>(`SELECT id, name FROM accounts WHERE workspace_id = $1 AND external_id = 'grp-E2'`);
    expect(other!.name).toBe('grp-E2');
    expect((await eventContacts(['E For Other']))[0]!.account_id).toBe(other!.id);
  });

  it('resending a message changes nothing: no second side effect', async () => {
    const identify = { type: 'identify', userId: 'user-F', messageId: 'f-1', traits: { email: 'first@example.fi' } };
    await send([identify]);
    await send([{ ...identify, traits: { email: 'second@example.fi' } }, { ...identify }]);
    expect((await contactByUser('user-F'))!.email).toBe('first@example.fi');
    const [n] = await q<{ n: number }>(`SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND message_id = 'f-1'`);
    expect(n!.n).toBe(1);
  });

  it('takes timestamp as sent, corrects originalTimestamp for clock skew, else uses the time received', async () => {
    const before = Date.now();
    await send(
      [
        { type: 'track', userId: 'user-G', event: 'G1', messageId: 'g-1', timestamp: '2025-01-01T12:00:00Z', originalTimestamp: '2020-01-01T00:00:00Z' },
        // The device clock is one hour behind: sentAt says 09:00 when it is really 10:00 (approximately now).
        { type: 'track', userId: 'user-G', event: 'G2', messageId: 'g-2', originalTimestamp: new Date(Date.now() - 3_600_000 - 60_000).toISOString() },
        { type: 'track', userId: 'user-G', event: 'G3', messageId: 'g-3' },
      ],
      { sentAt: new Date(Date.now() - 3_600_000).toISOString() },
    );
    const after = Date.now();
    const rows = await q<{ name: string; occurred_at: Date; received_at: Date }>(`SELECT name, occurred_at, received_at FROM events WHERE workspace_id = $1 AND user_id = 'user-G' ORDER BY name`);
    expect(rows[0]!.occurred_at.toISOString()).toBe('2025-01-01T12:00:00.000Z');
    // G2 happened a minute before it was sent: a minute before it was received, on the server's clock.
    const g2 = rows[1]!.occurred_at.getTime();
    expect(g2).toBeGreaterThanOrEqual(before - 60_000 - 2_000);
    expect(g2).toBeLessThanOrEqual(after - 60_000 + 2_000);
    expect(rows[2]!.occurred_at.getTime()).toBe(rows[2]!.received_at.getTime());
  });
});
