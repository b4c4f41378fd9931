import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import { scanCareTriggers } from '../engine/scan-care-triggers.js';
import { definition, insertEvent, outboxRuntime, runDueActions } from '../engine/testing/care-engine-fixture.js';
import type { CareStep } from '../model/care-element.js';
import { createCareElement } from '../model/create-care-element.js';
import { defaultCareModel } from '../model/default-care-model.js';
import { relaxCareGovernance } from '../governance/testing/relax-care-governance.js';

const DAY = 86_400_000;

const mail = (id: string, subject: string): CareStep => ({
  id,
  kind: 'email',
  purpose: 'service',
  template: { subject: { fi: subject, en: subject }, body: { fi: 'Hei {{ contact.first_name }}', en: 'Hi {{ contact.first_name }}' } },
});

/** The 'Email Sent' timeline event of care mail: on the account's and the contact's timelines, and what the care trigger scan makes of it. */
describeEachDatabase("care mail on the customer's timeline", ({ db, ws }) => {
  const { call } = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  const runtime = outboxRuntime('timeline-test');
  // The worker's clock is the real one here: the events carry the moment they were written.
  const now = new Date();
  let accountId: number;
  let contactId: number;

  beforeAll(async () => {
    await relaxCareGovernance(db(), w());
    const [a] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Lehto Oy') RETURNING id`, [w()]);
    accountId = a!.id;
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, account_id, email, first_name, locale) VALUES ($1, $2, 'liisa@lehto.example', 'Liisa', 'fi') RETURNING id`, [
      w(),
      accountId,
    ]);
    contactId = c!.id;
  });

  it("follows up other elements' mail when an element asks for 'Email Sent', never its own, and the default model asks for none", async () => {
    expect(defaultCareModel().filter((e) => e.definition.trigger.kind === 'event' && e.definition.trigger.event === 'Email Sent')).toEqual([]);
    // The whole default model switched on: none of it listens to 'Email Sent'.
    await db().query(`UPDATE care_elements SET enabled = true WHERE workspace_id = $1`, [w()]);
    const welcome = await createCareElement(db(), w(), {
      key: 'timeline-welcome',
      subject_type: 'contact',
      enabled: true,
      definition: definition({ trigger: { kind: 'event', event: 'Signed Up' }, steps: [mail('hello', 'Tervetuloa')] }),
    });
    // A deliberate follow-up of any mail two days on, which may run again after a day: without the
    // guard its own mail would enrol the contact again, every two days.
    const followUp = await createCareElement(db(), w(), {
      key: 'timeline-follow-up',
      subject_type: 'contact',
      enabled: true,
      definition: definition({
        trigger: { kind: 'event', event: 'Email Sent' },
        reentry: { kind: 'after_days', days: 1 },
        steps: [{ id: 'pause', kind: 'wait', delay: { days: 2 } }, mail('check', 'Miten menee?')],
      }),
    });
    const runsOf = async () =>
      db().query<{ key: string; n: number }>(
        `SELECT e.key, count(*)::int AS n FROM care_runs r JOIN care_elements e ON e.workspace_id = r.workspace_id AND e.id = r.element_id WHERE r.workspace_id = $1 GROUP BY e.key ORDER BY e.key`,
        [w()],
      );
    await scanCareTriggers(db(), w(), { now });
    await insertEvent(db(), w(), { name: 'Signed Up', contactId, accountId, at: now });
    expect(await scanCareTriggers(db(), w(), { now })).toMatchObject({ events: 1, enrolled: 1 });
    expect((await runDueActions(db(), w(), runtime, now)).map((r) => r.status)).toEqual(['done']);

    // The welcome mail is in the outbox and on the timeline; the follow-up picks it up.
    expect(await scanCareTriggers(db(), w(), { now })).toMatchObject({ events: 1, enrolled: 1 });
    expect(await runsOf()).toEqual([
      { key: 'timeline-follow-up', n: 1 },
      { key: 'timeline-welcome', n: 1 },
    ]);
    // The follow-up's wait falls due when the mail went out (the database's clock, a moment after `now`).
    const soon = new Date(now.getTime() + 60_000);
    const later = new Date(soon.getTime() + 2 * DAY);
    expect((await runDueActions(db(), w(), runtime, soon)).map((r) => r.status)).toEqual(['done']);
    expect((await runDueActions(db(), w(), runtime, later)).map((r) => r.status)).toEqual(['done']);
    const sent = await db().query<{ element_id: number; step: string }>(
      `SELECT (properties->>'element_id')::bigint AS element_id, properties->>'step' AS step FROM events WHERE workspace_id = $1 AND contact_id = $2 AND name = 'Email Sent' ORDER BY id`,
      [w(), contactId],
    );
    expect(sent).toEqual([
      { element_id: welcome.id, step: 'hello' },
      { element_id: followUp.id, step: 'check' },
    ]);
    // Two days on, re-entry would allow it, but the follow-up's own mail does not enrol anyone again.
    expect(await scanCareTriggers(db(), w(), { now: later })).toMatchObject({ events: 1, enrolled: 0 });
    expect(await runsOf()).toEqual([
      { key: 'timeline-follow-up', n: 1 },
      { key: 'timeline-welcome', n: 1 },
    ]);
  });

  it("shows the mail on the account's and the contact's timelines", async () => {
    const account = await call('GET', `/api/v1/accounts/${accountId}/timeline?name=${encodeURIComponent('Email Sent')}`);
    expect(account.statusCode, account.body).toBe(200);
    const events = (account.json() as { data: { name: string; source: string; contact_id: number; properties: Record<string, unknown> }[] }).data;
    expect(events.map((e) => [e.name, e.source, e.contact_id, e.properties.element_key, e.properties.subject, e.properties.transport])).toEqual([
      ['Email Sent', 'kanta', contactId, 'timeline-follow-up', 'Miten menee?', 'outbox'],
      ['Email Sent', 'kanta', contactId, 'timeline-welcome', 'Tervetuloa', 'outbox'],
    ]);
    const contact = await call('GET', `/api/v1/contacts/${contactId}/timeline`);
    expect(contact.statusCode, contact.body).toBe(200);
    expect((contact.json() as { data: { name: string }[] }).data.filter((e) => e.name === 'Email Sent')).toHaveLength(2);
  });
});
