import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { describeEachDatabase } from '../../testing/test-database.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { CareStep } from '../model/care-element.js';
import { readLinkToken } from '../governance/link-token.js';
import type { StepContext, StepOutcome } from '../engine/step-executor.js';
import { finishActions } from '../engine/apply-action-outcome.js';
import { loadChannelSettings } from '../governance/load-channel-settings.js';
import { executeEmailStep } from './execute-email-step.js';
import { sendCareEmailBatch } from './send-care-email-batch.js';
import { careStepContext, retryOf } from './testing/care-step-fixture.js';
import { startSmtpTestServer, type SmtpTestServer } from './testing/smtp-test-server.js';
import { relaxCareGovernance } from '../governance/testing/relax-care-governance.js';

const DAY = 86_400_000;

const welcome: CareStep = {
  id: 'welcome',
  kind: 'email',
  purpose: 'marketing',
  template: {
    subject: { fi: 'Tervetuloa, {{ contact.first_name }}!', en: 'Welcome, {{ contact.first_name }}!' },
    body: {
      fi: 'Hei {{ contact.first_name }},\n\nkiitos, että {{ account.name }} valitsi meidät.\nLue lisää: https://example.com/aloitus',
      en: 'Hi {{ contact.first_name }},\n\nthank you for choosing us at {{ account.name }}.\nRead more: https://example.com/start',
    },
    personas: { cfo: { subject: { fi: 'Talousjohtajalle: tervetuloa', en: 'For the CFO: welcome' } } },
  },
};

/**
 * The worker sends plain email steps in claimed batches (sendCareEmailBatch) and falls back to
 * one by one (executeEmailStep) for what a batch leaves; every scenario runs both ways.
 */
async function inBatch(ctx: StepContext): Promise<StepOutcome> {
  if (ctx.step.kind !== 'email') throw new Error('an email step');
  const ws = ctx.action.workspaceId;
  const { outcomes, sent } = await sendCareEmailBatch(ctx.db, ctx.runtime, await loadChannelSettings(ctx.db, ws), ws, [{ action: ctx.action, step: ctx.step, elementVersion: ctx.element.version }], ctx.now);
  await finishActions(ctx.db, ctx.runtime.workerId, ws, [], ctx.now, sent);
  return outcomes.get(ctx.action.id) ?? executeEmailStep(ctx);
}

