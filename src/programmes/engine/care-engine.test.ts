import { describe, expect, it } from 'vitest';
import { recomputeWorkspace } from '../../recompute/recompute-workspace.js';
import { createSegment } from '../../segments/create-segment.js';
import { deleteSegment } from '../../segments/delete-segment.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { createCareElement } from '../model/create-care-element.js';
import { updateCareElement } from '../model/update-care-element.js';
import type { CareElementDefinition } from '../model/care-element.js';
import { claimDueActions } from './claim-due-actions.js';
import { enrolSubjects, isInControlGroup } from './enrol-subjects.js';
import { executeAction } from './execute-action.js';
import { loadCareElement } from './load-care-elements.js';
import { retryDeadAction } from './retry-dead-action.js';
import { runDateTriggers } from './run-date-triggers.js';
import { scanCareTriggers } from './scan-care-triggers.js';
import { definition, insertEvent, outboxRuntime, runDueActions } from './testing/care-engine-fixture.js';

const DAY = 86_400_000;

describeEachDatabase('care engine', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  // Noon in Helsinki: outside the default quiet hours.
  const t0 = new Date('2026-03-02T10:00:00Z');
  const runtime = outboxRuntime();

  const account = async (name: string, traits: Record<string, unknown> = {}) =>
    (await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, traits) VALUES ($1, $2, $3::jsonb) RETURNING id`, [w(), name, JSON.stringify(traits)]))[0]!.id;
  const contact = async (email: string | null, accountId: number | null = null, traits: Record<string, unknown> = {}) =>
    (
      await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, account_id, email, first_name, traits) VALUES ($1, $2, $3, 'Testi', $4::jsonb) RETURNING id`, [
        w(),
        accountId,
        email,
        JSON.stringify(traits),
      ])
    )[0]!.id;
  const element = (key: string, subject_type: 'account' | 'contact', def: CareElementDefinition) => createCareElement(db(), w(), { key, subject_type, definition: def, enabled: true });
  const actions = (elementId: number) =>
    db().query<{ id: number; subject_id: number; step_id: string; status: string; due_at: Date; attempts: number; last_error: string | null; skip_reason: string | null; element_version: number | null; result: unknown }>(
      'SELECT id, subject_id, step_id, status, due_at, attempts, last_error, skip_reason, element_version, result FROM care_actions WHERE workspace_id = $1 AND element_id = $2 ORDER BY id',
      [w(), elementId],
    );
  const staticSegment = (key: string, subject_type: 'account' | 'contact') => createSegment(db(), w(), { key, name: key, subject_type, kind: 'static' });
  const isMember = async (segmentKey: string, subjectId: number) =>
    (
      await db().query(`SELECT 1 FROM segment_members m JOIN segments s ON s.workspace_id = m.workspace_id AND s.id = m.segment_id WHERE m.workspace_id = $1 AND s.key = $2 AND m.subject_id = $3`, [
        w(),
        segmentKey,
        subjectId,
      ])
    ).length === 1;

  it('starts reading events where they are when it first runs: history does not trigger', async () => {
    const el = await element('history-mail', 'contact', definition({ trigger: { kind: 'event', event: 'Old History' }, steps: [{ id: 'w', kind: 'wait', delay: { days: 1 } }] }));
    const c = await contact('history@x.fi');
    await insertEvent(db(), w(), { name: 'Old History', contactId: c, at: t0 });
    expect(await scanCareTriggers(db(), w(), { now: t0 })).toMatchObject({ scanned: true, events: 0, enrolled: 0 });
    await insertEvent(db(), w(), { name: 'Old History', contactId: c, at: t0 });
    expect(await scanCareTriggers(db(), w(), { now: t0 })).toMatchObject({ scanned: true, events: 1, enrolled: 1 });
    // Out of the way of the next tests, which run what is due.
    await db().execute(`UPDATE care_actions SET status = 'cancelled' WHERE workspace_id = $1 AND element_id = $2`, [w(), el.id]);
  });

  it('enrols an account entering a stage and sends its email to the outbox, once', async () => {
    const el = await element(
      'stage-welcome',
      'account',
      definition({
        placement: { stages: ['customer'], segments: [] },
        trigger: { kind: 'stage_entered', stage: 'customer' },
        steps: [{ id: 'mail', kind: 'email', purpose: 'service', template: { subject: { fi: 'Tervetuloa', en: 'Welcome' }, body: { fi: 'Hei!\n\nKiitos.', en: 'Hi!\n\nThanks.' } } }],
      }),
    );
    const a = await account('Vaihe Oy');
    const c = await contact('ville@vaihe.fi', a);
    const other = await account('Muu Oy');
    const stageEvent = { name: 'Stage Changed', at: new Date(t0.getTime() - 60_000) };
    await insertEvent(db(), w(), { ...stageEvent, accountId: a, properties: { subject: 'account', from: 'new', to: 'customer' } });
    // Another stage, and a contact's move to the same stage: not this element's trigger.
    await insertEvent(db(), w(), { ...stageEvent, accountId: other, properties: { subject: 'account', from: 'customer', to: 'loyal' } });
    await insertEvent(db(), w(), { ...stageEvent, accountId: a, contactId: c, properties: { subject: 'contact', from: 'new', to: 'customer' } });

    const scan = await scanCareTriggers(db(), w(), { now: t0 });
    expect(scan).toMatchObject({ scanned: true, enrolled: 1, control: 0, more: false });
    // Scanning again finds nothing new.
    expect((await scanCareTriggers(db(), w(), { now: t0 })).enrolled).toBe(0);
    const [run] = await db().query<{ subject_id: number; status: string; cohort: string; dedupe_key: string }>(
      'SELECT subject_id, status, cohort, dedupe_key FROM care_runs WHERE workspace_id = $1 AND element_id = $2',
      [w(), el.id],
    );
    expect(run).toMatchObject({ subject_id: a, status: 'active', cohort: 'treated' });
    expect(run!.dedupe_key).toMatch(/^event:\d+$/);

    const executed = await runDueActions(db(), w(), runtime, t0);
    expect(executed.map((e) => e.status)).toEqual(['done']);
    const messages = await db().query<{ to_address: string; transport: string; subject: string }>(
      'SELECT to_address, transport, subject FROM care_messages WHERE workspace_id = $1 AND element_id = $2',
      [w(), el.id],
    );
    expect(messages).toEqual([{ to_address: 'ville@vaihe.fi', transport: 'outbox', subject: 'Tervetuloa' }]);
    expect((await actions(el.id)).map((x) => [x.step_id, x.status, x.attempts, x.element_version])).toEqual([['mail', 'done', 1, 1]]);
    const [finished] = await db().query<{ status: string }>('SELECT status FROM care_runs WHERE workspace_id = $1 AND element_id = $2', [w(), el.id]);
    expect(finished!.status).toBe('completed');
  });

  it('skips events older than max_age_days, and catches a late-committed event in the sweep', async () => {
    const el = await element('late-event', 'contact', definition({ trigger: { kind: 'event', event: 'Late Thing', max_age_days: 2 }, steps: [{ id: 'w', kind: 'wait', delay: { days: 1 } }] }));
    const c1 = await contact('late1@x.fi');
    const c2 = await contact('late2@x.fi');
    await insertEvent(db(), w(), { name: 'Late Thing', contactId: c1, at: new Date(t0.getTime() - 3 * DAY) });
    // An id taken by a transaction that will commit late (here: freed, and used after the scan passed it).
    const reserved = await insertEvent(db(), w(), { name: 'Placeholder', at: t0 });
    await db().execute('DELETE FROM events WHERE workspace_id = $1 AND id = $2', [w(), reserved]);
    await insertEvent(db(), w(), { name: 'Late Thing', contactId: c2, at: t0 });
    await scanCareTriggers(db(), w(), { now: t0, sweepIntervalMs: 60_000 });
    expect((await actions(el.id)).map((x) => x.subject_id)).toEqual([c2]);
    // An event whose id is below the cursor: its transaction committed after the scan passed it.
    const c3 = await contact('late3@x.fi');
    await insertEvent(db(), w(), { id: reserved, name: 'Late Thing', contactId: c3, at: t0 });
    expect((await scanCareTriggers(db(), w(), { now: t0, sweepIntervalMs: 60_000 })).enrolled).toBe(0);
    // The first sweep after the scan passed it marks the range; the next one reads it.
    await scanCareTriggers(db(), w(), { now: new Date(t0.getTime() + 61_000), sweepIntervalMs: 60_000 });
    await scanCareTriggers(db(), w(), { now: new Date(t0.getTime() + 122_000), sweepIntervalMs: 60_000 });
    expect((await actions(el.id)).map((x) => x.subject_id).sort((a, b) => a - b)).toEqual([c2, c3].sort((a, b) => a - b));
  });

  it('waits, then branches on a condition, adding to the list the branch chose', async () => {
    await staticSegment('gold-list', 'contact');
    await staticSegment('plain-list', 'contact');
    const el = await element(
      'branching',
      'contact',
      definition({
        trigger: { kind: 'event', event: 'Branch Me' },
        steps: [
          { id: 'pause', kind: 'wait', delay: { days: 2 } },
          { id: 'which', kind: 'branch', condition: { trait: 'traits.plan', op: 'eq', value: 'gold' }, then: 'gold', else: 'plain' },
          { id: 'gold', kind: 'list_add', segment: 'gold-list' },
          { id: 'plain', kind: 'list_add', segment: 'plain-list' },
        ],
      }),
    );
    const gold = await contact('gold@x.fi', null, { plan: 'gold' });
    const plain = await contact('plain@x.fi', null, { plan: 'basic' });
    for (const c of [gold, plain]) await insertEvent(db(), w(), { name: 'Branch Me', contactId: c, at: t0 });
    await scanCareTriggers(db(), w(), { now: t0 });
    await runDueActions(db(), w(), runtime, t0);
    // The waits ran; the branches fall due two days after the waits fell due, not before.
    const afterWait = await actions(el.id);
    expect(afterWait.filter((a) => a.step_id === 'which').map((a) => a.due_at.getTime())).toEqual([t0.getTime() + 2 * DAY, t0.getTime() + 2 * DAY]);
    expect(await runDueActions(db(), w(), runtime, new Date(t0.getTime() + 2 * DAY - 1000))).toEqual([]);
    await runDueActions(db(), w(), runtime, new Date(t0.getTime() + 2 * DAY));
    expect(await isMember('gold-list', gold)).toBe(true);
    // Steps after a branch target follow it: 'plain' comes after 'gold'.
    expect(await isMember('plain-list', gold)).toBe(true);
    expect(await isMember('plain-list', plain)).toBe(true);
    expect(await isMember('gold-list', plain)).toBe(false);
    const bySubject = (id: number) => afterWaitSteps(id);
    const afterWaitSteps = async (id: number) => (await actions(el.id)).filter((a) => a.subject_id === id).map((a) => `${a.step_id}:${a.status}`);
    expect(await bySubject(plain)).toEqual(['pause:done', 'which:done', 'plain:done']);
    expect(await bySubject(gold)).toEqual(['pause:done', 'which:done', 'gold:done', 'plain:done']);
  });

  it('applies an edit only to the steps that have not run, and cancels an action whose step was removed', async () => {
    await staticSegment('edit-a', 'account');
    await staticSegment('edit-b', 'account');
    const steps = (list: string) => [
      { id: 'first', kind: 'list_add' as const, segment: 'edit-a' },
      { id: 'pause', kind: 'wait' as const, delay: { hours: 1 } },
      { id: 'second', kind: 'list_add' as const, segment: list },
    ];
    const el = await element('editable', 'account', definition({ trigger: { kind: 'event', event: 'Edit Me' }, steps: steps('edit-a') }));
    const a1 = await account('Muokkaus 1 Oy');
    const a2 = await account('Muokkaus 2 Oy');
    for (const a of [a1, a2]) await insertEvent(db(), w(), { name: 'Edit Me', accountId: a, at: t0 });
    await scanCareTriggers(db(), w(), { now: t0 });
    await runDueActions(db(), w(), runtime, t0);
    // Version 2: the last step adds to edit-b instead.
    await updateCareElement(db(), w(), el.id, { definition: definition({ trigger: { kind: 'event', event: 'Edit Me' }, steps: steps('edit-b') }) });
    const later = new Date(t0.getTime() + 3_600_000);
    await runDueActions(db(), w(), runtime, later);
    for (const a of [a1, a2]) {
      expect(await isMember('edit-b', a)).toBe(true);
      const rows = (await actions(el.id)).filter((x) => x.subject_id === a);
      expect(rows.map((x) => [x.step_id, x.element_version])).toEqual([
        ['first', 1],
        ['pause', 1],
        ['second', 2],
      ]);
    }
    // Version 3 drops the step after the wait: its scheduled action is cancelled with the reason.
    const a3 = await account('Muokkaus 3 Oy');
    await insertEvent(db(), w(), { name: 'Edit Me', accountId: a3, at: later });
    await scanCareTriggers(db(), w(), { now: later });
    await runDueActions(db(), w(), runtime, later);
    await updateCareElement(db(), w(), el.id, { definition: definition({ trigger: { kind: 'event', event: 'Edit Me' }, steps: steps('edit-b').slice(0, 2) }) });
    const [pending] = (await actions(el.id)).filter((x) => x.subject_id === a3 && x.step_id === 'second');
    expect(pending!.status).toBe('scheduled');
    const results = await runDueActions(db(), w(), runtime, new Date(later.getTime() + 3_600_000));
    expect(results.map((r) => r.status)).toEqual(['cancelled']);
    const [cancelled] = (await actions(el.id)).filter((x) => x.subject_id === a3 && x.step_id === 'second');
    expect(cancelled).toMatchObject({ status: 'cancelled', skip_reason: 'step_removed_in_version_3' });
    const [run] = await db().query<{ status: string }>('SELECT status FROM care_runs WHERE workspace_id = $1 AND element_id = $2 AND subject_id = $3', [w(), el.id, a3]);
    expect(run!.status).toBe('cancelled');
  });

  it('dead-letters a failing action with its error, and runs it again on retry', async () => {
    const list = await staticSegment('doomed-list', 'contact');
    const el = await element('dead-letter', 'contact', definition({ trigger: { kind: 'event', event: 'Doom' }, steps: [{ id: 'add', kind: 'list_add', segment: 'doomed-list' }] }));
    const c = await contact('doom@x.fi');
    await insertEvent(db(), w(), { name: 'Doom', contactId: c, at: t0 });
    await scanCareTriggers(db(), w(), { now: t0 });
    // The list is deleted after the element was saved: the step cannot succeed, retrying would not help.
    await deleteSegment(db(), w(), list.id);
    expect((await runDueActions(db(), w(), runtime, t0)).map((r) => r.status)).toEqual(['dead']);
    const [dead] = await actions(el.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 1 });
    expect(dead!.last_error).toMatch(/doomed-list/);
    await expect(retryDeadAction(db(), w(), el.id * 0 + 987654321)).rejects.toMatchObject({ code: 'not_found' });
    await staticSegment('doomed-list', 'contact');
    const later = new Date(t0.getTime() + 60_000);
    expect(await retryDeadAction(db(), w(), dead!.id, later)).toMatchObject({ id: dead!.id, status: 'scheduled' });
    await expect(retryDeadAction(db(), w(), dead!.id, later)).rejects.toMatchObject({ code: 'conflict' });
    expect((await runDueActions(db(), w(), runtime, later)).map((r) => r.status)).toEqual(['done']);
    expect(await isMember('doomed-list', c)).toBe(true);
  });

  it('holds out a stable control group of the set share, with runs but no actions', async () => {
    const el = await element('held-out', 'account', definition({ holdout_percent: 30, trigger: { kind: 'event', event: 'Hold' }, steps: [{ id: 'w', kind: 'wait', delay: { days: 1 } }] }));
    const ids = (await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) SELECT $1, 'Holdout ' || g FROM generate_series(1, 600) g RETURNING id`, [w()])).map((r) => r.id);
    const loaded = (await loadCareElement(db(), w(), el.id))!;
    const r = await db().transaction((tx) =>
      enrolSubjects(tx, w(), loaded, ids.map((id) => ({ subjectId: id, dedupeKey: 'manual:1', at: t0, trigger: { kind: 'manual' } })), t0),
    );
    expect(r.enrolled + r.control).toBe(600);
    // 30 % of 600 = 180; binomial sd about 11.
    expect(r.control).toBeGreaterThan(180 - 45);
    expect(r.control).toBeLessThan(180 + 45);
    const runs = await db().query<{ subject_id: number; cohort: string; status: string }>('SELECT subject_id, cohort, status FROM care_runs WHERE workspace_id = $1 AND element_id = $2', [
      w(),
      el.id,
    ]);
    for (const run of runs) {
      expect(run.cohort).toBe(isInControlGroup(el.id, run.subject_id, 30) ? 'control' : 'treated');
      expect(run.status).toBe(run.cohort === 'control' ? 'control' : 'active');
    }
    const acted = new Set((await actions(el.id)).map((a) => a.subject_id));
    expect(acted.size).toBe(r.enrolled);
    for (const run of runs) expect(acted.has(run.subject_id)).toBe(run.cohort === 'treated');
    // The same enrolment again is a no-op (dedupe key), and under 'once' a new trigger does not re-enrol.
    const again = await db().transaction((tx) =>
      enrolSubjects(tx, w(), loaded, ids.slice(0, 10).map((id) => ({ subjectId: id, dedupeKey: 'manual:2', at: t0, trigger: { kind: 'manual' } })), t0),
    );
    expect(again).toMatchObject({ enrolled: 0, control: 0, skipped: { reentry: 10 } });
  });

  it('lets concurrent claims take disjoint actions, and fences a worker whose lease was taken over', async () => {
    // Only this test's actions are due.
    await db().execute(`UPDATE care_actions SET status = 'cancelled' WHERE workspace_id = $1 AND status = 'scheduled'`, [w()]);
    const el = await element('claims', 'account', definition({ trigger: { kind: 'event', event: 'Claim' }, steps: [{ id: 'w', kind: 'wait', delay: { days: 1 } }] }));
    const ids = (await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) SELECT $1, 'Claim ' || g FROM generate_series(1, 40) g RETURNING id`, [w()])).map((r) => r.id);
    const loaded = (await loadCareElement(db(), w(), el.id))!;
    await db().transaction((tx) => enrolSubjects(tx, w(), loaded, ids.map((id) => ({ subjectId: id, dedupeKey: 'manual:1', at: t0, trigger: {} })), t0));
    const claims = await Promise.all(['w1', 'w2', 'w3'].map((workerId) => claimDueActions(db(), w(), { workerId, limit: 15, leaseMs: 60_000, now: t0 })));
    const all = claims.flat().map((a) => a.id);
    expect(all.length).toBe(40);
    expect(new Set(all).size).toBe(40);
    // Release them: a worker that died holding leases.
    const [mine] = claims[0]!;
    const later = new Date(t0.getTime() + 61_000);
    // A claim that skips the release (a worker's later claims in one tick) leaves expired leases alone.
    expect(await claimDueActions(db(), w(), { workerId: 'w4', limit: 100, leaseMs: 60_000, now: later, releaseExpired: false })).toEqual([]);
    const taken = await claimDueActions(db(), w(), { workerId: 'w4', limit: 100, leaseMs: 60_000, now: later });
    expect(taken.length).toBe(40);
    expect(taken.find((a) => a.id === mine!.id)!.attempt).toBe(2);
    // The first worker wakes up and finishes: it writes nothing, the new holder does.
    const stale = await executeAction(db(), outboxRuntime('w1'), mine!, { clock: () => later });
    expect(stale.status).toBe('lost');
    const fresh = await executeAction(db(), outboxRuntime('w4'), taken.find((a) => a.id === mine!.id)!, { clock: () => later });
    expect(fresh.status).toBe('done');
    const [row] = (await actions(el.id)).filter((a) => a.id === mine!.id);
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('enrols anniversaries and date traits once a day, at the hour in the workspace time zone', async () => {
    const annual = await element(
      'test-annual',
      'account',
      definition({ trigger: { kind: 'anniversary', of: { trait: 'customer_since' }, hour: 10 }, steps: [{ id: 'w', kind: 'wait', delay: { days: 1 } }] }),
    );
    const renewal = await element(
      'test-renewal',
      'account',
      definition({ trigger: { kind: 'date_trait', trait: 'contract_renewal', offset_days: -60 }, steps: [{ id: 'w', kind: 'wait', delay: { days: 1 } }] }),
    );
    const day = new Date('2026-06-15T05:00:00Z'); // 08:00 in Helsinki
    const since = await account('Vuosipäivä Oy', { customer_since: '2021-06-15' });
    await account('Ei tänään Oy', { customer_since: '2021-06-16' });
    await account('Uusi Oy', { customer_since: '2026-06-15' }); // today is not an anniversary yet
    const renews = await account('Uusiutuu Oy', { contract_renewal: '2026-08-14' });
    await account('Rikki Oy', { contract_renewal: 'not a date', customer_since: 'nope' });
    const r = await runDateTriggers(db(), w(), { now: day });
    expect(r).toMatchObject({ ran: true, days: ['2026-06-15'], enrolled: 2 });
    expect((await runDateTriggers(db(), w(), { now: new Date(day.getTime() + 3_600_000) })).ran).toBe(false);
    const [a] = await actions(annual.id);
    expect(a).toMatchObject({ subject_id: since });
    expect(a!.due_at.toISOString()).toBe('2026-06-15T07:00:00.000Z');
    const [b] = await actions(renewal.id);
    expect(b).toMatchObject({ subject_id: renews });
    expect(b!.due_at.toISOString()).toBe('2026-06-15T06:00:00.000Z');
    const [run] = await db().query<{ dedupe_key: string }>('SELECT dedupe_key FROM care_runs WHERE workspace_id = $1 AND element_id = $2', [w(), annual.id]);
    expect(run!.dedupe_key).toBe('date:2026-06-15');
  });
  it('enrols from the timeline events the lifecycle and segment recompute write', async () => {
    await createSegment(db(), w(), { key: 'recomputed-fi', name: 'Finnish accounts', subject_type: 'account', kind: 'dynamic', rule: { trait: 'country', op: 'eq', value: 'FI' } });
    const staged = await element('placed-in-awareness', 'account', definition({ trigger: { kind: 'stage_entered', stage: 'awareness' }, steps: [{ id: 'w', kind: 'wait', delay: { days: 1 } }] }));
    const entered = await element('entered-fi', 'account', definition({ trigger: { kind: 'segment_entered', segment: 'recomputed-fi' }, steps: [{ id: 'w', kind: 'wait', delay: { days: 1 } }] }));
    await scanCareTriggers(db(), w(), { now: t0 });
    const [fi] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, country) VALUES ($1, 'Suomi Oy', 'FI') RETURNING id`, [w()]);
    const [se] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, country) VALUES ($1, 'Sverige AB', 'SE') RETURNING id`, [w()]);
    await recomputeWorkspace(db(), w(), { now: t0, segments: 'all', stages: 'all' });
    await scanCareTriggers(db(), w(), { now: t0 });
    const subjects = async (elementId: number) => new Set((await actions(elementId)).map((a) => a.subject_id));
    expect((await subjects(staged.id)).has(fi!.id)).toBe(true);
    expect((await subjects(staged.id)).has(se!.id)).toBe(true);
    expect([...(await subjects(entered.id))].filter((id) => id === fi!.id || id === se!.id)).toEqual([fi!.id]);
    const [run] = await db().query<{ trigger: Record<string, unknown> }>('SELECT trigger FROM care_runs WHERE workspace_id = $1 AND element_id = $2 AND subject_id = $3', [w(), entered.id, fi!.id]);
    expect(run!.trigger).toMatchObject({ kind: 'segment_entered', event: 'Segment Entered', segment: 'recomputed-fi' });
    await db().execute(`UPDATE care_actions SET status = 'cancelled' WHERE workspace_id = $1 AND status = 'scheduled'`, [w()]);
  });
});

describe('backoff', () => {
  it('waits 30 s, then four times longer after each failure', async () => {
    const { backoffMs, DEFAULT_RETRY } = await import('./apply-action-outcome.js');
    expect([1, 2, 3, 8].map((n) => backoffMs(DEFAULT_RETRY, n))).toEqual([30_000, 120_000, 480_000, 30_000 * 4 ** 7]);
  });
});
