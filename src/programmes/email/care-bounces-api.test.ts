import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { CareStep } from '../model/care-element.js';
import { executeEmailStep } from './execute-email-step.js';
import { careStepContext } from './testing/care-step-fixture.js';
import { exchangeBounce, plainEmail, postfixBounce } from './testing/delivery-status-samples.js';
import { startSmtpTestServer, type SmtpTestServer } from './testing/smtp-test-server.js';
import { relaxCareGovernance } from '../governance/testing/relax-care-governance.js';

const hello: CareStep = {
  id: 'hello',
  kind: 'email',
  purpose: 'service',
  template: { subject: { fi: 'Hei {{ contact.first_name }}', en: 'Hi {{ contact.first_name }}' }, body: { fi: 'Tervetuloa!', en: 'Welcome!' } },
};

describeEachDatabase('POST /api/v1/programmes/bounces', ({ db, ws }) => {
  const { app, call } = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  let smtp: SmtpTestServer;
  let runtime: CareRuntime;

  /** A contact with a care message SMTP accepted: its Message-ID. */
  async function sentTo(email: string): Promise<{ id: number; messageId: string }> {
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name, locale) VALUES ($1, $2, 'Maija', 'fi') RETURNING id`, [w(), email]);
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c!.id }, step: hello, runtime, now: new Date('2026-06-10T09:00:00Z') });
    expect(await executeEmailStep(ctx)).toMatchObject({ kind: 'done' });
    const [m] = await db().query<{ id: number; message_id: string }>(`SELECT id, message_id FROM care_messages WHERE workspace_id = $1 AND action_id = $2`, [w(), ctx.action.id]);
    return { id: m!.id, messageId: m!.message_id };
  }
  const raw = (payload: string | Buffer, contentType = 'message/rfc822') =>
    app().inject({ method: 'POST', url: '/api/v1/programmes/bounces', headers: { authorization: `Bearer ${ws().adminKey.token}`, 'content-type': contentType }, payload });
  const status = (id: number) => db().query(`SELECT status FROM care_messages WHERE workspace_id = $1 AND id = $2`, [w(), id]);

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    runtime = { mailer: smtp.transport(), publicUrl: 'http://127.0.0.1:3999/', workerId: 'bounce-api', webhookTimeoutMs: 2000 };
    await relaxCareGovernance(db(), w());
  });
  afterAll(async () => smtp.close());

  it('records JSON reports from a webhook, with unmatched ones reported back, and changes nothing the second time', async () => {
    const m = await sentTo('json@asiakas.example');
    const body = {
      reports: [
        { message_id: m.messageId, recipient: 'json@asiakas.example', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 User unknown' },
        { message_id: 'esp-123@mailer.example', recipient: 'x@y.example', action: 'failed', status: '5.1.1' },
      ],
    };
    const res = await call('POST', '/api/v1/programmes/bounces', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      recorded: [{ index: 0, kind: 'hard', care_message_id: m.id, suppressed: true, changed: true }],
      unmatched: [{ index: 1, message_id: '<esp-123@mailer.example>', reason: 'unknown_message' }],
      counts: { recorded: 1, hard: 1, suppressed: 1, unmatched: 1 },
    });
    expect(await status(m.id)).toEqual([{ status: 'bounced' }]);
    const again = await call('POST', '/api/v1/programmes/bounces', body);
    expect(again.json()).toMatchObject({ recorded: [{ suppressed: false, changed: false }], counts: { suppressed: 0 } });
    const list = await call('GET', '/api/v1/programmes/suppressions?reason=hard_bounce');
    expect(list.json().data).toContainEqual(expect.objectContaining({ address: 'json@asiakas.example', detail: '5.1.1 550 5.1.1 User unknown' }));
  });

  it('refuses malformed JSON reports with the path of each problem', async () => {
    const res = await call('POST', '/api/v1/programmes/bounces', { reports: [{ message_id: '<a@b>', recipient: 'x@y.example', action: 'bounced', status: '5.1' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body/reports/0/action', 'body/reports/0/status']);
    const semantic = await call('POST', '/api/v1/programmes/bounces', { reports: [{ message_id: '<a@b>', recipient: 'not-an-address', action: 'failed', status: '2.0.0' }] });
    expect(semantic.statusCode).toBe(400);
    expect(semantic.json().errors).toEqual([
      { path: '/reports/0/recipient', message: 'is not an email address: "not-an-address"' },
      { path: '/reports/0/status', message: 'a failed report needs a 4.x.x or 5.x.x status, got 2.0.0' },
    ]);
  });

  it('takes the bounce email itself (message/rfc822): Postfix and Exchange DSNs', async () => {
    const p = await sentTo('postfix@asiakas.example');
    const res = await raw(postfixBounce({ messageId: p.messageId, recipient: 'postfix@asiakas.example' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ recorded: [{ index: 0, message_id: p.messageId, recipient: 'postfix@asiakas.example', kind: 'hard', suppressed: true }], unmatched: [] });
    expect(await status(p.id)).toEqual([{ status: 'bounced' }]);

    const e = await sentTo('exchange@asiakas.example');
    const ex = await raw(Buffer.from(exchangeBounce({ messageId: e.messageId, recipient: 'exchange@asiakas.example' })));
    expect(ex.json()).toMatchObject({ recorded: [{ kind: 'hard', care_message_id: e.id }] });
    const [sup] = await db().query<{ detail: string }>(`SELECT detail FROM email_suppressions WHERE workspace_id = $1 AND address = 'exchange@asiakas.example'`, [w()]);
    expect(sup!.detail).toBe('5.1.10 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup');

    const delay = await sentTo('hidas@asiakas.example');
    const soft = await raw(postfixBounce({ messageId: delay.messageId, recipient: 'hidas@asiakas.example', action: 'delayed', status: '4.4.1', diagnostic: 'X-Postfix; connection timed out' }));
    expect(soft.json()).toMatchObject({ recorded: [{ kind: 'soft', suppressed: false }] });
    expect(await status(delay.id)).toEqual([{ status: 'sent' }]);
  });

  it('answers 422 for an email that is no delivery status notification, 413 past 10 MB, 415 for the raw type elsewhere or another type here', async () => {
    const res = await raw(plainEmail);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'unprocessable', errors: [{ path: 'Content-Type' }] });
    expect(res.json().detail).toMatch(/not a delivery status notification/);
    const big = await raw(Buffer.alloc(10 * 1024 * 1024 + 1, 'a'));
    expect(big.statusCode).toBe(413);
    const elsewhere = await app().inject({
      method: 'POST',
      url: '/api/v1/programmes/suppressions',
      headers: { authorization: `Bearer ${ws().adminKey.token}`, 'content-type': 'message/rfc822' },
      payload: plainEmail,
    });
    expect(elsewhere.statusCode).toBe(415);
    expect((await raw('{"reports":[]}', 'text/plain')).statusCode).toBe(415);
    const noKey = await app().inject({ method: 'POST', url: '/api/v1/programmes/bounces', headers: { 'content-type': 'message/rfc822' }, payload: plainEmail });
    expect(noKey.statusCode).toBe(401);
  });

  it('documents both bodies in the OpenAPI document', async () => {
    const doc = (await app().inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/programmes/bounces'].post;
    expect(op.tags).toEqual(['programmes']);
    expect(Object.keys(op.requestBody.content).sort()).toEqual(['application/json', 'message/rfc822']);
  });
});
