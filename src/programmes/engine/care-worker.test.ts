import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../http/build-server.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { startSmtpTestServer, type SmtpTestServer } from '../email/testing/smtp-test-server.js';
import { createCareElement } from '../model/create-care-element.js';
import type { CareRuntime } from './care-runtime.js';
import { scanCareTriggers } from './scan-care-triggers.js';
import { definition, insertEvent } from './testing/care-engine-fixture.js';
import { eventually as pollUntil } from '../../testing/eventually.js';

const eventually = (what: string, check: () => Promise<boolean>, ms = 20_000) => pollUntil(what, check, ms, 50);

describeEachDatabase('care worker behind the server', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  // Noon in Helsinki: outside quiet hours whenever the test runs.
  const t0 = new Date('2026-03-02T10:00:00Z');
  let smtp: SmtpTestServer;
  let app: FastifyInstance;
  let runtime: CareRuntime;
  const call = (method: 'GET' | 'POST', url: string) => app.inject({ method, url, headers: { authorization: `Bearer ${ws().adminKey.token}` } });

  beforeAll(async () => {
    // The engine reads events from where they were when it first ran.
    await scanCareTriggers(db(), w(), { now: t0 });
    smtp = await startSmtpTestServer();
    runtime = { mailer: smtp.transport(), publicUrl: 'http://127.0.0.1:4400', workerId: 'serve-test', webhookTimeoutMs: 2_000 };
    app = await buildServer({ config: { logLevel: 'silent' }, db: db(), careWorker: { runtime, intervalMs: 20, concurrency: 4, leaseMs: 30_000, clock: () => t0 } });
    await app.ready(); // the worker starts when the server is ready
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('enrols on an event, waits, mails through SMTP, and shows it all in the API', async () => {
    const el = await createCareElement(db(), w(), {
      key: 'served-thanks',
      subject_type: 'contact',
      enabled: true,
      definition: definition({
        trigger: { kind: 'event', event: 'Order Completed' },
        steps: [
          { id: 'mail', kind: 'email', purpose: 'service', template: { subject: { fi: 'Kiitos tilauksesta', en: 'Thanks for your order' }, body: { fi: 'Hei {{ contact.first_name }}!', en: 'Hi {{ contact.first_name }}!' } } },
          { id: 'later', kind: 'wait', delay: { days: 30 } },
          { id: 'end', kind: 'wait', delay: { days: 1 } },
        ],
      }),
    });
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name, locale) VALUES ($1, 'maija@asiakas.fi', 'Maija', 'fi') RETURNING id`, [w()]);
    await insertEvent(db(), w(), { name: 'Order Completed', contactId: c!.id, at: new Date(t0.getTime() - 5_000) });
    await eventually('the email reaches the SMTP server', async () => smtp.received.length === 1);
    expect(smtp.received[0]!.subject).toBe('Kiitos tilauksesta');
    expect(smtp.received[0]!.text).toContain('Hei Maija!');
    expect(smtp.received[0]!.messageId).toMatch(/^<kanta-a\d+-c\d+@/);
    await eventually('the wait after it is done', async () =>
      (await db().query(`SELECT 1 FROM care_actions WHERE workspace_id = $1 AND element_id = $2 AND step_id = 'later' AND status = 'done'`, [w(), el.id])).length === 1,
    );

    const done = await call('GET', `/api/v1/programmes/actions?element_id=${el.id}&status=done`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().data.map((a: { step_id: string }) => a.step_id)).toEqual(['mail', 'later']);
    const scheduled = await call('GET', `/api/v1/programmes/actions?subject_type=contact&subject_id=${c!.id}&status=scheduled`);
    expect(scheduled.json().data).toMatchObject([{ step_id: 'end', element_key: 'served-thanks', subject_name: 'Maija', due_at: new Date(t0.getTime() + 30 * 86_400_000).toISOString() }]);
    const runs = await call('GET', `/api/v1/programmes/runs?element_id=${el.id}`);
    expect(runs.json().data).toMatchObject([{ subject_id: c!.id, cohort: 'treated', status: 'active', actions: { done: 2, scheduled: 1 } }]);
    const calendar = await call('GET', `/api/v1/contacts/${c!.id}/care-calendar`);
    expect(calendar.statusCode, calendar.body).toBe(200);
    expect(calendar.json()).toMatchObject({ subject_type: 'contact', scheduled: [{ step_id: 'end', element_name: { en: 'Test programme' } }] });
    expect(calendar.json().history.map((a: { step_id: string }) => a.step_id).sort()).toEqual(['later', 'mail']);

    const retry = await call('POST', `/api/v1/programmes/actions/${done.json().data[0].id}/retry`);
    expect(retry.statusCode).toBe(409);
    expect((await call('POST', '/api/v1/programmes/actions/99999999/retry')).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/programmes/actions?subject_id=1')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/accounts/99999999/care-calendar')).statusCode).toBe(404);
  });
});
