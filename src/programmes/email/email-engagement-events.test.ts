import nodemailer from 'nodemailer';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import { scanCareTriggers } from '../engine/scan-care-triggers.js';
import { definition, insertEvent, runDueActions } from '../engine/testing/care-engine-fixture.js';
import type { CareStep } from '../model/care-element.js';
import { createCareElement } from '../model/create-care-element.js';
import { executeEmailStep } from './execute-email-step.js';
import { recordEmailEngagement } from './record-email-engagement.js';
import { careStepContext } from './testing/care-step-fixture.js';
import { relaxCareGovernance } from '../governance/testing/relax-care-governance.js';

const DAY = 86_400_000;

const offer = (id: string, subject: string, href: string): CareStep => ({
  id,
  kind: 'email',
  purpose: 'service',
  template: { subject: { fi: subject, en: subject }, body: { fi: `Katso: ${href}`, en: `See: ${href}` } },
});

type EventRow = {
  message_id: string;
  name: string;
  type: string;
  source: string;
  contact_id: number;
  account_id: number | null;
  occurred_at: Date;
  properties: Record<string, unknown>;
};

/** Opens and clicks of care mail as timeline events ('Email Opened', 'Email Link Clicked'), and what the care trigger scan makes of them. */
describeEachDatabase('email opens and clicks on the timeline', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  // nodemailer's JSON transport builds the message without a network: the message counts as sent, so it is tracked.
  const runtime: CareRuntime = { mailer: nodemailer.createTransport({ jsonTransport: true }), publicUrl: 'http://127.0.0.1:3999', workerId: 'engagement-test', webhookTimeoutMs: 1000 };
  let accountId: number;

  beforeAll(async () => {
    await relaxCareGovernance(db(), w());
    const [a] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Koski Oy') RETURNING id`, [w()]);
    accountId = a!.id;
  });
  beforeEach(async () => {
    await db().query('DELETE FROM recompute_queue WHERE workspace_id = $1', [w()]);
  });

  const newContact = async (email: string) => {
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, account_id, email, first_name, locale) VALUES ($1, $2, $3, 'Kaisa', 'fi') RETURNING id`, [
      w(),
      accountId,
      email,
    ]);
    return c!.id;
  };
  /** Sends one tracked care email to a new contact; returns the message and its tracking paths. */
  const sendTo = async (email: string) => {
    const contactId = await newContact(email);
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step: offer('offer', 'Tarjous', 'https://shop.example/tarjous'), runtime });
    expect(await executeEmailStep(ctx)).toMatchObject({ kind: 'done' });
    const [m] = await db().query<{ id: number; html_body: string }>(`SELECT id, html_body FROM care_messages WHERE workspace_id = $1 AND action_id = $2`, [w(), ctx.action.id]);
    const pixel = /<img src="http:\/\/127\.0\.0\.1:3999(\/o\/[^"]+)"/.exec(m!.html_body)![1]!;
    const link = /<a href="http:\/\/127\.0\.0\.1:3999(\/c\/[^"]+)">https:\/\/shop\.example\/tarjous<\/a>/.exec(m!.html_body)![1]!;
    // Sending queued the contact ('Email Sent'): only what engagement queues counts below.
    await db().query('DELETE FROM recompute_queue WHERE workspace_id = $1', [w()]);
    return { contactId, elementId: ctx.element.id, elementKey: ctx.element.key, actionId: ctx.action.id, messageRowId: m!.id, pixel, link };
  };
  const engagementEvents = (contactId: number) =>
    db().query<EventRow>(
      `SELECT message_id, name, type, source, contact_id, account_id, occurred_at, properties FROM events
        WHERE workspace_id = $1 AND contact_id = $2 AND name IN ('Email Opened', 'Email Link Clicked') ORDER BY id`,
      [w(), contactId],
    );
  const engagement = (messageRowId: number) =>
    db().query<{ opened_at: Date | null; clicked_at: Date | null }>('SELECT opened_at, clicked_at FROM care_messages WHERE workspace_id = $1 AND id = $2', [w(), messageRowId]);
  const queue = () =>
    db().query<{ subject_type: string; subject_id: number }>('SELECT subject_type, subject_id FROM recompute_queue WHERE workspace_id = $1 ORDER BY subject_type, subject_id', [w()]);
  const get = (url: string) => server.app().inject({ method: 'GET', url });

  it('adds one event for the first open and one for the first click; repeats add nothing', async () => {
    const m = await sendTo('open-click@example.com');
    expect((await get(m.pixel)).statusCode).toBe(200);
    const [afterOpen] = await engagement(m.messageRowId);
    const opened = await engagementEvents(m.contactId);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      message_id: `email-opened:${m.messageRowId}`,
      name: 'Email Opened',
      type: 'system',
      source: 'kanta',
      contact_id: m.contactId,
      account_id: accountId,
    });
    expect(new Date(opened[0]!.occurred_at).getTime()).toBe(new Date(afterOpen!.opened_at!).getTime());
    expect(opened[0]!.properties).toMatchObject({
      channel: 'email',
      element_id: m.elementId,
      element_key: m.elementKey,
      element_version: 1,
      step: 'offer',
      purpose: 'service',
      subject: 'Tarjous',
      locale: 'fi',
      action_id: m.actionId,
      care_message_id: m.messageRowId,
    });
    expect(opened[0]!.properties).not.toHaveProperty('url');
    // The account first, then the contact.
    expect(await queue()).toEqual([
      { subject_type: 'account', subject_id: accountId },
      { subject_type: 'contact', subject_id: m.contactId },
    ]);

    await db().query('DELETE FROM recompute_queue WHERE workspace_id = $1', [w()]);
    expect((await get(m.pixel)).statusCode).toBe(200);
    expect(await engagementEvents(m.contactId)).toHaveLength(1);
    expect(await queue()).toEqual([]);

    const click = await get(m.link);
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://shop.example/tarjous');
    const [afterClick] = await engagement(m.messageRowId);
    expect(new Date(afterClick!.opened_at!).getTime()).toBe(new Date(afterOpen!.opened_at!).getTime());
    const both = await engagementEvents(m.contactId);
    expect(both.map((e) => [e.name, e.message_id])).toEqual([
      ['Email Opened', `email-opened:${m.messageRowId}`],
      ['Email Link Clicked', `email-clicked:${m.messageRowId}`],
    ]);
    expect(both[1]).toMatchObject({ type: 'system', source: 'kanta', contact_id: m.contactId, account_id: accountId });
    expect(both[1]!.properties).toMatchObject({ url: 'https://shop.example/tarjous', element_id: m.elementId, step: 'offer', subject: 'Tarjous', care_message_id: m.messageRowId });
    expect(new Date(both[1]!.occurred_at).getTime()).toBe(new Date(afterClick!.clicked_at!).getTime());
    expect(await queue()).toEqual([
      { subject_type: 'account', subject_id: accountId },
      { subject_type: 'contact', subject_id: m.contactId },
    ]);

    await db().query('DELETE FROM recompute_queue WHERE workspace_id = $1', [w()]);
    expect((await get(m.link)).statusCode).toBe(302);
    expect((await get(m.pixel)).statusCode).toBe(200);
    expect(await engagementEvents(m.contactId)).toHaveLength(2);
    expect(await queue()).toEqual([]);
    const [again] = await engagement(m.messageRowId);
    expect(again).toEqual(afterClick);
  });

  it('records the open event too when a click comes without a known open', async () => {
    const m = await sendTo('click-only@example.com');
    expect((await get(m.link)).statusCode).toBe(302);
    const [row] = await engagement(m.messageRowId);
    expect(row!.opened_at).not.toBeNull();
    const events = await engagementEvents(m.contactId);
    expect(events.map((e) => [e.name, e.message_id, new Date(e.occurred_at).getTime()])).toEqual([
      ['Email Opened', `email-opened:${m.messageRowId}`, new Date(row!.opened_at!).getTime()],
      ['Email Link Clicked', `email-clicked:${m.messageRowId}`, new Date(row!.clicked_at!).getTime()],
    ]);
    expect(await queue()).toEqual([
      { subject_type: 'account', subject_id: accountId },
      { subject_type: 'contact', subject_id: m.contactId },
    ]);
    // The image fetched after the click (images loaded late) adds nothing.
    expect((await get(m.pixel)).statusCode).toBe(200);
    expect(await engagementEvents(m.contactId)).toHaveLength(2);
  });

  it('records nothing for an invalid token', async () => {
    const m = await sendTo('invalid@example.com');
    const [payload, mac] = m.link.slice('/c/'.length).split('.') as [string, string];
    const tampered = `${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    expect(await recordEmailEngagement(db(), tampered, 'click')).toEqual({ kind: 'invalid_link' });
    // An open token is no click token, nor the other way round.
    expect(await recordEmailEngagement(db(), m.pixel.slice('/o/'.length), 'click')).toEqual({ kind: 'invalid_link' });
    expect(await recordEmailEngagement(db(), m.link.slice('/c/'.length), 'open')).toEqual({ kind: 'invalid_link' });
    expect((await get('/o/bm90LmEudG9rZW4.AAAA')).statusCode).toBe(404);
    expect((await get(`/c/${tampered}`)).statusCode).toBe(404);
    expect(await engagement(m.messageRowId)).toEqual([{ opened_at: null, clicked_at: null }]);
    expect(await engagementEvents(m.contactId)).toEqual([]);
    expect(await queue()).toEqual([]);
  });

  it("enrols a contact into an element triggered by another element's 'Email Link Clicked', never by a click on its own mail", async () => {
    const contactId = await newContact('buyer@example.com');
    const now = new Date();
    const welcome = await createCareElement(db(), w(), {
      key: 'engagement-offer',
      subject_type: 'contact',
      enabled: true,
      definition: definition({ trigger: { kind: 'event', event: 'Signed Up' }, steps: [offer('offer', 'Tarjous', 'https://shop.example/tarjous')] }),
    });
    // Buying intent: a click on any care mail's link; may run again after a day.
    const hotLead = await createCareElement(db(), w(), {
      key: 'engagement-hot-lead',
      subject_type: 'contact',
      enabled: true,
      definition: definition({
        trigger: { kind: 'event', event: 'Email Link Clicked' },
        reentry: { kind: 'after_days', days: 1 },
        steps: [offer('pitch', 'Soitetaanko?', 'https://shop.example/soita')],
      }),
    });
    const runsOf = () =>
      db().query<{ key: string; n: number }>(
        `SELECT e.key, count(*)::int AS n FROM care_runs r JOIN care_elements e ON e.workspace_id = r.workspace_id AND e.id = r.element_id
          WHERE r.workspace_id = $1 AND r.subject_id = $2 GROUP BY e.key ORDER BY e.key`,
        [w(), contactId],
      );
    const linkOf = async (elementId: number, href: string) => {
      const [m] = await db().query<{ html_body: string }>(`SELECT html_body FROM care_messages WHERE workspace_id = $1 AND element_id = $2 AND contact_id = $3`, [
        w(),
        elementId,
        contactId,
      ]);
      const escaped = href.replace(/[.]/g, '\\.').replace(/\//g, '\\/');
      return new RegExp(`<a href="http:\\/\\/127\\.0\\.0\\.1:3999\\/c\\/([^"]+)">${escaped}<\\/a>`).exec(m!.html_body)![1]!;
    };

    await scanCareTriggers(db(), w(), { now });
    await insertEvent(db(), w(), { name: 'Signed Up', contactId, accountId, at: now });
    expect(await scanCareTriggers(db(), w(), { now })).toMatchObject({ enrolled: 1 });
    expect((await runDueActions(db(), w(), runtime, now)).map((r) => r.status)).toEqual(['done']);
    expect(await runsOf()).toEqual([{ key: 'engagement-offer', n: 1 }]);

    // The offer's link clicked: the hot-lead element takes the contact in.
    expect(await recordEmailEngagement(db(), await linkOf(welcome.id, 'https://shop.example/tarjous'), 'click')).toMatchObject({ kind: 'recorded' });
    expect(await scanCareTriggers(db(), w(), { now })).toMatchObject({ events: 1, enrolled: 1 });
    expect(await runsOf()).toEqual([
      { key: 'engagement-hot-lead', n: 1 },
      { key: 'engagement-offer', n: 1 },
    ]);
    const [run] = await db().query<{ trigger: { event: string; properties: Record<string, unknown> } }>(
      'SELECT trigger FROM care_runs WHERE workspace_id = $1 AND element_id = $2 AND subject_id = $3',
      [w(), hotLead.id, contactId],
    );
    expect(run!.trigger).toMatchObject({ event: 'Email Link Clicked', properties: { element_id: welcome.id, url: 'https://shop.example/tarjous' } });

    // The hot-lead's own mail clicked two days on (re-entry would allow it): no second run.
    const soon = new Date(now.getTime() + 60_000);
    expect((await runDueActions(db(), w(), runtime, soon)).map((r) => r.status)).toEqual(['done']);
    expect(await recordEmailEngagement(db(), await linkOf(hotLead.id, 'https://shop.example/soita'), 'click')).toMatchObject({ kind: 'recorded' });
    const later = new Date(now.getTime() + 2 * DAY);
    expect(await scanCareTriggers(db(), w(), { now: later })).toMatchObject({ events: 1, enrolled: 0 });
    expect(await runsOf()).toEqual([
      { key: 'engagement-hot-lead', n: 1 },
      { key: 'engagement-offer', n: 1 },
    ]);
  });
});
