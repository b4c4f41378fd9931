import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { startSmtpTestServer, type SmtpTestServer } from '../email/testing/smtp-test-server.js';
import type { CareStep } from '../model/care-element.js';
import { createCareElement } from '../model/create-care-element.js';
import { finishActions } from './apply-action-outcome.js';
import type { CareRuntime } from './care-runtime.js';
import { claimDueActions } from './claim-due-actions.js';
import { executeAction } from './execute-action.js';
import { executeActionBatch } from './execute-action-batch.js';
import { definition } from './testing/care-engine-fixture.js';

const mail = (id: string, purpose: 'service' | 'marketing', body: string): Extract<CareStep, { kind: 'email' }> => ({
  id,
  kind: 'email',
  purpose,
  template: { subject: { fi: 'Hei', en: 'Hello' }, body: { fi: body, en: body } },
});

describeEachDatabase('a claimed batch of care actions', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  const now = new Date('2026-03-02T10:00:00Z');
  let smtp: SmtpTestServer;
  let runtime: CareRuntime;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    runtime = { mailer: smtp.transport(), publicUrl: 'http://127.0.0.1:4400', workerId: 'batch-test', webhookTimeoutMs: 2_000 };
    await db().query(`INSERT INTO care_settings (workspace_id, quiet_start, quiet_end) VALUES ($1, '00:00', '00:00') ON CONFLICT (workspace_id) DO UPDATE SET quiet_start = '00:00', quiet_end = '00:00'`, [w()]);
  });
  afterAll(async () => smtp?.close());

  it('runs email steps together and every other action one by one, each with the outcome the one-by-one path gives', async () => {
    const contact = async (email: string | null, name: string, accountId: number | null = null) =>
      (await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, account_id, email, first_name, locale, buying_role) VALUES ($1, $2, $3, $4, 'fi', 'user') RETURNING id`, [w(), accountId, email, name]))[0]!.id;
    const [acc] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Kivi Oy') RETURNING id`, [w()]);
    const granted = await contact('aino@kivi.example', 'Aino', acc!.id);
    const noConsent = await contact('eero@kivi.example', 'Eero', acc!.id);
    const noEmail = await contact(null, 'Ilona');
    await db().query(`INSERT INTO contact_consents (workspace_id, contact_id, purpose, channel, status, source) VALUES ($1, $2, 'marketing', 'email', 'granted', 'api')`, [w(), granted]);

    const news = await createCareElement(db(), w(), {
      key: 'batch-news',
      subject_type: 'contact',
      enabled: true,
      definition: definition({ trigger: { kind: 'event', event: 'X' }, steps: [mail('news', 'marketing', 'Uutisia, {{ contact.first_name }}'), { id: 'later', kind: 'wait', delay: { days: 1 } }] }),
    });
    const broken = await createCareElement(db(), w(), {
      key: 'batch-broken',
      subject_type: 'contact',
      enabled: true,
      definition: definition({ trigger: { kind: 'event', event: 'X' }, steps: [mail('broken', 'service', 'Hei {{ contact.traits.nickname }}')] }),
    });
    const team = await createCareElement(db(), w(), {
      key: 'batch-team',
      subject_type: 'account',
      enabled: true,
      definition: definition({ trigger: { kind: 'event', event: 'X' }, steps: [{ ...mail('team', 'service', 'Hei {{ contact.first_name }} / {{ account.name }}'), to: { roles: ['user'] } }] }),
    });
    const pause = await createCareElement(db(), w(), {
      key: 'batch-wait',
      subject_type: 'contact',
      enabled: true,
      definition: definition({ trigger: { kind: 'event', event: 'X' }, steps: [{ id: 'pause', kind: 'wait', delay: { hours: 2 } }, mail('after', 'service', 'Hei')] }),
    });
    const off = await createCareElement(db(), w(), {
      key: 'batch-off',
      subject_type: 'contact',
      enabled: false,
      definition: definition({ trigger: { kind: 'event', event: 'X' }, steps: [mail('off', 'service', 'Hei')] }),
    });
    const plan: [number, 'contact' | 'account', number, string][] = [
      [news.id, 'contact', granted, 'news'],
      [news.id, 'contact', noConsent, 'news'],
      [news.id, 'contact', noEmail, 'news'],
      [broken.id, 'contact', granted, 'broken'],
      [team.id, 'account', acc!.id, 'team'],
      [pause.id, 'contact', granted, 'pause'],
      [off.id, 'contact', granted, 'off'],
    ];
    const actionOf = new Map<string, number>();
    for (const [elementId, type, subject, step] of plan) {
      const [run] = await db().query<{ id: number }>(
        `INSERT INTO care_runs (workspace_id, element_id, element_version, subject_type, subject_id, dedupe_key, trigger, cohort, status) VALUES ($1, $2, 1, $3, $4, 'b', '{}', 'treated', 'active') RETURNING id`,
        [w(), elementId, type, subject],
      );
      const [a] = await db().query<{ id: number }>(
        `INSERT INTO care_actions (workspace_id, run_id, element_id, subject_type, subject_id, step_id, kind, due_at) VALUES ($1, $2, $3, $4, $5, $6, 'email', $7) RETURNING id`,
        [w(), run!.id, elementId, type, subject, step, new Date(now.getTime() - 1000).toISOString()],
      );
      actionOf.set(`${step}:${subject}`, a!.id);
    }

    const claimed = await claimDueActions(db(), w(), { workerId: runtime.workerId, limit: 50, leaseMs: 60_000, now });
    expect(claimed).toHaveLength(plan.length);
    expect(await executeActionBatch(db(), runtime, w(), claimed, { clock: () => now })).toBe(plan.length);

    const rows = await db().query<{ id: number; status: string; skip_reason: string | null; last_error: string | null; result: { messages?: { contact_id: number }[] } | null }>(
      `SELECT id, status, skip_reason, last_error, result FROM care_actions WHERE workspace_id = $1 AND id = ANY($2::bigint[])`,
      [w(), [...actionOf.values()]],
    );
    const of = (key: string) => rows.find((r) => r.id === actionOf.get(key))!;
    expect(of(`news:${granted}`)).toMatchObject({ status: 'done', result: { messages: [{ contact_id: granted, status: 'sent' }] } });
    expect(of(`news:${noConsent}`)).toMatchObject({ status: 'skipped', skip_reason: 'no_consent: marketing email needs granted consent' });
    expect(of(`news:${noEmail}`)).toMatchObject({ status: 'skipped', skip_reason: 'no_recipient: the contact has no email address' });
    expect(of(`broken:${granted}`)).toMatchObject({ status: 'dead', last_error: expect.stringMatching(/does not render for contact/) });
    expect(of(`team:${acc!.id}`)).toMatchObject({ status: 'done' });
    expect(of(`team:${acc!.id}`).result!.messages!.map((m) => m.contact_id).sort()).toEqual([granted, noConsent].sort());
    expect(of(`pause:${granted}`)).toMatchObject({ status: 'done' });
    expect(of(`off:${granted}`)).toMatchObject({ status: 'cancelled', skip_reason: 'element_disabled' });

    // What follows: the skipped and the sent news go on to their wait; the wait step's next email falls due 2 hours on.
    const next = await db().query<{ step_id: string; subject_id: number; due_at: Date }>(
      `SELECT step_id, subject_id, due_at FROM care_actions WHERE workspace_id = $1 AND status = 'scheduled' ORDER BY step_id, subject_id`,
      [w()],
    );
    expect(next.map((n) => `${n.step_id}:${n.subject_id}`)).toEqual([`after:${granted}`, `later:${granted}`, `later:${noConsent}`, `later:${noEmail}`]);
    expect(new Date(next[0]!.due_at).getTime()).toBe(now.getTime() - 1000 + 2 * 3_600_000);
    const runs = await db().query<{ status: string; n: number }>(`SELECT status, count(*) AS n FROM care_runs WHERE workspace_id = $1 GROUP BY status ORDER BY status`, [w()]);
    // Active: the three news runs and the pause go on; the broken one stays on the dead-letter list (retryable).
    expect(runs).toEqual([
      { status: 'active', n: 5 },
      { status: 'cancelled', n: 1 },
      { status: 'completed', n: 1 },
    ]);

    // Three messages went out, each once, and every stored message is marked sent.
    expect(smtp.received).toHaveLength(3);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(3);
    const stored = await db().query<{ status: string; n: number }>(`SELECT status, count(*) AS n FROM care_messages WHERE workspace_id = $1 GROUP BY status`, [w()]);
    expect(stored).toEqual([{ status: 'sent', n: 3 }]);

    // Each has one 'Email Sent' event on its contact's timeline (written with the outcomes); the skipped news have none.
    const sentEvents = () =>
      db().query<{ contact_id: number; account_id: number | null; message_id: string; element_key: string; step: string; purpose: string }>(
        `SELECT contact_id, account_id, message_id, properties->>'element_key' AS element_key, properties->>'step' AS step, properties->>'purpose' AS purpose
           FROM events WHERE workspace_id = $1 AND name = 'Email Sent' ORDER BY contact_id, step`,
        [w()],
      );
    const ids = await db().query<{ id: number; contact_id: number; action_id: number }>(`SELECT id, contact_id, action_id FROM care_messages WHERE workspace_id = $1 ORDER BY id`, [w()]);
    const events = await sentEvents();
    expect(events.map((e) => [e.contact_id, e.account_id, e.element_key, e.step, e.purpose])).toEqual(
      [
        [granted, acc!.id, 'batch-news', 'news', 'marketing'],
        [granted, acc!.id, 'batch-team', 'team', 'service'],
        [noConsent, acc!.id, 'batch-team', 'team', 'service'],
      ].sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[3]).localeCompare(String(b[3]))),
    );
    expect(events.map((e) => e.message_id).sort()).toEqual(ids.map((m) => `email-sent:${m.id}`).sort());
    // A second executor that also delivered a message and marks it sent again writes no second event.
    await db().query(`UPDATE care_messages SET status = 'sending' WHERE workspace_id = $1`, [w()]);
    await finishActions(db(), runtime.workerId, w(), [], now, ids.map((m) => m.id));
    expect(await db().query(`SELECT count(*)::int AS n FROM care_messages WHERE workspace_id = $1 AND status = 'sent'`, [w()])).toEqual([{ n: 3 }]);
    expect(await sentEvents()).toEqual(events);
  });

  it('defers an email in quiet hours to their end, uncounted, in a batch and one by one, and sends it then', async () => {
    await db().query(`UPDATE care_settings SET quiet_start = '21:00', quiet_end = '08:00' WHERE workspace_id = $1`, [w()]);
    try {
      const evening = new Date('2026-03-01T20:00:00Z'); // 22:00 in Helsinki, before anything the other test left due
      const morning = new Date('2026-03-02T06:00:00Z'); // 08:00 in Helsinki
      const el = await createCareElement(db(), w(), {
        key: 'batch-quiet',
        subject_type: 'contact',
        enabled: true,
        definition: definition({ trigger: { kind: 'event', event: 'X' }, steps: [mail('quiet', 'service', 'Hyvää huomenta')] }),
      });
      const ids: number[] = [];
      for (const name of ['Oona', 'Olli']) {
        const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name, locale, timezone) VALUES ($1, $2, $3, 'fi', 'Europe/Helsinki') RETURNING id`, [
          w(),
          `${name.toLowerCase()}@ilta.example`,
          name,
        ]);
        const [run] = await db().query<{ id: number }>(
          `INSERT INTO care_runs (workspace_id, element_id, element_version, subject_type, subject_id, dedupe_key, trigger, cohort, status) VALUES ($1, $2, 1, 'contact', $3, 'q', '{}', 'treated', 'active') RETURNING id`,
          [w(), el.id, c!.id],
        );
        const [a] = await db().query<{ id: number }>(
          `INSERT INTO care_actions (workspace_id, run_id, element_id, subject_type, subject_id, step_id, kind, due_at) VALUES ($1, $2, $3, 'contact', $4, 'quiet', 'email', $5) RETURNING id`,
          [w(), run!.id, el.id, c!.id, evening.toISOString()],
        );
        ids.push(a!.id);
      }
      const before = smtp.received.length;
      const claimed = await claimDueActions(db(), w(), { workerId: runtime.workerId, limit: 10, leaseMs: 60_000, now: evening });
      expect(claimed.map((a) => a.id).sort()).toEqual([...ids].sort());
      const [first, second] = claimed;
      await executeActionBatch(db(), runtime, w(), [first!], { clock: () => evening });
      expect((await executeAction(db(), runtime, second!, { clock: () => evening })).status).toBe('scheduled');
      const rows = await db().query<{ status: string; attempts: number; due_at: Date; result: { deferred: string; until: string } }>(
        `SELECT status, attempts, due_at, result FROM care_actions WHERE workspace_id = $1 AND id = ANY($2::bigint[])`,
        [w(), ids],
      );
      for (const r of rows) {
        expect(r).toMatchObject({ status: 'scheduled', attempts: 0, result: { deferred: 'quiet_hours: 21:00-08:00 Europe/Helsinki' } });
        expect(new Date(r.due_at).toISOString()).toBe(morning.toISOString());
        expect(new Date(r.result.until).toISOString()).toBe(morning.toISOString());
      }
      expect(smtp.received.length).toBe(before);
      const quietEvents = () => db().query(`SELECT 1 FROM events WHERE workspace_id = $1 AND name = 'Email Sent' AND (properties->>'action_id')::bigint = ANY($2::bigint[])`, [w(), ids]);
      expect(await quietEvents()).toHaveLength(0);

      const due = await claimDueActions(db(), w(), { workerId: runtime.workerId, limit: 10, leaseMs: 60_000, now: morning });
      expect(due).toHaveLength(2);
      await executeActionBatch(db(), runtime, w(), due, { clock: () => morning });
      const after = await db().query<{ status: string }>(`SELECT status FROM care_actions WHERE workspace_id = $1 AND id = ANY($2::bigint[])`, [w(), ids]);
      expect(after.map((r) => r.status)).toEqual(['done', 'done']);
      expect(smtp.received.length).toBe(before + 2);
      expect(await quietEvents()).toHaveLength(2);
    } finally {
      await db().query(`UPDATE care_settings SET quiet_start = '00:00', quiet_end = '00:00' WHERE workspace_id = $1`, [w()]);
    }
  });
});
