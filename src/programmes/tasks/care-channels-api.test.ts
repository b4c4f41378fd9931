import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { CareStep } from '../model/care-element.js';
import { careStepContext, retryOf } from '../email/testing/care-step-fixture.js';
import { executeEmailStep } from '../email/execute-email-step.js';
import { executeTaskStep } from './execute-task-step.js';

const DAY = 86_400_000;
const call_kam: CareStep = {
  id: 'call',
  kind: 'task',
  title: { fi: 'Soita asiakkaalle: kriittinen hetki', en: 'Call the customer: critical moment' },
  body: { fi: 'NPS 0-6: selvitä syy kahden päivän sisällä.', en: 'NPS 0-6: find out why within two days.' },
  due_in_days: 2,
};

describeEachDatabase('care channels API', ({ db, ws }) => {
  const { call } = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  const runtime: CareRuntime = { mailer: null, publicUrl: 'http://127.0.0.1:3999', workerId: 'test', webhookTimeoutMs: 1000 };
  let accountId: number;
  let contactId: number;

  beforeAll(async () => {
    await db().query(
      `INSERT INTO care_settings (workspace_id, default_locale, frequency_caps, quiet_start, quiet_end) VALUES ($1, 'fi', '[]', '00:00', '00:00')
       ON CONFLICT (workspace_id) DO UPDATE SET default_locale = 'fi', frequency_caps = '[]', quiet_start = '00:00', quiet_end = '00:00'`,
      [w()],
    );
    const [a] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, owner) VALUES ($1, 'Aalto Oy', 'kaisa@kam.example') RETURNING id`, [w()]);
    accountId = a!.id;
    const [c] = await db().query<{ id: number }>(
      `INSERT INTO contacts (workspace_id, account_id, email, first_name, locale, traits) VALUES ($1, $2, 'anna@aalto.example', 'Anna', 'en', '{"nickname":"Annie"}') RETURNING id`,
      [w(), accountId],
    );
    contactId = c!.id;
  });

  describe('tasks', () => {
    let taskId: number;

    it('creates one task per action for the account owner, due in the given days, in the workspace language', async () => {
      const now = new Date('2026-06-10T09:00:00Z');
      const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step: call_kam, runtime, now });
      const outcome = await executeTaskStep(ctx);
      expect(outcome).toMatchObject({ kind: 'done', result: { assignee: 'kaisa@kam.example', due_at: new Date(now.getTime() + 2 * DAY).toISOString() } });
      taskId = outcome.kind === 'done' ? (outcome.result!.task_id as number) : 0;
      expect(await executeTaskStep(retryOf(ctx))).toEqual(outcome);
      const tasks = await db().query(`SELECT account_id, contact_id, title, assignee FROM care_tasks WHERE workspace_id = $1 AND action_id = $2`, [w(), ctx.action.id]);
      expect(tasks).toEqual([{ account_id: accountId, contact_id: contactId, title: 'Soita asiakkaalle: kriittinen hetki', assignee: 'kaisa@kam.example' }]);

      const named = await careStepContext(db(), w(), { subject: { type: 'account', id: accountId }, step: { ...call_kam, id: 'named', assignee: { user: 'pekka@kam.example' } } as CareStep, runtime, now });
      expect(await executeTaskStep(named)).toMatchObject({ kind: 'done', result: { assignee: 'pekka@kam.example' } });
    });

    it("lists the owner's inbox and completes a task with a 'Task Completed' timeline event", async () => {
      const inbox = await call('GET', '/api/v1/programmes/tasks?assignee=kaisa@kam.example');
      expect(inbox.statusCode, inbox.body).toBe(200);
      expect(inbox.json()).toMatchObject({ data: [{ id: taskId, status: 'open', account_name: 'Aalto Oy', contact_name: 'Anna', body: 'NPS 0-6: selvitä syy kahden päivän sisällä.' }], next_cursor: null });
      expect((await call('GET', '/api/v1/programmes/tasks')).json().data).toHaveLength(2);
      expect((await call('GET', '/api/v1/programmes/tasks?due_before=2026-06-11T00:00:00Z')).json().data).toEqual([]);

      const done = await call('POST', `/api/v1/programmes/tasks/${taskId}/complete`, { note: 'Soitettu, toimitus korjattu' });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ id: taskId, status: 'done', completed_by: 'kaisa@kam.example', note: 'Soitettu, toimitus korjattu' });
      const events = await db().query(`SELECT account_id, contact_id, properties FROM events WHERE workspace_id = $1 AND name = 'Task Completed'`, [w()]);
      expect(events).toEqual([{ account_id: accountId, contact_id: contactId, properties: expect.objectContaining({ task_id: taskId, completed_by: 'kaisa@kam.example' }) }]);
      expect((await call('POST', `/api/v1/programmes/tasks/${taskId}/complete`, {})).statusCode).toBe(409);
      expect((await call('POST', '/api/v1/programmes/tasks/999999/complete', {})).statusCode).toBe(404);
      expect((await call('GET', '/api/v1/programmes/tasks?assignee=kaisa@kam.example')).json().data).toEqual([]);
      expect((await call('GET', '/api/v1/programmes/tasks?status=done')).json().data.map((t: { id: number }) => t.id)).toEqual([taskId]);
    });
  });

  it('lists the outbox, newest first', async () => {
    const step: CareStep = { id: 's', kind: 'email', purpose: 'service', template: { subject: { fi: 'Tilaus {{ account.name }}', en: 'Order {{ account.name }}' }, body: { fi: 'Hei', en: 'Hi' } } };
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step, runtime, now: new Date('2026-06-10T09:00:00Z') });
    expect(await executeEmailStep(ctx)).toMatchObject({ kind: 'done' });
    const res = await call('GET', '/api/v1/programmes/outbox');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject([{ action_id: ctx.action.id, contact_id: contactId, subject: 'Order Aalto Oy', status: 'outboxed', transport: 'outbox', locale: 'en' }]);
    expect((await call('GET', '/api/v1/programmes/outbox?transport=smtp')).json().data).toEqual([]);
  });

  it('adds, lists and removes suppressed addresses', async () => {
    expect((await call('POST', '/api/v1/programmes/suppressions', { address: 'Old@Example.com', detail: 'asked by phone' })).json()).toMatchObject({ address: 'old@example.com', reason: 'manual' });
    expect((await call('POST', '/api/v1/programmes/suppressions', { address: 'nope' })).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/programmes/suppressions')).json().data).toMatchObject([{ address: 'old@example.com', detail: 'asked by phone' }]);
    expect((await call('DELETE', '/api/v1/programmes/suppressions/old@example.com')).statusCode).toBe(204);
    expect((await call('DELETE', '/api/v1/programmes/suppressions/old@example.com')).statusCode).toBe(404);
  });

  it('previews a template for a chosen customer in both languages, showing where one does not render', async () => {
    const res = await call('POST', '/api/v1/programmes/elements/preview-email', {
      contact_id: contactId,
      template: { subject: { fi: 'Hei {{ contact.first_name }}', en: 'Hi {{ contact.traits.nickname }}' }, body: { fi: 'Terveisin {{ sender.name }}', en: 'Best, {{ contact.traits.pet }}' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({ contact_id: contactId, locale: 'en', issues: [], fi: { ok: true, subject: 'Hei Anna' } });
    expect(preview.fi.text).toMatch(/^Terveisin Kanta\n\n-- \nEtkö halua enää näitä viestejä\? Peru tilaus: http:\/\/localhost(:\d+)?\/u\//);
    expect(preview.en).toEqual({ ok: false, error: expect.stringContaining('undefined variable: contact.traits.pet') });

    const broken = await call('POST', '/api/v1/programmes/elements/preview-email', { contact_id: contactId, template: { subject: { fi: '{{ contact.nimi }}', en: 'x' }, body: { fi: '{% if %}', en: 'x' } } });
    expect(broken.json().issues.map((i: { path: string }) => i.path)).toEqual(['/template/subject/fi', '/template/body/fi']);
    expect((await call('POST', '/api/v1/programmes/elements/preview-email', { contact_id: 99999999, template: { subject: { fi: 'x', en: 'x' }, body: { fi: 'x', en: 'x' } } })).statusCode).toBe(422);
  });
});
