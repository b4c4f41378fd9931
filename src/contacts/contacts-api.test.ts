import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../http/build-server.js';
import { describeEachDatabase } from '../testing/test-database.js';

describeEachDatabase('contacts API', ({ db, ws }) => {
  let app: FastifyInstance;
  let accountId: number;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
    accountId = (await call('POST', '/api/v1/accounts', { name: 'People Oy' })).json().id;
  });
  afterAll(async () => app.close());

  const call = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${ws().adminKey.token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('creates, reads with anonymous ids, patches and deletes a contact', async () => {
    const res = await call('POST', '/api/v1/contacts', {
      account_id: accountId,
      external_id: 'user-1',
      email: 'Maija.Meikalainen@example.fi',
      first_name: 'Maija',
      last_name: 'Meikäläinen',
      locale: 'fi-FI',
      timezone: 'Europe/Helsinki',
      buying_role: 'decision_maker',
      persona: 'cfo',
      traits: { newsletter: true },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ account_id: accountId, external_id: 'user-1', buying_role: 'decision_maker', traits: { newsletter: true }, phone: null });
    expect(created).not.toHaveProperty('anonymous_ids');

    await db().query(`INSERT INTO contact_identities (workspace_id, anonymous_id, contact_id) VALUES ($1, 'anon-b', $2), ($1, 'anon-a', $2)`, [
      ws().workspace.id,
      created.id,
    ]);
    const got = (await call('GET', `/api/v1/contacts/${created.id}`)).json();
    expect(got).toEqual({ ...created, anonymous_ids: expect.arrayContaining(['anon-a', 'anon-b']) });
    expect(got.anonymous_ids).toHaveLength(2);

    const patched = await call('PATCH', `/api/v1/contacts/${created.id}`, { title: 'CFO', persona: null, traits: { newsletter: null, vip: 1 } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ title: 'CFO', persona: null, traits: { vip: 1 }, email: 'Maija.Meikalainen@example.fi' });
    expect(patched.json().traits).not.toHaveProperty('newsletter');

    expect((await call('DELETE', `/api/v1/contacts/${created.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/contacts/${created.id}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/contacts/${created.id}`, { title: 'x' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/contacts/${created.id}`)).statusCode).toBe(404);
    const identities = await db().query('SELECT 1 FROM contact_identities WHERE workspace_id = $1 AND contact_id = $2', [ws().workspace.id, created.id]);
    expect(identities).toHaveLength(0);
  });

  it('rejects a bad email, role, unknown field and a non-existent account, naming each', async () => {
    const bad = await call('POST', '/api/v1/contacts', { email: 'not-an-email', buying_role: 'boss', nickname: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body/email', 'body/buying_role', 'body/nickname']));

    const dangling = await call('POST', '/api/v1/contacts', { account_id: 987654, email: 'a@b.fi' });
    expect(dangling.statusCode).toBe(400);
    expect(dangling.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body/account_id', message: 'does not exist' }] });

    const c = (await call('POST', '/api/v1/contacts', { email: 'move@b.fi' })).json();
    const move = await call('PATCH', `/api/v1/contacts/${c.id}`, { account_id: 987654 });
    expect(move.statusCode).toBe(400);
    expect(move.json().errors[0].path).toBe('body/account_id');
  });

  it('answers a clash of external_id with 409', async () => {
    expect((await call('POST', '/api/v1/contacts', { external_id: 'dup-user' })).statusCode).toBe(201);
    const res = await call('POST', '/api/v1/contacts', { external_id: 'dup-user' });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ path: 'body/external_id', message: 'is already taken' }]);
  });

  it('lists by name (missing names first), filters and searches, paging without gaps', async () => {
    const acc = (await call('POST', '/api/v1/accounts', { name: 'List Oy' })).json().id;
    const people = [
      { first_name: 'Aino', last_name: 'Virtanen', email: 'aino@list.fi', buying_role: 'user', persona: 'dev' },
      { first_name: 'Eero', last_name: 'Virtanen', email: 'eero@list.fi', buying_role: 'champion', persona: 'dev' },
      { first_name: 'Aino', last_name: 'Korhonen', email: 'AINO.K@list.fi', buying_role: 'user', persona: 'ops' },
      { first_name: null, last_name: 'Nieminen', email: 'n@list.fi', buying_role: 'purchaser', persona: null },
      { first_name: 'Ville', last_name: null, email: 'ville@list.fi', buying_role: null, persona: 'dev' },
      { first_name: null, last_name: null, email: 'nobody@list.fi', buying_role: null, persona: null },
      { first_name: 'aino', last_name: 'virtanen', email: 'aino2@list.fi', buying_role: 'user', persona: 'dev' },
    ];
    const ids: number[] = [];
    for (const p of people) {
      const res = await call('POST', '/api/v1/contacts', { account_id: acc, ...p });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
    }
    const [aino, eero, korhonen, nieminen, ville, nobody, aino2] = ids as [number, number, number, number, number, number, number];
    const byName = [nobody, ville, korhonen, nieminen, aino, aino2, eero];

    async function walk(query: string, limit: number): Promise<number[]> {
      const out: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await call('GET', `/api/v1/contacts?account_id=${acc}&limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        out.push(...res.json().data.map((c: { id: number }) => c.id));
        cursor = res.json().next_cursor;
      } while (cursor);
      return out;
    }
    expect(await walk('', 2)).toEqual(byName);
    expect(await walk('&sort=-name', 3)).toEqual([...byName].reverse());
    expect(await walk('&sort=created_at', 2)).toEqual(ids);
    expect(await walk('&sort=-created_at', 4)).toEqual([...ids].reverse());
    expect(await walk('&q=AINO', 1)).toEqual([korhonen, aino, aino2]);
    expect(await walk('&q=virtanen&sort=-name', 1)).toEqual([eero, aino2, aino]);
    expect(await walk('&email=aino.k@LIST.fi', 5)).toEqual([korhonen]);
    expect(await walk('&buying_role=user', 2)).toEqual([korhonen, aino, aino2]);
    expect(await walk('&persona=dev&sort=created_at', 2)).toEqual([aino, eero, ville, aino2]);

    const nested = (await call('GET', `/api/v1/accounts/${acc}/contacts?sort=-created_at&limit=100`)).json();
    expect(nested.data.map((c: { id: number }) => c.id)).toEqual([...ids].reverse());

    const mixed = (await call('GET', `/api/v1/contacts?sort=name&limit=2&account_id=${acc}`)).json().next_cursor;
    expect((await call('GET', `/api/v1/contacts?sort=created_at&cursor=${mixed}`)).json().errors[0].path).toBe('querystring/cursor');
  });

  it('serves the timeline of a contact, newest first, with filters and 404 for an unknown contact', async () => {
    const c = (await call('POST', '/api/v1/contacts', { email: 'tl@list.fi' })).json();
    const other = (await call('POST', '/api/v1/contacts', { email: 'other@list.fi' })).json();
    const w = ws().workspace.id;
    await db().query(
      `INSERT INTO events (workspace_id, message_id, type, name, contact_id, occurred_at, source)
       VALUES ($1, 'c1', 'track', 'Signed In', $2, '2024-03-01T10:00:00Z', 'test'),
              ($1, 'c2', 'track', 'Viewed Report', $2, '2024-03-02T10:00:00Z', 'test'),
              ($1, 'c3', 'track', 'Signed In', $2, '2024-03-03T10:00:00Z', 'test'),
              ($1, 'c4', 'track', 'Signed In', $3, '2024-03-04T10:00:00Z', 'test')`,
      [w, c.id, other.id],
    );
    const names = async (query: string) =>
      (await call('GET', `/api/v1/contacts/${c.id}/timeline${query}`)).json().data.map((e: { message_id: string }) => e.message_id);
    expect(await names('')).toEqual(['c3', 'c2', 'c1']);
    expect(await names('?name=Signed%20In')).toEqual(['c3', 'c1']);
    expect(await names('?after=2024-03-02T00:00:00Z&before=2024-03-03T10:00:00Z')).toEqual(['c2']);
    const first = (await call('GET', `/api/v1/contacts/${c.id}/timeline?limit=2`)).json();
    expect(first.data).toHaveLength(2);
    const second = (await call('GET', `/api/v1/contacts/${c.id}/timeline?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second).toMatchObject({ data: [{ message_id: 'c1' }], next_cursor: null });
    expect((await call('GET', '/api/v1/contacts/987654/timeline')).statusCode).toBe(404);
  });
});
