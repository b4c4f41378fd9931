import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { CareStep } from '../model/care-element.js';
import { executeEmailStep } from '../email/execute-email-step.js';
import { careStepContext } from '../email/testing/care-step-fixture.js';
import { startSmtpTestServer, type SmtpTestServer } from '../email/testing/smtp-test-server.js';
import { relaxCareGovernance } from './testing/relax-care-governance.js';

const newsletter: CareStep = {
  id: 'news',
  kind: 'email',
  purpose: 'marketing',
  template: { subject: { fi: 'Uutiskirje', en: 'Newsletter' }, body: { fi: 'Hei {{ contact.first_name }}!', en: 'Hi {{ contact.first_name }}!' } },
};

describeEachDatabase('unsubscribe links', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  let smtp: SmtpTestServer;
  let runtime: CareRuntime;

  async function subscribedContact(email: string, locale: string): Promise<number> {
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name, locale, timezone) VALUES ($1, $2, 'Anna', $3, 'UTC') RETURNING id`, [w(), email, locale]);
    await db().query(`INSERT INTO contact_consents (workspace_id, contact_id, purpose, channel, status, source) VALUES ($1, $2, 'marketing', 'email', 'granted', 'import')`, [w(), c!.id]);
    return c!.id;
  }
  /** Sends the newsletter to the contact over SMTP and returns the path of its List-Unsubscribe URL. */
  async function sendAndGetUnsubscribePath(contactId: number): Promise<string> {
    const before = smtp.received.length;
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step: newsletter, runtime, now: new Date('2026-06-10T12:00:00Z') });
    expect(await executeEmailStep(ctx)).toMatchObject({ kind: 'done' });
    const mail = smtp.received[before]!;
    const line = (mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '').replace(/\r?\n[ \t]+/g, ' ');
    const url = new URL(/<([^>]+)>/.exec(line)![1]!);
    expect(url.origin).toBe('http://127.0.0.1:3999');
    return url.pathname;
  }
  const consent = (contactId: number) => db().query(`SELECT status, source FROM contact_consents WHERE workspace_id = $1 AND contact_id = $2 AND purpose = 'marketing'`, [w(), contactId]);
  const unsubscribedEvents = (contactId: number) => db().query(`SELECT properties FROM events WHERE workspace_id = $1 AND contact_id = $2 AND name = 'Unsubscribed'`, [w(), contactId]);

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    runtime = { mailer: smtp.transport(), publicUrl: 'http://127.0.0.1:3999', workerId: 'test', webhookTimeoutMs: 1000 };
    await relaxCareGovernance(db(), w());
  });
  afterAll(async () => smtp.close());

  it('withdraws marketing consent with an RFC 8058 one-click POST, records the event once, and stops the next email', async () => {
    const c = await subscribedContact('oneclick@example.com', 'fi');
    const path = await sendAndGetUnsubscribePath(c);
    const post = () => server.app().inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    const res = await post();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<html lang="fi">');
    expect(res.body).toContain('Et saa enää markkinointiviestit meiltä sähköpostitse.');
    expect(await consent(c)).toEqual([{ status: 'withdrawn', source: 'one_click' }]);
    expect(await unsubscribedEvents(c)).toEqual([{ properties: { purpose: 'marketing', channel: 'email', source: 'one_click' } }]);
    expect(await db().query(`SELECT 1 FROM recompute_queue WHERE workspace_id = $1 AND subject_type = 'contact' AND subject_id = $2`, [w(), c])).toHaveLength(1);

    const again = await post();
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Olet jo perunut markkinointiviestit.');
    expect(await unsubscribedEvents(c)).toHaveLength(1);

    const next = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: newsletter, runtime, now: new Date('2026-06-11T12:00:00Z') });
    expect(await executeEmailStep(next)).toMatchObject({ kind: 'skipped', reason: 'consent_withdrawn: marketing email' });
  });

  it('shows a confirmation page on GET (changing nothing) and withdraws on its button, in English for an English contact', async () => {
    const c = await subscribedContact('page@example.com', 'en-US');
    const path = await sendAndGetUnsubscribePath(c);
    const page = await server.app().inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('Do you want to stop receiving marketing emails at page@example.com?');
    expect(page.body).toContain(`<form method="post" action="${path}">`);
    expect(await consent(c)).toEqual([{ status: 'granted', source: 'import' }]);

    const res = await server.app().inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'confirm=1' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You will no longer receive marketing emails from us.');
    expect(await consent(c)).toEqual([{ status: 'withdrawn', source: 'unsubscribe_link' }]);
    expect((await server.app().inject({ method: 'GET', url: path })).body).toContain('You have already unsubscribed from marketing emails.');
  });

  it('refuses a tampered or foreign token with a not-valid page and changes nothing', async () => {
    const c = await subscribedContact('tamper@example.com', 'fi');
    const path = await sendAndGetUnsubscribePath(c);
    const [payload, mac] = path.slice('/u/'.length).split('.');
    const other = Buffer.from(`u.${w()}.${c + 1000}.marketing`).toString('base64url');
    for (const bad of [`/u/${other}.${mac}`, `/u/${payload}.${mac!.slice(0, -2)}AA`]) {
      const res = await server.app().inject({ method: 'POST', url: bad, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fi-FI' }, payload: 'List-Unsubscribe=One-Click' });
      expect(res.statusCode, bad).toBe(404);
      expect(res.body).toContain('Linkki ei ole voimassa');
    }
    expect((await server.app().inject({ method: 'GET', url: '/u/not-a-token' })).statusCode).toBe(400);
    expect(await consent(c)).toEqual([{ status: 'granted', source: 'import' }]);
  });
});
