import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { useTestServer } from '../testing/test-server.js';

const DAY = 86_400_000;
const buyersInFinland = {
  all: [
    { event: 'Order Completed', op: 'gte', value: 2, within_days: 365 },
    { trait: 'country', op: 'eq', value: 'FI' },
  ],
};

describeEachDatabase('segments API', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const call = server.call;
  const w = () => ws().workspace.id;
  const ids: Record<string, number> = {};

  /** Inserts `count` events of `name` for an account, `daysAgo` days before now. */
  async function events(account: number, name: string, count: number, daysAgo = 3): Promise<void> {
    await db().query(
      `INSERT INTO events (workspace_id, message_id, type, name, account_id, occurred_at, source)
       SELECT $1, $5 || '-' || g, 'track', $3, $2::bigint, now() - make_interval(days => $4), 'api' FROM generate_series(1, $6) g`,
      [w(), account, name, daysAgo, `seg-test-${account}-${Math.random().toString(36).slice(2)}`, count],
    );
  }

  /** Starts a full recompute over the API and waits (bounded) until it has finished. */
  async function recompute(): Promise<Record<string, unknown>> {
    const started = await call('POST', '/api/v1/recompute');
    expect(started.statusCode).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ status: 'running' });
    for (let i = 0; i < 300; i++) {
      const polled = await call('GET', `/api/v1/recompute/${job.id}`);
      expect(polled.statusCode).toBe(200);
      const body = polled.json();
      if (body.status !== 'running') {
        expect(body, JSON.stringify(body)).toMatchObject({ status: 'succeeded', error: null });
        expect(body.done).toBe(body.total);
        return body;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the recompute job did not finish in 15 s');
  }

  beforeAll(async () => {
    for (const [name, country] of [['Aalto Oy', 'FI'], ['Berg Oy', 'FI'], ['Carlsson AB', 'SE']] as const) {
      const res = await call('POST', '/api/v1/accounts', { name, country });
      ids[name] = res.json().id;
    }
    await events(ids['Aalto Oy']!, 'Order Completed', 3);
    await events(ids['Berg Oy']!, 'Order Completed', 1);
    await events(ids['Carlsson AB']!, 'Order Completed', 3);
  });

  describe('dynamic segments', () => {
    let segment: { id: number; key: string };

    it('previews a rule: the count now and named samples with the facts that matched, nothing saved', async () => {
      const res = await call('POST', '/api/v1/segments/preview', { subject_type: 'account', rule: buyersInFinland });
      expect(res.statusCode, res.body).toBe(200);
      const preview = res.json();
      expect(preview).toMatchObject({ count: 1, out_of: 3, time_dependent: true });
      expect(preview.sample).toHaveLength(1);
      expect(preview.sample[0]).toMatchObject({ id: ids['Aalto Oy'], name: 'Aalto Oy' });
      expect(Object.values(preview.sample[0].facts)).toContain(3);
      expect(preview.rule_text.en).toMatch(/Order Completed/);
      expect((await call('GET', '/api/v1/segments')).json().data).toEqual([]);
    });

    it('refuses an invalid rule naming the exact path', async () => {
      const res = await call('POST', '/api/v1/segments', {
        key: 'bad',
        name: 'Bad',
        subject_type: 'account',
        kind: 'dynamic',
        rule: { all: [{ event: 'Order Completed', op: 'gte', value: 2, within_days: -1 }] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('/rule/all/0/within_days');
    });

    it('creates a dynamic segment, evaluates it with a recompute job and lists its members', async () => {
      const res = await call('POST', '/api/v1/segments', { key: 'fi-buyers', name: 'Buyers in Finland', subject_type: 'account', kind: 'dynamic', rule: buyersInFinland });
      expect(res.statusCode, res.body).toBe(201);
      segment = res.json();
      expect(res.json()).toMatchObject({ version: 1, member_count: 0, evaluated_version: null, time_dependent: true });
      const job = await recompute();
      expect(job.result).toMatchObject({ subjects: { account: 3 }, segments: { evaluated: 1, entered: 1, exited: 0 } });

      const got = (await call('GET', `/api/v1/segments/${segment.id}`)).json();
      expect(got).toMatchObject({ member_count: 1, evaluated_version: 1, referenced_by: [] });
      expect(got.rule_text.fi.length).toBeGreaterThan(10);
      const members = (await call('GET', `/api/v1/segments/${segment.id}/members`)).json();
      expect(members).toMatchObject({ data: [{ id: ids['Aalto Oy'], name: 'Aalto Oy' }], next_cursor: null });
      expect((await call('GET', `/api/v1/accounts/${ids['Aalto Oy']}/segments`)).json().data).toEqual([
        expect.objectContaining({ key: 'fi-buyers', kind: 'dynamic' }),
      ]);
      expect((await call('GET', `/api/v1/accounts/${ids['Carlsson AB']}/segments`)).json().data).toEqual([]);
      expect((await call('GET', '/api/v1/accounts/99999999/segments')).statusCode).toBe(404);
    });

    it('records entering and leaving in history with the facts, and on the timeline', async () => {
      await events(ids['Berg Oy']!, 'Order Completed', 1);
      // The API queues Aalto for recompute; the full recompute below evaluates everyone anyway.
      expect((await call('PATCH', `/api/v1/accounts/${ids['Aalto Oy']}`, { country: 'SE' })).statusCode).toBe(200);
      await recompute();

      const history = (await call('GET', `/api/v1/segments/${segment.id}/history`)).json().data;
      const byChange = (change: string, id: number) => history.find((h: { change: string; subject_id: number }) => h.change === change && h.subject_id === id);
      expect(byChange('entered', ids['Aalto Oy']!)).toBeTruthy();
      expect(byChange('entered', ids['Berg Oy']!)).toMatchObject({ name: 'Berg Oy', segment_version: 1 });
      const exit = byChange('exited', ids['Aalto Oy']!);
      expect(exit).toBeTruthy();
      expect(JSON.stringify(exit.facts)).toMatch(/SE/);
      expect(history[0].changed_at >= history[history.length - 1].changed_at).toBe(true);
      const mine = (await call('GET', `/api/v1/segments/${segment.id}/history?subject_id=${ids['Berg Oy']}`)).json().data;
      expect(mine.map((h: { change: string }) => h.change)).toEqual(['entered']);

      const timeline = (await call('GET', `/api/v1/accounts/${ids['Aalto Oy']}/timeline?limit=200`)).json().data;
      const system = timeline.filter((e: { type: string; name: string }) => e.type === 'system' && e.name.startsWith('Segment'));
      expect(system.map((e: { name: string }) => e.name).sort()).toEqual(['Segment Entered', 'Segment Exited']);
      const exitEvent = system.find((e: { name: string }) => e.name === 'Segment Exited');
      expect(exitEvent).toMatchObject({ source: 'kanta', message_id: `segment:${exit.id}`, account_id: ids['Aalto Oy'], contact_id: null });
      expect(exitEvent.properties).toMatchObject({ segment: 'fi-buyers', segment_id: segment.id, version: 1 });

      expect((await call('GET', `/api/v1/segments/${segment.id}`)).json().member_count).toBe(1);
      const again = await recompute();
      expect(again.result).toMatchObject({ segments: { entered: 0, exited: 0 } });
    });

    it('makes a new version on change; a new name alone needs no evaluation', async () => {
      const renamed = await call('PATCH', `/api/v1/segments/${segment.id}`, { name: 'Finnish buyers' });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ version: 2, evaluated_version: 2, name: 'Finnish buyers' });
      const rule = { ...buyersInFinland, all: [...buyersInFinland.all.slice(0, 1), { trait: 'country', op: 'in', value: ['FI', 'SE'] }] };
      const changed = (await call('PATCH', `/api/v1/segments/${segment.id}`, { rule })).json();
      expect(changed).toMatchObject({ version: 3, evaluated_version: 2 });
      const versions = (await call('GET', `/api/v1/segments/${segment.id}/versions`)).json().data;
      expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
      expect(versions[2].rule).toEqual(buyersInFinland);
      await recompute();
      const members = (await call('GET', `/api/v1/segments/${segment.id}/members`)).json().data.map((m: { id: number }) => m.id);
      expect(members.sort()).toEqual([ids['Aalto Oy'], ids['Berg Oy'], ids['Carlsson AB']].sort());
      const history = (await call('GET', `/api/v1/segments/${segment.id}/history?subject_id=${ids['Carlsson AB']}`)).json().data;
      expect(history[0]).toMatchObject({ change: 'entered', segment_version: 3 });
    });

    it('refuses a rule that makes a reference cycle, naming the path, and refuses deleting a referenced segment', async () => {
      const create = (key: string, rule: unknown) => call('POST', '/api/v1/segments', { key, name: key, subject_type: 'account', kind: 'dynamic', rule });
      const b = (await create('seg-b', { trait: 'country', op: 'eq', value: 'FI' })).json();
      const a = await create('seg-a', { all: [{ in_segment: 'seg-b' }, { trait: 'name', op: 'contains', value: 'oy' }] });
      expect(a.statusCode, a.body).toBe(201);
      const cycle = await call('PATCH', `/api/v1/segments/${b.id}`, { rule: { any: [{ in_segment: 'seg-a' }] } });
      expect(cycle.statusCode).toBe(400);
      expect(cycle.json().detail).toContain('seg-b → seg-a → seg-b');
      expect(cycle.json().errors).toEqual([{ path: '/rule', message: expect.stringContaining('seg-b → seg-a → seg-b') }]);
      const self = await create('seg-c', { not: { in_segment: 'seg-c' } });
      expect(self.statusCode).toBe(400);
      expect(self.json().detail).toContain('seg-c → seg-c');
      expect((await call('GET', `/api/v1/segments/${b.id}`)).json()).toMatchObject({ version: 1, referenced_by: ['seg-a'] });

      const refused = await call('DELETE', `/api/v1/segments/${b.id}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain('segment "seg-a"');
      expect((await call('DELETE', `/api/v1/segments/${a.json().id}`)).statusCode).toBe(204);
      expect((await call('DELETE', `/api/v1/segments/${b.id}`)).statusCode).toBe(204);
      expect((await call('GET', `/api/v1/segments/${b.id}`)).statusCode).toBe(404);
    });

    it('evaluates a segment that reads another one after it, in one run', async () => {
      const create = (key: string, rule: unknown) => call('POST', '/api/v1/segments', { key, name: key, subject_type: 'account', kind: 'dynamic', rule });
      // Created in the opposite order of their dependency: the reader has the lower id.
      const base = (await create('swedes', { trait: 'country', op: 'eq', value: 'SE' })).json();
      const reader = (await create('swedish-buyers', { all: [{ in_segment: 'swedes' }, { event: 'Order Completed', op: 'gte', value: 1 }] })).json();
      await recompute();
      const members = async (id: number) => (await call('GET', `/api/v1/segments/${id}/members`)).json().data.map((m: { id: number }) => m.id).sort();
      expect(await members(base.id)).toEqual([ids['Aalto Oy'], ids['Carlsson AB']].sort());
      expect(await members(reader.id)).toEqual([ids['Aalto Oy'], ids['Carlsson AB']].sort());
    });
  });

  describe('static segments', () => {
    it('has no rule; members are added and removed by hand, all or nothing, with history and timeline events', async () => {
      const withRule = await call('POST', '/api/v1/segments', { key: 'vip', name: 'VIP', subject_type: 'account', kind: 'static', rule: buyersInFinland });
      expect(withRule.statusCode).toBe(400);
      expect(withRule.json().errors[0].path).toBe('/rule');
      const created = await call('POST', '/api/v1/segments', { key: 'vip', name: 'VIP', subject_type: 'account', kind: 'static' });
      expect(created.statusCode, created.body).toBe(201);
      const vip = created.json();
      expect((await call('POST', '/api/v1/segments', { key: 'vip', name: 'Again', subject_type: 'account', kind: 'static' })).statusCode).toBe(409);

      const unknown = await call('POST', `/api/v1/segments/${vip.id}/members`, { ids: [ids['Aalto Oy'], 99999999, ids['Carlsson AB']] });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ unknown_ids: [99999999], errors: [{ path: '/ids/1' }] });
      expect((await call('GET', `/api/v1/segments/${vip.id}`)).json().member_count).toBe(0);

      const added = await call('POST', `/api/v1/segments/${vip.id}/members`, { ids: [ids['Aalto Oy'], ids['Carlsson AB'], ids['Aalto Oy']] });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json()).toMatchObject({ changed: 2, unchanged: 0, member_count: 2 });
      expect((await call('POST', `/api/v1/segments/${vip.id}/members`, { ids: [ids['Aalto Oy']] })).json()).toMatchObject({ changed: 0, unchanged: 1, member_count: 2 });
      const removed = await call('DELETE', `/api/v1/segments/${vip.id}/members`, { ids: [ids['Carlsson AB'], ids['Berg Oy']] });
      expect(removed.json()).toMatchObject({ changed: 1, unchanged: 1, member_count: 1 });

      const page1 = (await call('GET', `/api/v1/segments/${vip.id}/members?limit=1`)).json();
      expect(page1).toMatchObject({ data: [{ id: ids['Aalto Oy'] }], next_cursor: null });
      const history = (await call('GET', `/api/v1/segments/${vip.id}/history`)).json().data;
      expect(history.map((h: { change: string; subject_id: number }) => `${h.change}:${h.subject_id}`).sort()).toEqual(
        [`entered:${ids['Aalto Oy']}`, `entered:${ids['Carlsson AB']}`, `exited:${ids['Carlsson AB']}`].sort(),
      );
      const timeline = (await call('GET', `/api/v1/accounts/${ids['Carlsson AB']}/timeline?limit=200`)).json().data;
      const vipEvents = timeline.filter((e: { properties: { segment?: string } }) => e.properties.segment === 'vip');
      expect(vipEvents.map((e: { name: string }) => e.name).sort()).toEqual(['Segment Entered', 'Segment Exited']);

      // A full recompute leaves a static segment alone.
      await recompute();
      expect((await call('GET', `/api/v1/segments/${vip.id}/members`)).json().data.map((m: { id: number }) => m.id)).toEqual([ids['Aalto Oy']]);
    });

    it('refuses hand edits of a dynamic segment and a rule on a static one', async () => {
      const dynamic = (await call('POST', '/api/v1/segments', { key: 'finns', name: 'Finns', subject_type: 'account', kind: 'dynamic', rule: { trait: 'country', op: 'eq', value: 'FI' } })).json();
      expect((await call('POST', `/api/v1/segments/${dynamic.id}/members`, { ids: [ids['Berg Oy']] })).statusCode).toBe(409);
      const vip = (await call('GET', '/api/v1/segments?kind=static')).json().data[0];
      const res = await call('PATCH', `/api/v1/segments/${vip.id}`, { rule: { trait: 'country', op: 'eq', value: 'FI' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('/rule');
    });
  });

  it('lists segments by name, filtered by kind and subject type, and documents every route', async () => {
    const all = (await call('GET', '/api/v1/segments')).json().data.map((s: { key: string }) => s.key);
    expect(all.length).toBeGreaterThan(2);
    const contacts = (await call('GET', '/api/v1/segments?subject_type=contact')).json().data;
    expect(contacts).toEqual([]);
    const paths = Object.keys((await server.app().inject({ method: 'GET', url: '/api/openapi.json' })).json().paths);
    for (const p of ['/api/v1/segments', '/api/v1/segments/preview', '/api/v1/segments/{id}/members', '/api/v1/segments/{id}/history', '/api/v1/accounts/{id}/segments', '/api/v1/contacts/{id}/segments', '/api/v1/recompute', '/api/v1/recompute/{id}']) {
      expect(paths, p).toContain(p);
    }
  });
});
