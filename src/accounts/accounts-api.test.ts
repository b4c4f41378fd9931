import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { useTestServer } from '../testing/test-server.js';

describeEachDatabase('accounts API', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const call = server.call;

  describe('authentication', () => {
    it('answers a request without a key with 401 problem+json', async () => {
      const res = await server.app().inject({ method: 'GET', url: '/api/v1/accounts' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthorized' });
    });

    it('answers an unknown key with 401', async () => {
      const res = await server.app().inject({ method: 'GET', url: '/api/v1/accounts', headers: { authorization: 'Bearer kanta_admin_nope' } });
      expect(res.statusCode).toBe(401);
    });

    it('refuses the ingest write key with 403', async () => {
      for (const url of ['/api/v1/accounts', '/api/v1/me', '/api/v1/contacts', '/api/v1/orders', '/api/v1/events', '/api/v1/products']) {
        const res = await server.app().inject({ method: 'GET', url, headers: { authorization: `Bearer ${ws().writeKey.token}` } });
        expect(res.statusCode, url).toBe(403);
        expect(res.json()).toMatchObject({ code: 'forbidden' });
      }
    });

    it('tells who the caller is on /me', async () => {
      const res = await call('GET', '/api/v1/me');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        workspace: { id: ws().workspace.id, slug: 'test', name: 'Test workspace' },
        key: { id: ws().adminKey.id, kind: 'admin' },
      });
    });
  });

  describe('create, read, update, delete', () => {
    it('creates an account with defaults and reads it back with roll-ups', async () => {
      const res = await call('POST', '/api/v1/accounts', { name: 'Kivi Oy', external_id: 'crud-1', country: 'FI', employees: 12, traits: { plan: 'pro' } });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        external_id: 'crud-1',
        kind: 'organization',
        name: 'Kivi Oy',
        domain: null,
        country: 'FI',
        employees: 12,
        traits: { plan: 'pro' },
      });
      expect(typeof created.id).toBe('number');
      expect(new Date(created.created_at).toISOString()).toBe(created.created_at);

      const got = await call('GET', `/api/v1/accounts/${created.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual({ ...created, contact_count: 0, order_count: 0, revenue: 0 });
    });

    it('counts contacts and orders and sums revenue net of refunds, leaving cancelled orders out', async () => {
      const account = (await call('POST', '/api/v1/accounts', { name: 'Rollup Oy' })).json();
      for (const email of ['a@rollup.fi', 'b@rollup.fi']) {
        expect((await call('POST', '/api/v1/contacts', { account_id: account.id, email })).statusCode).toBe(201);
      }
      const w = ws().workspace.id;
      await db().query(
        `INSERT INTO orders (workspace_id, external_id, account_id, status, total, refunded_total, ordered_at)
         VALUES ($1, 'r-1', $2, 'partially_refunded', 100.50, 20.25, now()), ($1, 'r-2', $2, 'completed', 10, 0, now()),
                ($1, 'r-3', $2, 'cancelled', 999, 0, now())`,
        [w, account.id],
      );
      const got = (await call('GET', `/api/v1/accounts/${account.id}`)).json();
      expect(got).toMatchObject({ contact_count: 2, order_count: 3, revenue: 90.25 });
    });

    it('rejects bad fields naming each one', async () => {
      const res = await call('POST', '/api/v1/accounts', { name: '', country: 'fi', kind: 'company', employees: -1, colour: 'red' });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const paths = res.json().errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['body/name', 'body/country', 'body/kind', 'body/employees', 'body/colour']));
    });

    it('names a missing required field', async () => {
      const res = await call('POST', '/api/v1/accounts', { domain: 'x.fi' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toContainEqual(expect.objectContaining({ path: 'body/name' }));
    });

    it('answers a clash of external_id with 409 naming the field', async () => {
      expect((await call('POST', '/api/v1/accounts', { name: 'A', external_id: 'clash-1' })).statusCode).toBe(201);
      const res = await call('POST', '/api/v1/accounts', { name: 'B', external_id: 'clash-1' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ status: 409, code: 'conflict', errors: [{ path: 'body/external_id' }] });
    });

    it('patches only the fields given, merges traits and removes null traits', async () => {
      const a = (await call('POST', '/api/v1/accounts', { name: 'Patch Oy', domain: 'patch.fi', owner: 'anna', traits: { plan: 'basic', seats: 3 } })).json();
      const res = await call('PATCH', `/api/v1/accounts/${a.id}`, { owner: null, industry: 'software', traits: { plan: 'pro', seats: null, region: 'north' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: 'Patch Oy', domain: 'patch.fi', owner: null, industry: 'software', traits: { plan: 'pro', region: 'north' } });
      expect(res.json().traits).not.toHaveProperty('seats');
      expect(new Date(res.json().updated_at).getTime()).toBeGreaterThanOrEqual(new Date(a.updated_at).getTime());
      const empty = await call('PATCH', `/api/v1/accounts/${a.id}`, {});
      expect(empty.json()).toEqual(res.json());
    });

    it('answers patch of an unknown id with 404, a clash with 409 and a bad field with 400', async () => {
      expect((await call('PATCH', '/api/v1/accounts/987654', { name: 'X' })).statusCode).toBe(404);
      const a = (await call('POST', '/api/v1/accounts', { name: 'P1', external_id: 'patch-clash-a' })).json();
      await call('POST', '/api/v1/accounts', { name: 'P2', external_id: 'patch-clash-b' });
      const clash = await call('PATCH', `/api/v1/accounts/${a.id}`, { external_id: 'patch-clash-b' });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().errors).toEqual([{ path: 'body/external_id', message: 'is already taken' }]);
      const bad = await call('PATCH', `/api/v1/accounts/${a.id}`, { name: null, id: 5 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body/name', 'body/id']));
    });

    it('deletes an account; its contacts and orders stay with account_id null', async () => {
      const a = (await call('POST', '/api/v1/accounts', { name: 'Gone Oy' })).json();
      const c = (await call('POST', '/api/v1/contacts', { account_id: a.id, email: 'left@gone.fi' })).json();
      await db().query(`INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at) VALUES ($1, 'gone-1', $2, 5, now())`, [
        ws().workspace.id,
        a.id,
      ]);
      const res = await call('DELETE', `/api/v1/accounts/${a.id}`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expect((await call('GET', `/api/v1/accounts/${a.id}`)).statusCode).toBe(404);
      expect((await call('DELETE', `/api/v1/accounts/${a.id}`)).statusCode).toBe(404);
      expect((await call('GET', `/api/v1/contacts/${c.id}`)).json().account_id).toBeNull();
      const orders = await db().query<{ account_id: number | null }>(`SELECT account_id FROM orders WHERE workspace_id = $1 AND external_id = 'gone-1'`, [
        ws().workspace.id,
      ]);
      expect(orders).toEqual([{ account_id: null }]);
    });

    it('answers an unknown or malformed id', async () => {
      const missing = await call('GET', '/api/v1/accounts/99999999');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'not_found', instance: '/api/v1/accounts/99999999' });
      const bad = await call('GET', '/api/v1/accounts/abc');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('params/id');
    });

    it('lists contacts, orders and timeline under an account, and 404 under an unknown one', async () => {
      for (const sub of ['contacts', 'orders', 'timeline']) {
        expect((await call('GET', `/api/v1/accounts/99999999/${sub}`)).statusCode, sub).toBe(404);
      }
      const a = (await call('POST', '/api/v1/accounts', { name: 'Nested Oy' })).json();
      await call('POST', '/api/v1/contacts', { account_id: a.id, last_name: 'Bee' });
      await call('POST', '/api/v1/contacts', { account_id: a.id, last_name: 'Aa' });
      await call('POST', '/api/v1/contacts', { last_name: 'Elsewhere' });
      const contacts = (await call('GET', `/api/v1/accounts/${a.id}/contacts`)).json();
      expect(contacts.data.map((c: { last_name: string }) => c.last_name)).toEqual(['Aa', 'Bee']);
      expect(contacts.next_cursor).toBeNull();
      const orders = (await call('GET', `/api/v1/accounts/${a.id}/orders`)).json();
      expect(orders).toEqual({ data: [], next_cursor: null });
    });
  });
});
