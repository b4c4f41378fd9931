import { beforeAll, expect, it } from 'vitest';
import { enableDemoCareModel } from '../../demo/enable-demo-care-model.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import { DEMO_ENABLED_ELEMENTS } from '../model/default-care-model.js';
import { getCareCoverage } from '../model/get-care-coverage.js';
import { differenceOfProportions } from './difference-of-proportions.js';
import { getProgrammeResults } from './get-programme-results.js';

const DAY = 86_400_000;

describeEachDatabase('programme results and coverage', ({ db, ws }) => {
  const { call } = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  const accounts: number[] = [];
  let contact = 0;

  beforeAll(async () => {
    for (let i = 0; i < 10; i++) accounts.push((await call('POST', '/api/v1/accounts', { name: `Asiakas ${i} Oy` })).json().id);
    contact = (await call('POST', '/api/v1/contacts', { email: 'liisa@example.fi', account_id: accounts[0] })).json().id;
    // stages: accounts 0-5 new, 6-8 customer, 9 former
    const stages = accounts.map((_, i) => (i < 6 ? 'new' : i < 9 ? 'customer' : 'former'));
    await db().query(
      `INSERT INTO subject_stages (workspace_id, subject_type, subject_id, stage, entered_at, definition_version)
       SELECT $1, 'account', a, s, now(), 1 FROM unnest($2::bigint[], $3::text[]) AS x(a, s)`,
      [w(), accounts, stages],
    );
  });

  it('counts runs by cohort, actions by status, messages and tasks, and the outcome treated vs control with its 95 % interval', async () => {
    const [element] = await db().query<{ id: number }>("SELECT id FROM care_elements WHERE workspace_id = $1 AND key = 'welcome-package'", [w()]);
    const old = new Date(Date.now() - 200 * DAY);
    // 8 treated runs (6 measured: 4 reach 'customer' within 120 days; 2 still in their window), 4 control runs (measured: 1 reaches it)
    const cohorts = ['treated', 'treated', 'treated', 'treated', 'treated', 'treated', 'treated', 'treated', 'control', 'control', 'control', 'control'];
    const runs: number[] = [];
    // treated runs on accounts 0-7; control subjects get ids of their own (runs do not reference accounts)
    const subject = (i: number) => (i < 8 ? accounts[i]! : 1_000_000 + i);
    for (const [i, cohort] of cohorts.entries()) {
      const started = i === 6 || i === 7 ? new Date(Date.now() - 10 * DAY) : old;
      const [run] = await db().query<{ id: number }>(
        `INSERT INTO care_runs (workspace_id, element_id, element_version, subject_type, subject_id, dedupe_key, trigger, cohort, status, started_at)
         VALUES ($1, $2, 1, 'account', $3, $4, '{}', $5, $6, $7) RETURNING id`,
        [w(), element!.id, subject(i), `event:${i}`, cohort, cohort === 'control' ? 'control' : 'completed', started],
      );
      runs.push(run!.id);
      const reached = [0, 1, 2, 3, 8].includes(i);
      if (reached) {
        await db().query(
          `INSERT INTO stage_history (workspace_id, subject_type, subject_id, from_stage, to_stage, moved_at, definition_version) VALUES ($1, 'account', $2, 'new', 'customer', $3, 1)`,
          [w(), subject(i), new Date(started.getTime() + 30 * DAY)],
        );
      }
    }
    // a move after the window does not count
    await db().query(
      `INSERT INTO stage_history (workspace_id, subject_type, subject_id, from_stage, to_stage, moved_at, definition_version) VALUES ($1, 'account', $2, 'new', 'customer', $3, 1)`,
      [w(), accounts[4], new Date(old.getTime() + 150 * DAY)],
    );
    const statuses = ['done', 'done', 'done', 'skipped', 'skipped', 'dead', 'scheduled', 'scheduled'];
    const actions: number[] = [];
    for (const [i, status] of statuses.entries()) {
      const [a] = await db().query<{ id: number }>(
        `INSERT INTO care_actions (workspace_id, run_id, element_id, subject_type, subject_id, step_id, kind, due_at, status, skip_reason)
         VALUES ($1, $2, $3, 'account', $4, 'welcome', 'email', now(), $5, $6) RETURNING id`,
        [w(), runs[i], element!.id, accounts[i], status, status === 'skipped' ? 'no_consent' : null],
      );
      actions.push(a!.id);
    }
    for (const [i, [status, opened, clicked]] of ([['sent', true, true], ['sent', true, false], ['outboxed', false, false]] as const).entries()) {
      await db().query(
        `INSERT INTO care_messages (workspace_id, action_id, contact_id, purpose, to_address, locale, subject, text_body, html_body, message_id, transport, status, opened_at, clicked_at)
         VALUES ($1, $2, $3, 'service', 'liisa@example.fi', 'fi', 's', 't', 'h', $4, 'smtp', $5, $6, $7)`,
        [w(), actions[i], contact, `<m${i}@test>`, status, opened ? new Date() : null, clicked ? new Date() : null],
      );
    }
    await db().query(
      `INSERT INTO care_tasks (workspace_id, action_id, element_id, account_id, title, due_at, status) VALUES ($1, $2, $3, $4, 'Soita', now(), 'done'), ($1, $5, $3, $4, 'Soita', now(), 'open')`,
      [w(), actions[0], element!.id, accounts[0], actions[1]],
    );

    const res = await call('GET', '/api/v1/programmes/elements/welcome-package/results');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ enrolled: 12, treated: 8, control: 4 });
    expect(r.actions).toEqual({ scheduled: 2, running: 0, done: 3, skipped: 2, dead: 1, cancelled: 0 });
    expect(r.skip_reasons).toEqual([{ reason: 'no_consent', count: 2 }]);
    expect(r.messages).toEqual({ total: 3, sent: 2, outboxed: 1, bounced: 0, opened: 2, clicked: 1, contacts_reached: 1 });
    expect(r.tasks).toEqual({ total: 2, open: 1, done: 1, cancelled: 0 });
    expect(r.outcome).toMatchObject({ treated: { measured: 6, successes: 4 }, control: { measured: 4, successes: 1 }, pending: 2 });
    const expected = differenceOfProportions(4, 6, 1, 4)!;
    expect(r.outcome.difference).toBeCloseTo(4 / 6 - 1 / 4, 10);
    expect(r.outcome.ci95.low).toBeCloseTo(expected.low, 10);
    expect(r.outcome.ci95.high).toBeCloseTo(expected.high, 10);
    expect(r.outcome.ci95.low).toBeLessThan(0); // small groups: the interval still crosses zero

    // measured as of 100 days later, the two recent runs' windows are still open (10 + 100 < 120)
    const later = await getProgrammeResults(db(), w(), 'welcome-package', new Date(Date.now() + 100 * DAY));
    expect(later.outcome).toMatchObject({ pending: 2 });
    const afterAll = await getProgrammeResults(db(), w(), 'welcome-package', new Date(Date.now() + 120 * DAY));
    expect(afterAll.outcome).toMatchObject({ treated: { measured: 8, successes: 4 }, pending: 0 });
    expect((await call('DELETE', '/api/v1/programmes/elements/welcome-package')).statusCode).toBe(409);
  });

  it('shows empty cells and the customers no enabled element reaches, per segment too', async () => {
    const before = await getCareCoverage(db(), w(), 'account');
    expect(before.totals).toEqual({ subjects: 10, uncovered: 10 });
    expect(before.empty_cells).toHaveLength(9);
    const seg = (await call('POST', '/api/v1/segments', { key: 'vip', name: 'VIP', subject_type: 'account', kind: 'static' })).json();
    expect((await call('POST', `/api/v1/segments/${seg.id}/members`, { ids: [accounts[6], accounts[0]] })).statusCode).toBe(200);
    expect((await call('PATCH', '/api/v1/programmes/elements/welcome-package', { enabled: true })).statusCode).toBe(200);
    const vipOnly = {
      ...(await call('GET', '/api/v1/programmes/elements/offering-introduction')).json().definition,
      placement: { stages: ['customer'], segments: ['vip'] },
    };
    expect((await call('PATCH', '/api/v1/programmes/elements/offering-introduction', { definition: vipOnly, enabled: true })).statusCode).toBe(200);
    const res = await call('GET', '/api/v1/programmes/coverage?subject_type=account');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    const cell = (stage: string, segment: string | null) => c.cells.find((x: { stage: string; segment: string | null }) => x.stage === stage && x.segment === segment);
    expect(cell('new', null)).toEqual({ stage: 'new', segment: null, elements: ['welcome-package'], subjects: 6, uncovered: 0 });
    expect(cell('customer', null)).toEqual({ stage: 'customer', segment: null, elements: [], subjects: 3, uncovered: 2 });
    expect(cell('customer', 'vip')).toEqual({ stage: 'customer', segment: 'vip', elements: ['offering-introduction'], subjects: 1, uncovered: 0 });
    expect(cell('former', null)).toMatchObject({ subjects: 1, uncovered: 1 });
    expect(c.totals).toEqual({ subjects: 10, uncovered: 3 });
    expect(c.empty_cells).toContainEqual({ stage: 'former', segment: null });
    expect(c.empty_cells).not.toContainEqual({ stage: 'new', segment: null });
  });

  it('the demo company switches a few elements on (a new version each), names the sender and grants some marketing consent', async () => {
    await db().query("UPDATE care_elements SET enabled = false WHERE workspace_id = $1", [w()]);
    const result = await db().transaction((tx) => enableDemoCareModel(tx, w()));
    expect(result.enabled).toEqual([...DEMO_ENABLED_ELEMENTS].sort());
    expect(result.consents).toBe(contact % 10 < 7 ? 1 : 0);
    const enabled = (await call('GET', '/api/v1/programmes/elements?enabled=true')).json().data.map((e: { key: string }) => e.key);
    expect(enabled).toEqual([...DEMO_ENABLED_ELEMENTS].sort());
    expect((await call('GET', '/api/v1/programmes/settings')).json()).toMatchObject({ sender_name: 'Lumo Analytics', sender_address: 'asiakkuus@lumo.fi' });
  });
});