for (const [way, execute] of [
  ['one by one', executeEmailStep],
  ['in a batch', inBatch],
] as const)
describeEachDatabase(`email step (${way})`, ({ db, ws }) => {
  const w = () => ws().workspace.id;
  let smtp: SmtpTestServer;
  let runtime: CareRuntime;
  let accountId: number;

  async function contact(fields: { email: string; first_name?: string; locale?: string; timezone?: string; persona?: string; traits?: object; account?: number | null; role?: string }): Promise<number> {
    const [row] = await db().query<{ id: number }>(
      `INSERT INTO contacts (workspace_id, account_id, email, first_name, locale, timezone, persona, buying_role, traits) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING id`,
      [w(), fields.account === undefined ? accountId : fields.account, fields.email, fields.first_name ?? 'Anna', fields.locale ?? 'fi-FI', fields.timezone ?? 'UTC', fields.persona ?? null, fields.role ?? null, JSON.stringify(fields.traits ?? {})],
    );
    return row!.id;
  }
  async function consent(contactId: number, purpose: string, status: 'granted' | 'withdrawn'): Promise<void> {
    await db().query(
      `INSERT INTO contact_consents (workspace_id, contact_id, purpose, channel, status, source) VALUES ($1, $2, $3, 'email', $4, 'api')
       ON CONFLICT (workspace_id, contact_id, purpose, channel) DO UPDATE SET status = EXCLUDED.status`,
      [w(), contactId, purpose, status],
    );
  }
  const messages = (actionId: number) => db().query<Record<string, unknown>>(`SELECT * FROM care_messages WHERE workspace_id = $1 AND action_id = $2 ORDER BY contact_id`, [w(), actionId]);
  /** The contact's 'Email Sent' timeline events. */
  const sentEvents = (contactId: number) =>
    db().query<Record<string, unknown>>(`SELECT message_id, type, source, account_id, properties FROM events WHERE workspace_id = $1 AND contact_id = $2 AND name = 'Email Sent' ORDER BY id`, [w(), contactId]);
  // Noon UTC: outside the default quiet hours (21-08) in UTC and Europe/Helsinki.
  const noon = new Date('2026-06-10T09:00:00Z');

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    runtime = { mailer: smtp.transport(), publicUrl: 'http://127.0.0.1:3999/', workerId: 'test-worker', webhookTimeoutMs: 2000 };
    const [a] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, owner) VALUES ($1, 'Aalto Oy', 'kaisa@kam.example') RETURNING id`, [w()]);
    accountId = a!.id;
    // No frequency caps or quiet hours unless a test sets them.
    await relaxCareGovernance(db(), w());
  });
  afterAll(async () => smtp.close());
  beforeEach(() => {
    smtp.received.length = 0;
  });

  it('sends one message over SMTP with a stable Message-ID and one-click unsubscribe headers, in the contact language', async () => {
    const c = await contact({ email: 'anna@aalto.example', first_name: 'Anna <3' });
    await consent(c, 'marketing', 'granted');
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now: noon });
    const outcome = await execute(ctx);
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: 'done' });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.messageId).toBe(`<kanta-a${ctx.action.id}-c${c}@kanta.localhost>`);
    expect(mail.subject).toBe('Tervetuloa, Anna <3!');
    expect(mail.text).toContain('kiitos, että Aalto Oy valitsi meidät.');
    expect(mail.html).toContain('Hei Anna &lt;3,');
    // Links in the HTML part go through click tracking; the text part keeps them plain.
    expect(mail.html).toMatch(/<a href="http:\/\/127\.0\.0\.1:3999\/c\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+">https:\/\/example\.com\/aloitus<\/a>/);
    expect(mail.text).toContain('Lue lisää: https://example.com/aloitus');
    const listHeader = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    const unsubscribe = /^List-Unsubscribe:\s*<([^>]+)>$/.exec(listHeader.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '';
    expect(unsubscribe).toMatch(/^http:\/\/127\.0\.0\.1:3999\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(readLinkToken(unsubscribe.split('/u/')[1]!)).toEqual({ kind: 'unsubscribe', workspaceId: w(), contactId: c, purpose: 'marketing' });
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.text).toContain(unsubscribe);
    const [stored] = await messages(ctx.action.id);
    expect(stored).toMatchObject({ contact_id: c, status: 'sent', transport: 'smtp', locale: 'fi', purpose: 'marketing', element_id: ctx.action.elementId, element_version: 1, step_id: 'welcome' });
    // The contact's timeline: one 'Email Sent' event, keyed by the care message.
    const event = {
      message_id: `email-sent:${stored!.id}`,
      type: 'system',
      source: 'kanta',
      account_id: accountId,
      properties: {
        channel: 'email',
        element_id: ctx.element.id,
        element_key: ctx.element.key,
        element_version: 1,
        step: 'welcome',
        purpose: 'marketing',
        subject: 'Tervetuloa, Anna <3!',
        locale: 'fi',
        message_id: mail.messageId,
        action_id: ctx.action.id,
        care_message_id: stored!.id,
        transport: 'smtp',
      },
    };
    expect(await sentEvents(c)).toEqual([event]);

    // A retry of the same action (e.g. after a lost lease) sends nothing new, and writes no second event.
    expect(await execute(retryOf(ctx))).toMatchObject({ kind: 'done' });
    expect(smtp.received).toHaveLength(1);
    expect(await sentEvents(c)).toEqual([event]);
  });

  it('picks the persona variant and English for an English contact', async () => {
    const c = await contact({ email: 'cfo@aalto.example', first_name: 'Bob', locale: 'en-GB', persona: 'cfo' });
    await consent(c, 'marketing', 'granted');
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now: noon });
    expect(await execute(ctx)).toMatchObject({ kind: 'done' });
    expect(smtp.received.map((m) => m.subject)).toEqual(['For the CFO: welcome']);
    expect(smtp.received[0]!.text).toContain('thank you for choosing us at Aalto Oy');
  });

  it('keeps the message when SMTP is down and sends it once, with the same Message-ID, when it is back', async () => {
    const c = await contact({ email: 'retry@aalto.example' });
    await consent(c, 'marketing', 'granted');
    const down = nodemailer.createTransport({ host: '127.0.0.1', port: 1, secure: false, ignoreTLS: true, connectionTimeout: 1000 });
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime: { ...runtime, mailer: down }, now: noon });
    const failed = await execute(ctx);
    expect(failed).toMatchObject({ kind: 'failed' });
    expect(failed.kind === 'failed' && failed.permanent).toBeFalsy();
    expect(await messages(ctx.action.id)).toMatchObject([{ status: 'sending' }]);
    expect(await sentEvents(c)).toEqual([]);
    expect(await execute({ ...retryOf(ctx), runtime })).toMatchObject({ kind: 'done' });
    expect(smtp.received.map((m) => m.messageId)).toEqual([`<kanta-a${ctx.action.id}-c${c}@kanta.localhost>`]);
    expect(await messages(ctx.action.id)).toMatchObject([{ status: 'sent' }]);
    expect((await sentEvents(c)).map((e) => (e.properties as { message_id: string }).message_id)).toEqual([`<kanta-a${ctx.action.id}-c${c}@kanta.localhost>`]);
    expect(await execute(retryOf(retryOf(ctx)))).toMatchObject({ kind: 'done' });
    expect(await sentEvents(c)).toHaveLength(1);
  });

  it('does not send a stored message another executor of the action started moments ago; takes it over after that', async () => {
    const c = await contact({ email: 'inflight@aalto.example' });
    await consent(c, 'marketing', 'granted');
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now: noon });
    // The first executor stored the message and is (as far as anyone knows) still talking to SMTP.
    await db().query(
      `INSERT INTO care_messages (workspace_id, action_id, contact_id, purpose, to_address, locale, subject, text_body, html_body, message_id, transport, status, send_started_at)
       VALUES ($1, $2, $3, 'marketing', 'inflight@aalto.example', 'fi', 'Stored', 'stored text', '<p>stored</p>', $4, 'smtp', 'sending', now())`,
      [w(), ctx.action.id, c, `<kanta-a${ctx.action.id}-c${c}@kanta.localhost>`],
    );
    const second = await execute(retryOf(ctx));
    expect(second).toMatchObject({ kind: 'deferred', reason: 'in_flight: another attempt is sending this message' });
    expect(smtp.received).toHaveLength(0);
    await db().query(`UPDATE care_messages SET send_started_at = now() - interval '1 minute' WHERE workspace_id = $1 AND action_id = $2`, [w(), ctx.action.id]);
    expect(await execute(retryOf(ctx))).toMatchObject({ kind: 'done' });
    expect(smtp.received.map((m) => [m.messageId, m.subject, m.text?.trim()])).toEqual([[`<kanta-a${ctx.action.id}-c${c}@kanta.localhost>`, 'Stored', 'stored text']]);
  });

  it('puts the message in the outbox when no SMTP server is configured', async () => {
    const c = await contact({ email: 'outbox@aalto.example' });
    await consent(c, 'marketing', 'granted');
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime: { ...runtime, mailer: null }, now: noon });
    expect(await execute(ctx)).toMatchObject({ kind: 'done', result: { messages: [{ contact_id: c, status: 'outboxed' }] } });
    expect(smtp.received).toHaveLength(0);
    expect(await messages(ctx.action.id)).toMatchObject([{ status: 'outboxed', transport: 'outbox', sent_at: null }]);
    expect(await sentEvents(c)).toMatchObject([{ properties: { transport: 'outbox', element_id: ctx.element.id, step: 'welcome' } }]);
    expect(await execute(retryOf(ctx))).toMatchObject({ kind: 'done' });
    expect(await sentEvents(c)).toHaveLength(1);
  });

  it('fails permanently with the reason and sends nothing when the template does not render for one recipient', async () => {
    const [acc] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Berg Oy') RETURNING id`, [w()]);
    const ok = await contact({ email: 'ok@berg.example', account: acc!.id, traits: { nickname: 'Okko' } });
    const broken = await contact({ email: 'broken@berg.example', account: acc!.id });
    await consent(ok, 'marketing', 'granted');
    await consent(broken, 'marketing', 'granted');
    const step: CareStep = { ...welcome, id: 'nick', template: { subject: { fi: 'Moi {{ contact.traits.nickname }}', en: 'Hi {{ contact.traits.nickname }}' }, body: welcome.template.body } } as CareStep;
    const ctx = await careStepContext(db(), w(), { subject: { type: 'account', id: acc!.id }, step, runtime, now: noon });
    const outcome = await execute(ctx);
    expect(outcome).toMatchObject({ kind: 'failed', permanent: true });
    expect(outcome.kind === 'failed' && outcome.error).toMatch(new RegExp(`contact ${broken}: undefined variable: contact.traits.nickname`));
    expect(smtp.received).toHaveLength(0);
    expect(await messages(ctx.action.id)).toEqual([]);
  });

  it('sends an account step to the contacts the role filter picks', async () => {
    const [acc] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Carlsson AB') RETURNING id`, [w()]);
    const boss = await contact({ email: 'boss@carlsson.example', account: acc!.id, role: 'decision_maker' });
    const user = await contact({ email: 'user@carlsson.example', account: acc!.id, role: 'user' });
    await consent(boss, 'service', 'granted');
    const step: CareStep = { id: 'svc', kind: 'email', purpose: 'service', template: welcome.template, to: { roles: ['decision_maker'] } };
    const ctx = await careStepContext(db(), w(), { subject: { type: 'account', id: acc!.id }, step, runtime, now: noon });
    expect(await execute(ctx)).toMatchObject({ kind: 'done' });
    expect(smtp.received.map((m) => m.to && !Array.isArray(m.to) ? m.to.text : '')).toEqual(['boss@carlsson.example']);
    expect((await messages(ctx.action.id)).map((m) => m.contact_id)).toEqual([boss]);
    expect(user).toBeGreaterThan(0);
  });

  describe('governance', () => {
    it('skips marketing without granted consent, and with consent withdrawn, recording the reason', async () => {
      const none = await contact({ email: 'none@aalto.example' });
      const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: none }, step: welcome, runtime, now: noon });
      expect(await execute(ctx)).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/^no_consent: marketing/) });
      const gone = await contact({ email: 'gone@aalto.example' });
      await consent(gone, 'marketing', 'withdrawn');
      const ctx2 = await careStepContext(db(), w(), { subject: { type: 'contact', id: gone }, step: welcome, runtime, now: noon });
      expect(await execute(ctx2)).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/^consent_withdrawn/) });
      // A service message needs no opt-in, but respects a withdrawal.
      const service: CareStep = { ...welcome, id: 'svc2', purpose: 'service' } as CareStep;
      expect(await execute(await careStepContext(db(), w(), { subject: { type: 'contact', id: none }, step: service, runtime, now: noon }))).toMatchObject({ kind: 'done' });
      await consent(gone, 'service', 'withdrawn');
      expect(await execute(await careStepContext(db(), w(), { subject: { type: 'contact', id: gone }, step: service, runtime, now: noon }))).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/^consent_withdrawn: service/) });
      expect(smtp.received.map((m) => m.to && !Array.isArray(m.to) ? m.to.text : '')).toEqual(['none@aalto.example']);
      expect(await messages(ctx.action.id)).toEqual([]);
      // Only the service message that went out is on a timeline.
      expect((await sentEvents(none)).map((e) => (e.properties as { purpose: string }).purpose)).toEqual(['service']);
      expect(await sentEvents(gone)).toEqual([]);
    });

    it('suppresses an address after a hard bounce (550) and skips it afterwards without touching SMTP', async () => {
      const c = await contact({ email: 'Nobody@Aalto.example' });
      await consent(c, 'marketing', 'granted');
      smtp.reject.add('nobody@aalto.example');
      const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now: noon });
      const first = await execute(ctx);
      expect(first).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/^hard_bounce: 550/) });
      expect(await messages(ctx.action.id)).toMatchObject([{ status: 'bounced', error: expect.stringMatching(/^550/) }]);
      expect(await db().query(`SELECT address, reason FROM email_suppressions WHERE workspace_id = $1`, [w()])).toEqual([{ address: 'nobody@aalto.example', reason: 'hard_bounce' }]);
      // The bounce is on the contact's timeline, once.
      const [bounced] = await messages(ctx.action.id);
      expect(await db().query(`SELECT message_id, source, properties->>'via' AS via, properties->>'kind' AS kind FROM events WHERE workspace_id = $1 AND contact_id = $2 AND name = 'Email Bounced'`, [w(), c])).toEqual([
        { message_id: `email-bounced:${bounced!.id}`, source: 'kanta', via: 'smtp', kind: 'hard' },
      ]);
      smtp.reject.clear();
      const again = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now: noon });
      expect(await execute(again)).toMatchObject({ kind: 'skipped', reason: 'suppressed: hard_bounce' });
      expect(smtp.received).toHaveLength(0);
      expect(await messages(again.action.id)).toEqual([]);
      expect(await sentEvents(c)).toEqual([]);
    });

    it('defers a capped message to when the window frees a slot, and skips it when that is too late', async () => {
      await db().query(`UPDATE care_settings SET frequency_caps = '[{"channel":"email","purpose":"marketing","max":2,"per_days":7}]' WHERE workspace_id = $1`, [w()]);
      try {
        const c = await contact({ email: 'capped@aalto.example' });
        await consent(c, 'marketing', 'granted');
        const now = new Date();
        const earlier = async (daysAgo: number) => {
          const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime: { ...runtime, mailer: null }, now });
          expect(await execute(ctx)).toMatchObject({ kind: 'done' });
          await db().query(`UPDATE care_messages SET created_at = $3 WHERE workspace_id = $1 AND action_id = $2`, [w(), ctx.action.id, new Date(now.getTime() - daysAgo * DAY)]);
        };
        await earlier(6);
        await earlier(5);
        const third = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now });
        const outcome = await execute(third);
        expect(outcome).toMatchObject({ kind: 'deferred', reason: 'frequency_cap: 2 marketing email per 7 days' });
        // The oldest of the two (6 days ago) leaves the 7-day window in one day.
        const until = outcome.kind === 'deferred' ? outcome.until.getTime() : 0;
        expect(Math.abs(until - (now.getTime() + DAY))).toBeLessThan(5000);
        expect(await messages(third.action.id)).toEqual([]);

        await db().query(`UPDATE care_messages SET created_at = now() - interval '1 day' WHERE workspace_id = $1 AND contact_id = $2`, [w(), c]);
        const fourth = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now });
        expect(await execute(fourth)).toMatchObject({ kind: 'skipped', reason: 'frequency_cap: 2 marketing email per 7 days' });
        expect(smtp.received).toHaveLength(0);
      } finally {
        await db().query(`UPDATE care_settings SET frequency_caps = '[]' WHERE workspace_id = $1`, [w()]);
      }
    });

    it('lets only one of three concurrent sends to a contact through a cap of one (the send lock)', async () => {
      await db().query(`UPDATE care_settings SET frequency_caps = '[{"channel":"email","purpose":"marketing","max":1,"per_days":7}]' WHERE workspace_id = $1`, [w()]);
      try {
        const c = await contact({ email: 'race@aalto.example' });
        await consent(c, 'marketing', 'granted');
        const now = new Date();
        const ctxs = await Promise.all([1, 2, 3].map(() => careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now })));
        const outcomes = await Promise.all(ctxs.map((ctx) => execute(ctx)));
        expect(outcomes.map((o) => o.kind).sort()).toEqual(['done', 'skipped', 'skipped']);
        expect(smtp.received).toHaveLength(1);
        expect(await db().query(`SELECT count(*)::int AS n FROM care_messages WHERE workspace_id = $1 AND contact_id = $2`, [w(), c])).toEqual([{ n: 1 }]);
      } finally {
        await db().query(`UPDATE care_settings SET frequency_caps = '[]' WHERE workspace_id = $1`, [w()]);
      }
    });

    it("defers to the end of quiet hours in the contact's time zone, else the workspace's", async () => {
      await db().query(`UPDATE care_settings SET quiet_start = '21:00', quiet_end = '08:00', default_timezone = 'Europe/Helsinki' WHERE workspace_id = $1`, [w()]);
      try {
        // 04:00 UTC on 15 January: 23:00 in New York (EST), 06:00 in Helsinki (EET), 04:00 in UTC.
        const now = new Date('2026-01-15T04:00:00Z');
        const ny = await contact({ email: 'ny@aalto.example', timezone: 'America/New_York' });
        const hki = await contact({ email: 'hki@aalto.example', timezone: 'Not/AZone' });
        const utc = await contact({ email: 'utc@aalto.example', timezone: 'UTC' });
        for (const c of [ny, hki, utc]) await consent(c, 'marketing', 'granted');
        const run = async (c: number) => execute(await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: welcome, runtime, now }));
        expect(await run(ny)).toEqual({ kind: 'deferred', until: new Date('2026-01-15T13:00:00Z'), reason: 'quiet_hours: 21:00-08:00 America/New_York' });
        expect(await run(hki)).toEqual({ kind: 'deferred', until: new Date('2026-01-15T06:00:00Z'), reason: 'quiet_hours: 21:00-08:00 Europe/Helsinki' });
        expect(await run(utc)).toEqual({ kind: 'deferred', until: new Date('2026-01-15T08:00:00Z'), reason: 'quiet_hours: 21:00-08:00 UTC' });
        for (const c of [ny, hki, utc]) expect(await sentEvents(c)).toEqual([]);
        // At 10:00 UTC it is 05:00 in New York (still quiet) but noon in Helsinki.
        const later = await careStepContext(db(), w(), { subject: { type: 'contact', id: hki }, step: welcome, runtime, now: new Date('2026-01-15T10:00:00Z') });
        expect(await execute(later)).toMatchObject({ kind: 'done' });
        expect(smtp.received).toHaveLength(1);
        expect(await sentEvents(hki)).toHaveLength(1);
      } finally {
        await db().query(`UPDATE care_settings SET quiet_start = '00:00', quiet_end = '00:00' WHERE workspace_id = $1`, [w()]);
      }
    });
  });
});
