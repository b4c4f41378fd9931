import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import { defaultCareModel } from './default-care-model.js';

const welcome = {
  name: { fi: 'Tervetuloa', en: 'Welcome' },
  phase: 'keep',
  placement: { stages: ['new'], segments: [] },
  trigger: { kind: 'stage_entered', stage: 'new' },
  steps: [
    { id: 'mail', kind: 'email', purpose: 'service', template: { subject: { fi: 'Hei', en: 'Hi' }, body: { fi: 'Hei {{ contact.first_name }}', en: 'Hi {{ contact.first_name }}' } } },
    { id: 'pause', kind: 'wait', delay: { days: 3 } },
    { id: 'check', kind: 'branch', condition: { stage_in: ['new'] }, then: 'call', else: null },
    { id: 'call', kind: 'task', title: { fi: 'Soita', en: 'Call' }, due_in_days: 2 },
  ],
  holdout_percent: 10,
  outcome: { kind: 'stage_reached', stage: 'customer', days: 90 },
};

describeEachDatabase('care model API', ({ db, ws }) => {
  const { call } = useTestServer({ db, ws });
  const base = '/api/v1/programmes';

  describe('the default care model', () => {
    it('is seeded into a new workspace: every catalogue element, disabled, at version 1', async () => {
      const res = await call('GET', `${base}/elements`);
      expect(res.statusCode, res.body).toBe(200);
      const data = res.json().data as { key: string; enabled: boolean; version: number; definition: { steps: unknown[] } }[];
      expect(data.map((e) => e.key).sort()).toEqual(defaultCareModel().map((e) => e.key).sort());
      expect(data.map((e) => e.key)).toEqual(
        expect.arrayContaining(['welcome-package', 'thanks-for-starting', 'offering-introduction', 'satisfaction-check', 'newsletter-invitation', 'webinar-invitation', 'virtual-annual-review', 'renewal-prep', 'referral-request', 'exit-survey', 'win-back-offer', 'onboarding-kam-task', 'critical-moment-detractor']),
      );
      expect(data.every((e) => !e.enabled && e.version === 1)).toBe(true);
      const versions = await call('GET', `${base}/elements/welcome-package/versions`);
      expect(versions.json().data).toHaveLength(1);
    });

    it('passes validation against the default lifecycle: each element can be switched on', async () => {
      for (const e of defaultCareModel()) {
        const res = await call('PATCH', `${base}/elements/${e.key}`, { enabled: true, expected_version: 1 });
        expect(res.statusCode, `${e.key}: ${res.body}`).toBe(200);
        expect(res.json()).toMatchObject({ enabled: true, version: 2 });
        const off = await call('PATCH', `${base}/elements/${e.key}`, { enabled: false });
        expect(off.json()).toMatchObject({ enabled: false, version: 3 });
      }
    });

    it('filters by stage, phase and enabled', async () => {
      const inFormer = (await call('GET', `${base}/elements?stage=former&phase=referrals`)).json().data.map((e: { key: string }) => e.key);
      expect(inFormer).toEqual(['exit-survey', 'win-back-offer']);
      expect((await call('GET', `${base}/elements?enabled=true`)).json().data).toEqual([]);
    });
  });

  describe('elements', () => {
    it('creates, versions every save, refuses a stale expected_version and deletes', async () => {
      const created = await call('POST', `${base}/elements`, { key: 'my-welcome', subject_type: 'account', definition: welcome });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ key: 'my-welcome', subject_type: 'account', version: 1, enabled: false, definition: { holdout_percent: 10 } });
      const changed = await call('PATCH', `${base}/elements/my-welcome`, { definition: { ...welcome, holdout_percent: 20 }, expected_version: 1 });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ version: 2, definition: { holdout_percent: 20 } });
      const stale = await call('PATCH', `${base}/elements/${created.json().id}`, { enabled: true, expected_version: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().errors).toEqual([{ path: '/expected_version', message: 'the element is at version 2' }]);
      const versions = (await call('GET', `${base}/elements/my-welcome/versions`)).json().data;
      expect(versions.map((v: { version: number; definition: { holdout_percent: number } }) => [v.version, v.definition.holdout_percent])).toEqual([[2, 20], [1, 10]]);
      expect((await call('POST', `${base}/elements`, { key: 'my-welcome', subject_type: 'account', definition: welcome })).statusCode).toBe(409);
      expect((await call('DELETE', `${base}/elements/my-welcome`)).statusCode).toBe(204);
      expect((await call('GET', `${base}/elements/my-welcome`)).statusCode).toBe(404);
    });

    it('refuses a bad definition naming every problem by JSON pointer', async () => {
      const bad = {
        ...welcome,
        phase: 'grow',
        placement: { stages: ['nowhere'], segments: ['no-such-segment'] },
        trigger: { kind: 'event', event: 'NPS Answered', where: [{ property: 'score', op: 'lt', value: 7 }] },
        conditions: { trait: 'country', op: 'eq' },
        steps: [
          { id: 'mail', kind: 'email', purpose: 'service', template: { subject: { fi: 'Hei {{ contact.first_name', en: 'Hi' }, body: { fi: 'x', en: 'y' } } },
          { id: 'survey', kind: 'survey', survey: 'nps', template: { subject: { fi: 'a', en: 'b' }, body: { fi: 'Vastaa', en: 'Answer {{ survey_url }}' } } },
          { id: 'check', kind: 'branch', condition: { stage_in: ['new'] }, then: 'mail', else: 'missing' },
          { id: 'mail', kind: 'wait', delay: {} },
          { id: 'hook', kind: 'webhook', endpoint: 'crm', event_type: 'care.welcome' },
        ],
        holdout_percent: 80,
      };
      const res = await call('POST', `${base}/elements`, { key: 'bad', subject_type: 'account', definition: bad });
      expect(res.statusCode).toBe(400);
      const paths = (res.json().errors as { path: string }[]).map((e) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/definition/phase',
          '/definition/placement/stages/0',
          '/definition/placement/segments/0',
          '/definition/trigger/where/0/op',
          '/definition/conditions/value',
          '/definition/steps/0/template/subject/fi',
          '/definition/steps/1/template/body/fi',
          '/definition/steps/2/then',
          '/definition/steps/2/else',
          '/definition/steps/3/id',
          '/definition/steps/3/delay',
          '/definition/steps/4/endpoint',
          '/definition/holdout_percent',
        ]),
      );
      const messages = Object.fromEntries((res.json().errors as { path: string; message: string }[]).map((e) => [e.path, e.message]));
      expect(messages['/definition/steps/2/then']).toMatch(/later step.*no loops/);
      expect(messages['/definition/steps/3/id']).toMatch(/duplicates the id "mail" of \/steps\/0/);
      expect(messages['/definition/steps/1/template/body/fi']).toMatch(/survey_url/);
      expect(messages['/definition/steps/0/template/subject/fi']).toMatch(/Liquid/);
      expect((await call('GET', `${base}/elements/bad`)).statusCode).toBe(404);
    });
  });

  describe('matrix', () => {
    it('places elements in stage x segment cells and shows persona variants in the micro matrix', async () => {
      const res = await call('GET', `${base}/matrix?subject_type=account`);
      expect(res.statusCode, res.body).toBe(200);
      const m = res.json();
      expect(m.stages.map((s: { key: string }) => s.key)).toEqual(['awareness', 'interest', 'decision', 'action', 'new', 'customer', 'loyal', 'promoter', 'former']);
      const cell = (stage: string) => m.cells.find((c: { stage: string; segment: string | null }) => c.stage === stage && c.segment === null).elements;
      expect(cell('new')).toEqual(expect.arrayContaining(['welcome-package', 'onboarding-kam-task', 'thanks-for-starting', 'critical-moment-detractor']));
      expect(cell('former')).toEqual(expect.arrayContaining(['exit-survey', 'win-back-offer']));
      expect(cell('former')).not.toContain('welcome-package');
      const intro = m.micro.rows.find((r: { element: string }) => r.element === 'offering-introduction');
      expect(intro.personas).toMatchObject({ finance_leader: 'variant', technology_leader: 'variant' });
      expect(m.phases).toContain('referrals');
    });
  });

  describe('settings', () => {
    it('reads the defaults, changes fields and refuses bad values by pointer', async () => {
      const got = await call('GET', `${base}/settings`);
      expect(got.json()).toMatchObject({ default_locale: 'fi', default_timezone: 'Europe/Helsinki', quiet_start: '21:00', quiet_end: '08:00', allow_private_webhooks: false });
      expect(got.json()).not.toHaveProperty('link_secret');
      const patched = await call('PATCH', `${base}/settings`, {
        sender_name: 'Lumo Analytics',
        sender_address: 'asiakkuus@lumo.fi',
        quiet_start: '20:30',
        frequency_caps: [{ channel: 'email', purpose: 'marketing', max: 1, per_days: 14 }],
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ sender_name: 'Lumo Analytics', quiet_start: '20:30', quiet_end: '08:00', frequency_caps: [{ purpose: 'marketing', max: 1, per_days: 14 }] });
      const bad = await call('PATCH', `${base}/settings`, { sender_address: 'nobody', default_timezone: 'Mars/Olympus', quiet_end: '25:00', frequency_caps: [{ channel: 'email', purpose: 'spam', max: -1, per_days: 0 }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
        '/sender_address',
        '/default_timezone',
        '/quiet_end',
        '/frequency_caps/0/purpose',
        '/frequency_caps/0/max',
        '/frequency_caps/0/per_days',
      ]);
    });
  });

  describe('webhook endpoints', () => {
    it('creates with a secret shown once, is used by an element, and is not deleted while used', async () => {
      const created = await call('POST', `${base}/webhook-endpoints`, { key: 'crm', url: 'https://hooks.example.com/kanta', description: 'Marketing automation' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      const listed = (await call('GET', `${base}/webhook-endpoints`)).json().data;
      expect(listed).toHaveLength(1);
      expect(listed[0]).not.toHaveProperty('secret');
      expect((await call('POST', `${base}/webhook-endpoints`, { key: 'ftp', url: 'ftp://example.com/' })).json().errors).toEqual([{ path: '/url', message: 'must be an http or https URL' }]);
      const withHook = { ...welcome, steps: [{ id: 'notify', kind: 'webhook', endpoint: 'crm', event_type: 'care.customer_welcomed' }] };
      expect((await call('POST', `${base}/elements`, { key: 'notify-crm', subject_type: 'account', definition: withHook })).statusCode).toBe(201);
      const refused = await call('DELETE', `${base}/webhook-endpoints/crm`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toMatch(/notify-crm/);
      expect((await call('DELETE', `${base}/elements/notify-crm`)).statusCode).toBe(204);
      expect((await call('DELETE', `${base}/webhook-endpoints/crm`)).statusCode).toBe(204);
    });
  });

  describe('consents', () => {
    it('lists none for every purpose, then records the latest word', async () => {
      const contact = (await call('POST', '/api/v1/contacts', { email: 'anna@example.fi', first_name: 'Anna' })).json();
      const none = (await call('GET', `${base}/contacts/${contact.id}/consents`)).json().data;
      expect(none.map((c: { purpose: string; status: string }) => [c.purpose, c.status])).toEqual([['marketing', 'none'], ['service', 'none'], ['survey', 'none']]);
      expect((await call('PUT', `${base}/contacts/${contact.id}/consents`, { purpose: 'marketing', status: 'granted', source: 'form' })).json()).toMatchObject({ status: 'granted', source: 'form' });
      await call('PUT', `${base}/contacts/${contact.id}/consents`, { purpose: 'marketing', status: 'withdrawn' });
      const after = (await call('GET', `${base}/contacts/${contact.id}/consents`)).json().data;
      expect(after[0]).toMatchObject({ purpose: 'marketing', status: 'withdrawn', source: 'api' });
      expect((await call('PUT', `${base}/contacts/999999/consents`, { purpose: 'marketing', status: 'granted' })).statusCode).toBe(404);
    });
  });

  it('documents every programmes operation in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string; security?: unknown; responses: Record<string, unknown> }>> };
    const ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/v1/programmes/') && !p.includes('/actions') && !p.includes('/runs') && !p.includes('/tasks') && !p.includes('/outbox') && !p.includes('/suppressions') && !p.includes('preview'))
      .flatMap(([p, o]) => Object.entries(o).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })));
    expect(ops.map((o) => o.key).sort()).toEqual(
      [
        'DELETE /api/v1/programmes/elements/{id}',
        'DELETE /api/v1/programmes/webhook-endpoints/{id}',
        'GET /api/v1/programmes/contacts/{id}/consents',
        'GET /api/v1/programmes/coverage',
        'GET /api/v1/programmes/elements',
        'GET /api/v1/programmes/elements/{id}',
        'GET /api/v1/programmes/elements/{id}/results',
        'GET /api/v1/programmes/elements/{id}/versions',
        'GET /api/v1/programmes/matrix',
        'GET /api/v1/programmes/settings',
        'GET /api/v1/programmes/webhook-endpoints',
        'POST /api/v1/programmes/bounces',
        'PATCH /api/v1/programmes/elements/{id}',
        'PATCH /api/v1/programmes/settings',
        'POST /api/v1/programmes/elements',
        'POST /api/v1/programmes/webhook-endpoints',
        'PUT /api/v1/programmes/contacts/{id}/consents',
      ].sort(),
    );
    for (const { key, op } of ops) {
      expect(op.tags, key).toEqual(['programmes']);
      expect(op.summary, key).toBeTruthy();
      expect(op.security, key).toEqual([{ adminKey: [] }]);
      expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(['400', '401', '403']));
    }
  });
});
