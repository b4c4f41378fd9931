import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { useTestServer } from '../testing/test-server.js';

describeEachDatabase('events API', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const call = server.call;

  async function walk(url: string, limit: number): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const sep = url.includes('?') ? '&' : '?';
      const res = await call('GET', `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      out.push(...res.json().data.map((e: { message_id: string }) => e.message_id));
      cursor = res.json().next_cursor;
      if (!cursor) return out;
    }
    throw new Error('too many pages');
  }

  describe('create, read, erase', () => {
    it("records a track event for a contact, on the contact's account, from the API", async () => {
      const account = (await call('POST', '/api/v1/accounts', { name: 'Evented Oy' })).json();
      const contact = (await call('POST', '/api/v1/contacts', { account_id: account.id, external_id: 'ev-user' })).json();
      const res = await call('POST', '/api/v1/events', {
        name: 'Meeting Held',
        contact_id: contact.id,
        properties: { topic: 'renewal' },
        occurred_at: '2024-02-01T09:30:00Z',
        message_id: 'meeting-1',
      });
      expect(res.statusCode, res.body).toBe(201);
      const e = res.json();
      expect(e).toMatchObject({
        message_id: 'meeting-1',
        type: 'track',
        name: 'Meeting Held',
        contact_id: contact.id,
        account_id: account.id,
        user_id: 'ev-user',
        anonymous_id: null,
        properties: { topic: 'renewal' },
        context: null,
        occurred_at: '2024-02-01T09:30:00.000Z',
        source: 'api',
      });
      expect((await call('GET', `/api/v1/events/${e.id}`)).json()).toEqual(e);

      const byUser = await call('POST', '/api/v1/events', { name: 'Called', user_id: 'ev-user' });
      expect(byUser.statusCode).toBe(201);
      expect(byUser.json()).toMatchObject({ contact_id: contact.id, account_id: account.id, user_id: 'ev-user' });
      expect(byUser.json().message_id).toMatch(/^api-/);
      expect(Math.abs(new Date(byUser.json().occurred_at).getTime() - Date.now())).toBeLessThan(60_000);

      await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [ws().workspace.id]);
      expect((await call('DELETE', `/api/v1/events/${e.id}`)).statusCode).toBe(204);
      // Erasing an event can change segments and stages: its contact and account are queued.
      const queued = await db().query<{ subject_type: string; subject_id: number }>(
        'SELECT subject_type, subject_id FROM recompute_queue WHERE workspace_id = $1 ORDER BY 1',
        [ws().workspace.id],
      );
      expect(queued).toEqual([
        { subject_type: 'account', subject_id: account.id },
        { subject_type: 'contact', subject_id: contact.id },
      ]);
      expect((await call('GET', `/api/v1/events/${e.id}`)).statusCode).toBe(404);
      expect((await call('DELETE', `/api/v1/events/${e.id}`)).statusCode).toBe(404);
    });

    it('refuses unknown references, both contact_id and user_id, and a used message_id', async () => {
      const cases: [Record<string, unknown>, string, number][] = [
        [{ contact_id: 987654 }, 'body/contact_id', 400],
        [{ user_id: 'nobody' }, 'body/user_id', 400],
        [{ account_id: 987654 }, 'body/account_id', 400],
        [{ contact_id: 1, user_id: 'x' }, 'body/user_id', 400],
      ];
      for (const [extra, path, status] of cases) {
        const res = await call('POST', '/api/v1/events', { name: 'X', ...extra });
        expect(res.statusCode, JSON.stringify(extra)).toBe(status);
        expect(res.json().errors[0].path, JSON.stringify(extra)).toBe(path);
      }
      expect((await call('POST', '/api/v1/events', { name: 'Once', message_id: 'only-once' })).statusCode).toBe(201);
      const again = await call('POST', '/api/v1/events', { name: 'Once', message_id: 'only-once' });
      expect(again.statusCode).toBe(409);
      expect(again.json().errors).toEqual([{ path: 'body/message_id', message: 'is already taken' }]);
    });

    it('validates the body and refuses to edit events', async () => {
      const res = await call('POST', '/api/v1/events', { occurred_at: 'soon', type: 'page', properties: [] });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(
        expect.arrayContaining(['body/name', 'body/occurred_at', 'body/type', 'body/properties']),
      );
      expect((await call('PATCH', '/api/v1/events/1', { name: 'x' })).statusCode).toBe(404);
    });
  });

  describe('lists and timelines', () => {
    const ids = { a: 0, b: 0, c1: 0, c2: 0, c3: 0 };
    beforeAll(async () => {
      ids.a = (await call('POST', '/api/v1/accounts', { name: 'Timeline A' })).json().id;
      ids.b = (await call('POST', '/api/v1/accounts', { name: 'Timeline B' })).json().id;
      ids.c1 = (await call('POST', '/api/v1/contacts', { account_id: ids.a, email: 'c1@a.fi' })).json().id;
      ids.c2 = (await call('POST', '/api/v1/contacts', { account_id: ids.a, email: 'c2@a.fi' })).json().id;
      ids.c3 = (await call('POST', '/api/v1/contacts', { account_id: ids.b, email: 'c3@b.fi' })).json().id;
      const t = (h: number) => `2024-04-01T${String(h).padStart(2, '0')}:00:00Z`;
      const rows: [string, string, string, number | null, number | null, string][] = [
        ['t1', 'track', 'Visited', ids.a, null, t(1)], // the account's own
        ['t2', 'page', 'Visited', null, ids.c1, t(2)], // a contact's, no account
        ['t3', 'track', 'Used Feature', null, ids.c2, t(3)],
        ['t4', 'track', 'Meeting', ids.a, ids.c1, t(4)], // both: must come once
        ['t5', 'track', 'Visited', null, ids.c3, t(5)], // another account's contact
        ['t6', 'track', 'Visited', ids.b, null, t(6)], // another account
        ['t7', 'track', 'Used Feature', null, ids.c2, t(3)], // same instant as t3, larger id
        ['t8', 'track', 'Renewed', ids.a, null, t(7)],
        ['t9', 'identify', 'Identify', ids.b, ids.c1, t(8)], // A's contact, tagged with B
      ];
      for (const [mid, type, name, account, contact, at] of rows) {
        await db().query(
          `INSERT INTO events (workspace_id, message_id, type, name, account_id, contact_id, occurred_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7, 'test')`,
          [ws().workspace.id, mid, type, name, account, contact, at],
        );
      }
    });

    it("merges an account's own events with its contacts', newest first, each once, on every page size", async () => {
      const expected = ['t9', 't8', 't4', 't7', 't3', 't2', 't1'];
      for (const limit of [1, 2, 3, 50]) {
        expect(await walk(`/api/v1/accounts/${ids.a}/timeline`, limit), `limit ${limit}`).toEqual(expected);
      }
      expect(await walk(`/api/v1/accounts/${ids.b}/timeline`, 2)).toEqual(['t9', 't6', 't5']);
    });

    it('filters a timeline by name and time window', async () => {
      expect(await walk(`/api/v1/accounts/${ids.a}/timeline?name=Used%20Feature`, 1)).toEqual(['t7', 't3']);
      expect(await walk(`/api/v1/accounts/${ids.a}/timeline?after=2024-04-01T03:00:00Z&before=2024-04-01T07:00:00Z`, 2)).toEqual(['t4', 't7', 't3']);
      const bad = await call('GET', `/api/v1/accounts/${ids.a}/timeline?before=tomorrow`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('querystring/before');
      const foreign = (await call('GET', `/api/v1/events?limit=1`)).json().next_cursor;
      expect((await call('GET', `/api/v1/accounts/${ids.a}/timeline?cursor=${foreign}`)).json().errors[0].path).toBe('querystring/cursor');
    });

    it('lists events newest first with filters, paging without gaps', async () => {
      expect(await walk(`/api/v1/events?contact_id=${ids.c1}`, 1)).toEqual(['t9', 't4', 't2']);
      expect(await walk(`/api/v1/events?account_id=${ids.a}`, 2)).toEqual(['t8', 't4', 't1']);
      expect(await walk('/api/v1/events?name=Visited', 2)).toEqual(['t6', 't5', 't2', 't1']);
      expect(await walk('/api/v1/events?type=page', 2)).toEqual(['t2']);
      expect(await walk('/api/v1/events?from=2024-04-01T02:00:00Z&to=2024-04-01T05:00:00Z', 2)).toEqual(['t4', 't7', 't3', 't2']);
      expect(await walk('/api/v1/events?to=2025-01-01T00:00:00Z', 3)).toEqual(['t9', 't8', 't6', 't5', 't4', 't7', 't3', 't2', 't1']);
      const all = await walk('/api/v1/events', 4);
      expect(new Set(all).size).toBe(all.length);
      const count = await db().query<{ n: number }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1', [ws().workspace.id]);
      expect(all).toHaveLength(count[0]!.n);
    });
  });
});
