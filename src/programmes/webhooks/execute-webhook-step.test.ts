import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { CareStep } from '../model/care-element.js';
import { careStepContext, retryOf } from '../email/testing/care-step-fixture.js';
import { checkWebhookTarget } from './check-webhook-target.js';
import { executeWebhookStep } from './execute-webhook-step.js';

interface Delivery {
  id: string;
  verified: boolean;
  payload: Record<string, any>;
}

describe('checkWebhookTarget', () => {
  const refuse = async (url: string, resolveHost?: (h: string) => Promise<string[]>) => {
    const r = await checkWebhookTarget(url, { allowPrivate: false, resolveHost });
    expect(r.ok, url).toBe(false);
    return r.ok ? '' : r.reason;
  };
  it('refuses loopback, private, link-local and unique-local targets, literal or resolved', async () => {
    expect(await refuse('http://127.0.0.1:8080/hook')).toMatch(/loopback/);
    expect(await refuse('http://10.1.2.3/hook')).toMatch(/private/);
    expect(await refuse('http://192.168.1.1/hook')).toMatch(/private/);
    expect(await refuse('http://[::1]/hook')).toMatch(/loopback/);
    expect(await refuse('http://169.254.169.254/latest/meta-data')).toMatch(/linkLocal/);
    expect(await refuse('http://[fd00::1]/hook')).toMatch(/uniqueLocal/);
    expect(await refuse('http://[::ffff:127.0.0.1]/hook')).toMatch(/loopback/);
    expect(await refuse('http://2130706433/hook')).toMatch(/loopback/); // 127.0.0.1 written as one number
    expect(await refuse('http://hooks.example/x', async () => ['93.184.216.34', '10.0.0.5'])).toMatch(/hooks\.example \(10\.0\.0\.5\) is a private/);
    expect(await refuse('ftp://93.184.216.34/x')).toMatch(/http or https only/);
  });
  it('accepts public addresses, and private ones when the workspace allows them', async () => {
    expect(await checkWebhookTarget('https://hooks.example/x', { allowPrivate: false, resolveHost: async () => ['93.184.216.34', '2606:2800:220:1::1'] })).toMatchObject({ ok: true, addresses: ['93.184.216.34', '2606:2800:220:1::1'] });
    expect(await checkWebhookTarget('http://127.0.0.1:9/x', { allowPrivate: true })).toMatchObject({ ok: true, addresses: ['127.0.0.1'] });
  });
});

describeEachDatabase('webhook step', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  let server: http.Server;
  let base: string;
  let deliveries: Delivery[];
  let answer: number;
  let hang = false;
  let runtime: CareRuntime;
  let contactId: number;
  const step: CareStep = { id: 'hand-over', kind: 'webhook', endpoint: 'crm', event_type: 'care.onboarding_started' };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (hang) return; // never answers
        const body = Buffer.concat(chunks).toString('utf8');
        let verified = false;
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        deliveries.push({ id: String(req.headers['webhook-id']), verified, payload: JSON.parse(body) });
        res.statusCode = answer;
        res.end(answer >= 300 ? 'receiver is down' : 'ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    runtime = { mailer: null, publicUrl: 'http://127.0.0.1:3999', workerId: 'test', webhookTimeoutMs: 500 };
    await db().query(`INSERT INTO care_webhook_endpoints (workspace_id, key, url, secret) VALUES ($1, 'crm', $2, $3)`, [w(), `${base}/hooks/kanta`, secret]);
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name) VALUES ($1, 'anna@example.com', 'Anna') RETURNING id`, [w()]);
    contactId = c!.id;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    deliveries = [];
    answer = 200;
    hang = false;
  });
  const allowPrivate = (allow: boolean) =>
    db().query(`INSERT INTO care_settings (workspace_id, allow_private_webhooks) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET allow_private_webhooks = $2`, [w(), allow]);

  it('refuses a loopback receiver unless the workspace allows private targets, permanently and without a request', async () => {
    await allowPrivate(false);
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step, runtime });
    const outcome = await executeWebhookStep(ctx);
    expect(outcome).toMatchObject({ kind: 'failed', permanent: true, error: expect.stringMatching(/^webhook target refused: 127\.0\.0\.1 is a loopback address/) });
    expect(deliveries).toEqual([]);
  });

  it('posts a signed event that the receiver verifies, with webhook-id act_<action>', async () => {
    await allowPrivate(true);
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step, runtime });
    expect(await executeWebhookStep(ctx)).toEqual({ kind: 'done', result: { endpoint: 'crm', webhook_id: `act_${ctx.action.id}`, status: 200 } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      id: `act_${ctx.action.id}`,
      verified: true,
      payload: { type: 'care.onboarding_started', data: { action_id: ctx.action.id, step_id: 'hand-over', element: { key: ctx.element.key, version: 1 }, subject: { type: 'contact', id: contactId, email: 'anna@example.com' } } },
    });
  });

  it('fails (to be retried) on a non-2xx answer and redelivers with the same webhook-id', async () => {
    await allowPrivate(true);
    answer = 503;
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step, runtime });
    const failed = await executeWebhookStep(ctx);
    expect(failed).toEqual({ kind: 'failed', error: 'webhook crm answered 503: receiver is down' });
    answer = 204;
    expect(await executeWebhookStep(retryOf(ctx, new Date(ctx.now.getTime() + 30_000)))).toMatchObject({ kind: 'done' });
    expect(deliveries.map((d) => [d.id, d.verified, d.payload.data.attempt])).toEqual([
      [`act_${ctx.action.id}`, true, 1],
      [`act_${ctx.action.id}`, true, 2],
    ]);
  });

  it('fails on a receiver that does not answer within the timeout', async () => {
    await allowPrivate(true);
    hang = true;
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step, runtime });
    const started = Date.now();
    expect(await executeWebhookStep(ctx)).toEqual({ kind: 'failed', error: 'webhook crm failed: no answer within 500 ms' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails permanently for an endpoint that does not exist and skips a disabled one', async () => {
    const missing = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step: { ...step, endpoint: 'nope' } as CareStep, runtime });
    expect(await executeWebhookStep(missing)).toEqual({ kind: 'failed', permanent: true, error: 'webhook endpoint "nope" does not exist' });
    await db().query(`INSERT INTO care_webhook_endpoints (workspace_id, key, url, secret, enabled) VALUES ($1, 'off', $2, $3, false)`, [w(), `${base}/off`, secret]);
    const off = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step: { ...step, endpoint: 'off' } as CareStep, runtime });
    expect(await executeWebhookStep(off)).toEqual({ kind: 'skipped', reason: 'endpoint_disabled: off' });
    expect(deliveries).toEqual([]);
  });
});
