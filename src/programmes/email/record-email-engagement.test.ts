import nodemailer from 'nodemailer';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { CareStep } from '../model/care-element.js';
import { executeEmailStep } from './execute-email-step.js';
import { careStepContext } from './testing/care-step-fixture.js';

const offer: CareStep = {
  id: 'offer',
  kind: 'email',
  purpose: 'service',
  template: { subject: { fi: 'Tarjous', en: 'Offer' }, body: { fi: 'Katso: https://shop.example/tarjous?x=1&y=2', en: 'See: https://shop.example/offer' } },
};

describeEachDatabase('email opens and clicks', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  // nodemailer's JSON transport builds the message without a network: the message counts as sent, so it is tracked.
  const runtime: CareRuntime = { mailer: nodemailer.createTransport({ jsonTransport: true }), publicUrl: 'http://127.0.0.1:3999', workerId: 'test', webhookTimeoutMs: 1000 };
  let actionId: number;
  let html: string;
  let text: string;

  beforeAll(async () => {
    await db().query(`INSERT INTO care_settings (workspace_id, quiet_start, quiet_end) VALUES ($1, '00:00', '00:00') ON CONFLICT (workspace_id) DO UPDATE SET quiet_start = '00:00', quiet_end = '00:00'`, [w()]);
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name, locale) VALUES ($1, 'anna@example.com', 'Anna', 'fi') RETURNING id`, [w()]);
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c!.id }, step: offer, runtime });
    actionId = ctx.action.id;
    expect(await executeEmailStep(ctx)).toMatchObject({ kind: 'done' });
    const [m] = await db().query<{ html_body: string; text_body: string }>(`SELECT html_body, text_body FROM care_messages WHERE workspace_id = $1 AND action_id = $2`, [w(), actionId]);
    html = m!.html_body;
    text = m!.text_body;
  });
  const engagement = () => db().query<{ opened: boolean; clicked: boolean }>(`SELECT opened_at IS NOT NULL AS opened, clicked_at IS NOT NULL AS clicked FROM care_messages WHERE workspace_id = $1 AND action_id = $2`, [w(), actionId]);

  it('does not track messages kept in the outbox (viewing the outbox is no open)', async () => {
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name, locale) VALUES ($1, 'outbox@example.com', 'Olli', 'fi') RETURNING id`, [w()]);
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c!.id }, step: offer, runtime: { ...runtime, mailer: null } });
    expect(await executeEmailStep(ctx)).toMatchObject({ kind: 'done' });
    const [m] = await db().query<{ html_body: string }>(`SELECT html_body FROM care_messages WHERE workspace_id = $1 AND action_id = $2`, [w(), ctx.action.id]);
    expect(m!.html_body).toContain('<a href="https://shop.example/tarjous?x=1&amp;y=2">');
    expect(m!.html_body).not.toMatch(/\/o\/|\/c\//);
  });

  it('tracks links in the HTML part only, never the unsubscribe link, and records the open image', async () => {
    expect(text).toContain('Katso: https://shop.example/tarjous?x=1&y=2');
    const tracked = /<a href="http:\/\/127\.0\.0\.1:3999(\/c\/[^"]+)">https:\/\/shop\.example\/tarjous\?x=1&amp;y=2<\/a>/.exec(html);
    expect(tracked).not.toBeNull();
    expect(html).toMatch(/<a href="http:\/\/127\.0\.0\.1:3999\/u\/[^"]+">http:\/\/127\.0\.0\.1:3999\/u\//);
    const pixel = /<img src="http:\/\/127\.0\.0\.1:3999(\/o\/[^"]+)"/.exec(html)![1]!;
    expect(await engagement()).toEqual([{ opened: false, clicked: false }]);
    const img = await server.app().inject({ method: 'GET', url: pixel });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/gif');
    expect(await engagement()).toEqual([{ opened: true, clicked: false }]);

    const click = await server.app().inject({ method: 'GET', url: tracked![1]! });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://shop.example/tarjous?x=1&y=2');
    expect(await engagement()).toEqual([{ opened: true, clicked: true }]);
  });

  it('never redirects to a URL it did not sign', async () => {
    const tracked = /href="http:\/\/127\.0\.0\.1:3999\/c\/([^".]+)\.([^"]+)"/.exec(html)!;
    const payload = Buffer.from(tracked[1]!, 'base64url').toString('utf8').split('.');
    payload[4] = Buffer.from('https://evil.example/').toString('base64url');
    const forged = `/c/${Buffer.from(payload.join('.')).toString('base64url')}.${tracked[2]}`;
    const res = await server.app().inject({ method: 'GET', url: forged });
    expect(res.statusCode).toBe(404);
    expect(res.headers.location).toBeUndefined();
  });
});
