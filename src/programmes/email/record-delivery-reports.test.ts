import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { bootstrapWorkspace } from '../../workspaces/bootstrap-workspace.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import { candidateFor } from '../engine/scan-care-triggers.js';
import { getProgrammeResults } from '../results/get-programme-results.js';
import type { CareElement, CareStep } from '../model/care-element.js';
import { executeEmailStep } from './execute-email-step.js';
import { recordDeliveryReports, type DeliveryReport } from './record-delivery-reports.js';
import { careStepContext } from './testing/care-step-fixture.js';
import { startSmtpTestServer, type SmtpTestServer } from './testing/smtp-test-server.js';
import { relaxCareGovernance } from '../governance/testing/relax-care-governance.js';

const hello: CareStep = {
  id: 'hello',
  kind: 'email',
  purpose: 'service',
  template: { subject: { fi: 'Hei {{ contact.first_name }}', en: 'Hi {{ contact.first_name }}' }, body: { fi: 'Tervetuloa!', en: 'Welcome!' } },
};
const noon = new Date('2026-06-10T09:00:00Z');

describeEachDatabase('recording delivery reports (asynchronous bounces)', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  let smtp: SmtpTestServer;
  let runtime: CareRuntime;
  let accountId: number;

  async function contact(email: string): Promise<number> {
    const [row] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, account_id, email, first_name, locale) VALUES ($1, $2, $3, 'Maija', 'fi') RETURNING id`, [w(), accountId, email]);
    return row!.id;
  }
  /** Sends the step to the contact over SMTP (accepted) and returns its care message. */
  async function send(contactId: number): Promise<{ id: number; message_id: string; action_id: number; element_id: number }> {
    const ctx = await careStepContext(db(), w(), { subject: { type: 'contact', id: contactId }, step: hello, runtime, now: noon });
    expect(await executeEmailStep(ctx)).toMatchObject({ kind: 'done' });
    const [m] = await db().query<{ id: number; message_id: string; action_id: number; element_id: number }>(
      `SELECT id, message_id, action_id, element_id FROM care_messages WHERE workspace_id = $1 AND action_id = $2`,
      [w(), ctx.action.id],
    );
    return m!;
  }
  const messageRow = (id: number) => db().query(`SELECT status, error FROM care_messages WHERE workspace_id = $1 AND id = $2`, [w(), id]);
  const suppressions = () => db().query(`SELECT address, reason, detail, created_at FROM email_suppressions WHERE workspace_id = $1 ORDER BY address`, [w()]);
  const bouncedEvents = (contactId: number) =>
    db().query<{ message_id: string; type: string; source: string; account_id: number; properties: Record<string, unknown> }>(
      `SELECT message_id, type, source, account_id, properties FROM events WHERE workspace_id = $1 AND contact_id = $2 AND name = 'Email Bounced' ORDER BY id`,
      [w(), contactId],
    );

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    runtime = { mailer: smtp.transport(), publicUrl: 'http://127.0.0.1:3999/', workerId: 'bounce-test', webhookTimeoutMs: 2000 };
    const [a] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Asiakas Oy') RETURNING id`, [w()]);
    accountId = a!.id;
    await relaxCareGovernance(db(), w());
  });
  afterAll(async () => smtp.close());

  it("records a hard bounce: the address suppressed, the message 'bounced', an 'Email Bounced' event; the same report again changes nothing", async () => {
    const c = await contact('Maija@Asiakas.example');
    const m = await send(c);
    expect(m.message_id).toMatch(/^<kanta-a\d+-c\d+@kanta\.localhost>$/);
    const report: DeliveryReport = { message_id: m.message_id, recipient: 'maija@asiakas.example', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 User unknown' };
    await db().query(`DELETE FROM recompute_queue WHERE workspace_id = $1`, [w()]);

    const first = await recordDeliveryReports(db(), w(), [report]);
    expect(first).toEqual({
      recorded: [{ index: 0, message_id: m.message_id, recipient: 'maija@asiakas.example', kind: 'hard', care_message_id: m.id, contact_id: c, suppressed: true, changed: true }],
      unmatched: [],
      ignored: [],
      counts: { recorded: 1, hard: 1, soft: 0, suppressed: 1, unmatched: 0, ignored: 0 },
    });
    expect(await messageRow(m.id)).toEqual([{ status: 'bounced', error: '5.1.1 550 5.1.1 User unknown' }]);
    const suppressed = await suppressions();
    expect(suppressed).toMatchObject([{ address: 'maija@asiakas.example', reason: 'hard_bounce', detail: '5.1.1 550 5.1.1 User unknown' }]);
    const events = await bouncedEvents(c);
    expect(events).toEqual([
      {
        message_id: `email-bounced:${m.id}`,
        type: 'system',
        source: 'kanta',
        account_id: accountId,
        properties: expect.objectContaining({ kind: 'hard', via: 'report', detail: '5.1.1 550 5.1.1 User unknown', element_id: m.element_id, action_id: m.action_id, care_message_id: m.id, message_id: m.message_id, step: 'hello', purpose: 'service' }),
      },
    ]);
    expect(await db().query(`SELECT subject_type, subject_id FROM recompute_queue WHERE workspace_id = $1 ORDER BY subject_type`, [w()])).toEqual([
      { subject_type: 'account', subject_id: accountId },
      { subject_type: 'contact', subject_id: c },
    ]);

    // Posted again (and a soft report after it): nothing changes, no second event.
    const again = await recordDeliveryReports(db(), w(), [report, { ...report, action: 'delayed', status: '4.4.1' }]);
    expect(again.recorded.map((r) => [r.kind, r.suppressed, r.changed])).toEqual([['hard', false, false], ['soft', false, false]]);
    expect(await messageRow(m.id)).toEqual([{ status: 'bounced', error: '5.1.1 550 5.1.1 User unknown' }]);
    expect(await suppressions()).toEqual(suppressed);
    expect(await bouncedEvents(c)).toEqual(events);
    // The programme's results: SMTP accepted it (sent), and it bounced; nobody reached.
    expect((await getProgrammeResults(db(), w(), m.element_id)).messages).toMatchObject({ total: 1, sent: 1, bounced: 1, contacts_reached: 0 });
  });

  it('blocks the next send to a hard-bounced address without touching SMTP', async () => {
    const c = await contact('poissa@asiakas.example');
    const m = await send(c);
    const sentBefore = smtp.received.length;
    await recordDeliveryReports(db(), w(), [{ message_id: m.message_id, recipient: 'poissa@asiakas.example', action: 'failed', status: '5.1.1' }]);
    const next = await careStepContext(db(), w(), { subject: { type: 'contact', id: c }, step: hello, runtime, now: noon });
    expect(await executeEmailStep(next)).toMatchObject({ kind: 'skipped', reason: 'suppressed: hard_bounce' });
    expect(smtp.received.length).toBe(sentBefore);
  });

  it('notes a soft bounce (delayed, or failed 4.x.x) on the message only', async () => {
    const c = await contact('hidas@asiakas.example');
    const m = await send(c);
    const delayed = { message_id: m.message_id, recipient: 'hidas@asiakas.example', action: 'Delayed', status: '4.4.1', diagnostic: 'connection timed out' };
    const r = await recordDeliveryReports(db(), w(), [delayed]);
    expect(r.recorded).toMatchObject([{ kind: 'soft', suppressed: false, changed: true, care_message_id: m.id }]);
    expect(await messageRow(m.id)).toEqual([{ status: 'sent', error: '4.4.1 connection timed out' }]);
    expect((await recordDeliveryReports(db(), w(), [delayed])).recorded).toMatchObject([{ kind: 'soft', changed: false }]);
    const failed4 = await recordDeliveryReports(db(), w(), [{ ...delayed, action: 'failed', status: '4.2.2', diagnostic: 'mailbox full' }]);
    expect(failed4.recorded).toMatchObject([{ kind: 'soft', changed: true }]);
    expect(await messageRow(m.id)).toEqual([{ status: 'sent', error: '4.2.2 mailbox full' }]);
    expect(await suppressions()).not.toContainEqual(expect.objectContaining({ address: 'hidas@asiakas.example' }));
    expect(await bouncedEvents(c)).toEqual([]);
  });

  it('reports back what matches no message of the workspace, and ignores reports that are no bounce', async () => {
    const c = await contact('toinen@asiakas.example');
    const m = await send(c);
    const other = await bootstrapWorkspace(db(), { slug: `bounce-other-${Date.now()}`, name: 'Other' });
    const reports: DeliveryReport[] = [
      { message_id: '<kanta-a999999-c999999@kanta.localhost>', recipient: 'a@b.example', action: 'failed', status: '5.1.1' },
      { message_id: 'some-esp-id@mailer.example', recipient: 'a@b.example', action: 'failed', status: '5.1.1' },
      { message_id: m.message_id, recipient: 'joku.muu@asiakas.example', action: 'failed', status: '5.1.1' },
      { message_id: m.message_id, recipient: 'toinen@asiakas.example', action: 'delivered', status: '2.0.0' },
    ];
    const r = await recordDeliveryReports(db(), w(), reports);
    expect(r.recorded).toEqual([]);
    expect(r.unmatched).toEqual([
      { index: 0, message_id: '<kanta-a999999-c999999@kanta.localhost>', recipient: 'a@b.example', reason: 'unknown_message' },
      { index: 1, message_id: '<some-esp-id@mailer.example>', recipient: 'a@b.example', reason: 'unknown_message' },
      { index: 2, message_id: m.message_id, recipient: 'joku.muu@asiakas.example', reason: 'recipient_mismatch' },
    ]);
    expect(r.ignored).toEqual([{ index: 3, message_id: m.message_id, recipient: 'toinen@asiakas.example', action: 'delivered' }]);
    // Another workspace's report of this message matches nothing there.
    const foreign = await recordDeliveryReports(db(), other.workspace.id, [{ message_id: m.message_id, recipient: 'toinen@asiakas.example', action: 'failed', status: '5.1.1' }]);
    expect(foreign.unmatched).toMatchObject([{ reason: 'unknown_message' }]);
    expect(await messageRow(m.id)).toEqual([{ status: 'sent', error: null }]);
    expect(await db().query(`SELECT 1 FROM email_suppressions WHERE address = 'toinen@asiakas.example'`)).toEqual([]);
  });

  it('refuses malformed reports before writing anything, naming each report and field', async () => {
    const c = await contact('oikea@asiakas.example');
    const m = await send(c);
    const good = { message_id: m.message_id, recipient: 'oikea@asiakas.example', action: 'failed', status: '5.1.1' };
    let error: unknown;
    try {
      await recordDeliveryReports(db(), w(), [
        good,
        { ...good, status: '5.1' },
        { ...good, recipient: 'not an address', action: 'bounced' },
        { ...good, action: 'failed', status: '2.0.0' },
        { ...good, message_id: '' },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    expect((error as AppError).issues).toEqual([
      { path: '/reports/1/status', message: 'must be an RFC 3463 status code like 5.1.1, got "5.1"' },
      { path: '/reports/2/recipient', message: 'is not an email address: "not an address"' },
      { path: '/reports/2/action', message: 'must be failed, delayed, delivered, relayed or expanded, got "bounced"' },
      { path: '/reports/3/status', message: 'a failed report needs a 4.x.x or 5.x.x status, got 2.0.0' },
      { path: '/reports/4/message_id', message: 'is required' },
    ]);
    expect(await messageRow(m.id)).toEqual([{ status: 'sent', error: null }]);
  });
});

describe("the care trigger scan and 'Email Bounced'", () => {
  const element = (id: number): CareElement => ({
    id,
    key: `bounce-follow-up-${id}`,
    subjectType: 'contact',
    version: 1,
    enabled: true,
    definition: { name: { fi: 'Korjaa osoite', en: 'Fix the address' }, phase: 'keep', placement: { stages: [], segments: [] }, trigger: { kind: 'event', event: 'Email Bounced' }, steps: [], holdout_percent: 0 },
    createdAt: '2026-06-01T00:00:00.000Z',
    updatedAt: '2026-06-01T00:00:00.000Z',
  });
  const bounce = (elementId: number) => ({ id: 7, name: 'Email Bounced', account_id: 1, contact_id: 2, properties: { element_id: elementId, kind: 'hard' }, occurred_at: new Date(), source: 'kanta' });

  it("enrols an element on another element's bounce, never on its own mail's", () => {
    expect(candidateFor(element(1), bounce(5))).toMatchObject({ subjectId: 2, dedupeKey: 'event:7' });
    expect(candidateFor(element(5), bounce(5))).toBeNull();
  });
});
