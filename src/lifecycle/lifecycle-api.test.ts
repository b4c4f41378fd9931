import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { useTestServer } from '../testing/test-server.js';
import { defaultLifecycle } from './default-lifecycle.js';
import { recomputeStages } from './recompute-stages.js';
import { daysBefore, insertAccount, insertContact, insertEvent, insertOrder } from './testing/lifecycle-test-data.js';

describeEachDatabase('lifecycle API', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const call = server.call;
  const w = () => ws().workspace.id;
  let customer = 0;
  let person = 0;

  beforeAll(async () => {
    const now = new Date();
    customer = await insertAccount(db(), w(), 'Asiakas Oy');
    await insertOrder(db(), w(), customer, daysBefore(now, 10));
    person = await insertContact(db(), w(), customer, 'meeting@asiakas.fi');
    await insertEvent(db(), w(), { contact: person }, 'Meeting Held', daysBefore(now, 3));
    await recomputeStages(db(), w(), 'account', { now });
    await recomputeStages(db(), w(), 'contact', { now });
  });

  describe('definitions', () => {
    it('returns the current definition of accounts and contacts', async () => {
      const res = await call('GET', '/api/v1/lifecycle');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ subject: 'account', version: 1, note: 'Default lifecycle' });
      expect(res.json().definition).toEqual(JSON.parse(JSON.stringify(defaultLifecycle('account'))));
      const contacts = await call('GET', '/api/v1/lifecycle?subject=contact');
      expect(contacts.json().definition.transitions[0].rule).toEqual(defaultLifecycle('contact').transitions[0]!.rule);
      expect((await call('GET', '/api/v1/lifecycle?subject=lead')).statusCode).toBe(400);
    });

    it('refuses an invalid definition with 422 and the path of every problem', async () => {
      const def = JSON.parse(JSON.stringify(defaultLifecycle('account')));
      def.transitions[7].rule.any[1].within_days = 'soon';
      def.stages.push({ key: 'vip', name: { fi: 'VIP', en: 'VIP' }, kind: 'gold' });
      const res = await call('PUT', '/api/v1/lifecycle', { definition: def });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 422, code: 'unprocessable' });
      expect(res.json().errors).toEqual([
        { path: '/definition/stages/9/kind', message: 'must be one of prospect, customer, former' },
        { path: '/definition/transitions/7/rule/any/1/within_days', message: expect.stringMatching(/whole number of days/) },
      ]);
      const notAnObject = await call('PUT', '/api/v1/lifecycle', { definition: 'none' });
      expect(notAnObject.statusCode).toBe(422);
      expect(notAnObject.json().errors).toEqual([{ path: '/definition', message: 'must be an object' }]);
      expect((await call('PUT', '/api/v1/lifecycle', { definition: def, colour: 1 })).statusCode).toBe(400);
    });

    it('reports a deleted stage holding subjects in a dry run and needs a mapping to apply', async () => {
      const def = JSON.parse(JSON.stringify(defaultLifecycle('contact')));
      def.stages = def.stages.filter((s: { key: string }) => s.key !== 'decision');
      def.transitions = def.transitions
        .filter((t: { to: string }) => t.to !== 'decision')
        .map((t: { from: string[] }) => ({ ...t, from: t.from.filter((f) => f !== 'decision') }));
      const dry = await call('PUT', '/api/v1/lifecycle?subject=contact&dry_run=true', { definition: def });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ dry_run: true, version: 2, deleted_stages: [{ stage: 'decision', subjects: 1, to: null }] });
      expect(dry.json().issues[0].path).toBe('/stageMapping');

      const refused = await call('PUT', '/api/v1/lifecycle?subject=contact', { definition: def });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().deleted_stages).toEqual([{ stage: 'decision', subjects: 1, to: null }]);

      const applied = await call('PUT', '/api/v1/lifecycle?subject=contact', { definition: def, stageMapping: { decision: 'interest' }, note: 'shorter funnel' });
      expect(applied.statusCode).toBe(200);
      expect(applied.json()).toMatchObject({ dry_run: false, changed: true, version: 2, moved: 1 });
      const versions = await call('GET', '/api/v1/lifecycle/versions?subject=contact');
      expect(versions.json().data.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([
        [2, 'shorter funnel'],
        [1, 'Default lifecycle'],
      ]);
      const stage = await call('GET', `/api/v1/contacts/${person}/stage`);
      expect(stage.json().current).toMatchObject({ stage: 'interest', definition_version: 2, transition_key: null });
    });
  });

  describe('stages of accounts and contacts', () => {
    it('gives the current stage with history', async () => {
      const res = await call('GET', `/api/v1/accounts/${customer}/stage`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.current).toMatchObject({ stage: 'new', name: { fi: 'Uusi asiakas', en: 'New customer' }, kind: 'customer', days_in_stage: 0 });
      expect(body.history.data.map((h: { to_stage: string }) => h.to_stage)).toEqual(['new', 'awareness']);
      expect(body.history.data[0].facts).toEqual({ 'orders.count': 1 });
      expect((await call('GET', '/api/v1/accounts/987654/stage')).statusCode).toBe(404);
    });

    it('explains why, in Finnish and English, for accounts and contacts', async () => {
      const res = await call('GET', `/api/v1/accounts/${customer}/stage/why`);
      expect(res.statusCode).toBe(200);
      const why = res.json();
      expect(why.stage.key).toBe('new');
      expect(why.placed_by).toMatchObject({ transition: 'first_purchase', version: 1, facts: { 'orders.count': 1 } });
      expect(why.text.fi).toMatch(/^Vaiheessa Uusi asiakas/);
      expect(why.text.en).toMatch(/^In New customer since/);
      expect(why.transitions.map((t: { transition: string }) => t.transition)).toEqual(['lapsed', 'onboarded']);
      expect(why.transitions[1].evaluation.children.length).toBe(4);

      const contact = await call('GET', `/api/v1/contacts/${person}/stage/why`);
      expect(contact.statusCode).toBe(200);
      expect(contact.json()).toMatchObject({ subject: 'contact', stage: { key: 'interest' }, placed_by: { transition: null, version: 2 } });
      expect((await call('GET', '/api/v1/contacts/987654/stage/why')).statusCode).toBe(404);
    });

    it('shows the board with flows in a period', async () => {
      const res = await call('GET', '/api/v1/lifecycle/board');
      expect(res.statusCode).toBe(200);
      const board = res.json();
      expect(board.stages.find((s: { key: string }) => s.key === 'new').count).toBe(1);
      expect(board.flows).toEqual(
        expect.arrayContaining([
          { from: null, to: 'awareness', count: 1 },
          { from: 'awareness', to: 'new', count: 1 },
        ]),
      );
      const empty = await call('GET', '/api/v1/lifecycle/board?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z');
      expect(empty.json().flows).toEqual([]);
      const bad = await call('GET', '/api/v1/lifecycle/board?from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('querystring/from');
    });

    it('is for admin keys only and appears in the OpenAPI document', async () => {
      const res = await server.app().inject({ method: 'GET', url: '/api/v1/lifecycle', headers: { authorization: `Bearer ${ws().writeKey.token}` } });
      expect(res.statusCode).toBe(403);
      const doc = (await server.app().inject({ method: 'GET', url: '/api/openapi.json' })).json();
      for (const path of ['/api/v1/lifecycle', '/api/v1/lifecycle/versions', '/api/v1/lifecycle/board', '/api/v1/accounts/{id}/stage/why', '/api/v1/contacts/{id}/stage']) {
        expect(doc.paths[path], path).toBeDefined();
      }
      expect(doc.paths['/api/v1/lifecycle'].put.responses['422']).toBeDefined();
    });
  });
});
