import { expect, it } from 'vitest';
import { defaultLifecycle } from '../lifecycle/default-lifecycle.js';
import { lockLifecycle } from '../lifecycle/lock-lifecycle.js';
import { saveLifecycleDefinition } from '../lifecycle/save-lifecycle-definition.js';
import { daysBefore, insertAccount, insertContact, insertEvent, insertOrder, stageOf } from '../lifecycle/testing/lifecycle-test-data.js';
import { createSegment } from '../segments/create-segment.js';
import { eventually } from '../testing/eventually.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { bootstrapWorkspace } from '../workspaces/bootstrap-workspace.js';
import { requestWorkspaceRecompute } from './queue-changed-subjects.js';
import { recomputeWorkspace } from './recompute-workspace.js';

const NOW = new Date('2026-06-01T12:00:00Z');

describeEachDatabase('recomputeWorkspace', ({ db, kind }) => {
  let n = 0;
  const workspace = async () => (await bootstrapWorkspace(db(), { slug: `rw-${++n}`, name: `Recompute ${n}` })).workspace.id;
  const members = async (ws: number, key: string) =>
    (
      await db().query<{ subject_id: number }>(
        `SELECT m.subject_id FROM segment_members m JOIN segments s ON s.workspace_id = m.workspace_id AND s.id = m.segment_id
          WHERE m.workspace_id = $1 AND s.key = $2 ORDER BY m.subject_id`,
        [ws, key],
      )
    ).map((r) => Number(r.subject_id));

  it('evaluates segments before the stages, the stages (chained), and segments that read stages, in one run', async () => {
    const ws = await workspace();
    const buyer = await insertAccount(db(), ws, 'Ostaja Oy');
    const quiet = await insertAccount(db(), ws, 'Hiljainen Oy');
    await insertOrder(db(), ws, buyer, daysBefore(NOW, 10));
    const contact = await insertContact(db(), ws, buyer, 'kayttaja@ostaja.example');
    await insertEvent(db(), ws, { account: buyer, contact }, 'Login', daysBefore(NOW, 1));
    await createSegment(db(), ws, { key: 'buyers', name: 'Buyers', subject_type: 'account', kind: 'dynamic', rule: { orders: 'count', op: 'gte', value: 1 } });
    await createSegment(db(), ws, { key: 'new-buyers', name: 'New buyers', subject_type: 'account', kind: 'dynamic', rule: { all: [{ in_segment: 'buyers' }, { stage_in: ['new'] }] } });
    await createSegment(db(), ws, { key: 'logged-in', name: 'Logged in', subject_type: 'contact', kind: 'dynamic', rule: { event: 'Login', within_days: 30, op: 'gte', value: 1 } });
    await createSegment(db(), ws, { key: 'new-people', name: 'New people', subject_type: 'contact', kind: 'dynamic', rule: { stage_in: ['new'] } });

    const r = await recomputeWorkspace(db(), ws, { now: NOW });
    expect(r.segments).toEqual({ evaluated: 4, entered: 4, exited: 0 });
    expect(r.stages).toMatchObject({ placed: 3, moved: 2 });
    expect(await stageOf(db(), ws, 'account', buyer)).toBe('new');
    expect(await stageOf(db(), ws, 'account', quiet)).toBe('awareness');
    expect(await stageOf(db(), ws, 'contact', contact)).toBe('new');
    expect(await members(ws, 'buyers')).toEqual([buyer]);
    expect(await members(ws, 'new-buyers')).toEqual([buyer]);
    expect(await members(ws, 'logged-in')).toEqual([contact]);
    expect(await members(ws, 'new-people')).toEqual([contact]);
    const [counts] = await db().query<{ history: number; events: number; stage_history: number }>(
      `SELECT (SELECT count(*) FROM segment_history WHERE workspace_id = $1) AS history,
              (SELECT count(*) FROM stage_history WHERE workspace_id = $1) AS stage_history,
              (SELECT count(*) FROM events WHERE workspace_id = $1 AND type = 'system') AS events`,
      [ws],
    );
    expect(counts).toEqual({ history: 4, stage_history: 5, events: 9 });

    const again = await recomputeWorkspace(db(), ws, { now: NOW });
    expect(again.segments).toEqual({ evaluated: 4, entered: 0, exited: 0 });
    expect(again.stages).toEqual({ placed: 0, moved: 0, reset: 0, removed: 0 });
  });

  it('splits the open last batch again for subjects made while the run goes on, so no batch passes the batch size', async () => {
    const ws = await workspace();
    for (let i = 0; i < 12; i++) await insertAccount(db(), ws, `Alku ${i}`);
    let made = 0;
    const r = await recomputeWorkspace(db(), ws, {
      now: NOW,
      stages: 'all',
      segments: 'all',
      batchSize: 5,
      // A writer creating accounts between the batches (as ingest does while the worker runs).
      betweenBatches: async () => {
        for (let i = 0; made < 30 && i < 15; i++, made++) await insertAccount(db(), ws, `Uusi ${made}`);
      },
    });
    const [row] = await db().query<{ n: number; staged: number }>(
      `SELECT count(*) AS n, count(s.subject_id) AS staged FROM accounts a
         LEFT JOIN subject_stages s ON s.workspace_id = a.workspace_id AND s.subject_type = 'account' AND s.subject_id = a.id
        WHERE a.workspace_id = $1`,
      [ws],
    );
    expect(row).toEqual({ n: 42, staged: 42 });
    // 12 accounts at the start (batches of 5, 5, 2+), 30 more made meanwhile: at least ceil(42 / 5) batches of at most 5.
    expect(r.batches).toBeGreaterThanOrEqual(9);
  });

  it('asks a batch size given as a function again before each batch, and keeps every subject covered', async () => {
    const ws = await workspace();
    for (let i = 0; i < 12; i++) await insertAccount(db(), ws, `Koko ${i}`);
    // The worker shrinks the batches while ingest keeps the server busy. The contacts' step comes
    // first (one batch: there are none), then the accounts' in batches of 5 and then 2.
    const sizes = [5, 5, 2];
    let asked = 0;
    const progress: Array<[number, number]> = [];
    const r = await recomputeWorkspace(db(), ws, {
      now: NOW,
      stages: 'all',
      segments: 'none',
      batchSize: () => sizes[Math.min(asked++, sizes.length - 1)]!,
      onProgress: (done, total) => progress.push([done, total]),
    });
    const [row] = await db().query<{ staged: number }>(`SELECT count(*) AS staged FROM subject_stages WHERE workspace_id = $1 AND subject_type = 'account'`, [ws]);
    expect(row!.staged).toBe(12);
    // Accounts in batches of 5, then 2, 2, 2 and the open last batch (the last account and anything
    // past it): four more than a run whose every step fits one batch.
    const whole = await recomputeWorkspace(db(), ws, { now: NOW, stages: 'all', segments: 'none' });
    expect(r.batches).toBe(whole.batches + 4);
    expect(progress.at(-1)).toEqual([12, 12]);
    expect(progress.every(([done, total]) => done <= total)).toBe(true);
    await expect(recomputeWorkspace(db(), ws, { now: NOW, batchSize: () => 0 })).rejects.toThrow('batch size must be a whole number of at least 1, got 0');
  });

  it("keeps the contract's order when account transitions read their contacts' stages: account stages move before contact stages", async () => {
    const ws = await workspace();
    const account = await insertAccount(db(), ws, 'Tiimi Oy');
    const contact = await insertContact(db(), ws, account, 'aloittaja@tiimi.example');
    await insertEvent(db(), ws, { contact }, 'Login', daysBefore(NOW, 1));
    const base = defaultLifecycle('account');
    const saved = await saveLifecycleDefinition(db(), ws, 'account', {
      definition: {
        ...base,
        transitions: [
          {
            key: 'team_started',
            from: ['awareness'],
            to: 'interest',
            rule: { contacts: 'any', where: { stage_in: ['new'] } },
            description: { fi: 'Yhteyshenkilö aloitti.', en: 'A contact started.' },
          },
          ...base.transitions,
        ],
      },
      now: NOW,
    });
    expect(saved).toMatchObject({ version: 2 });

    await recomputeWorkspace(db(), ws, { now: NOW });
    // The account's stages moved first, while its contact had no stage yet.
    expect(await stageOf(db(), ws, 'contact', contact)).toBe('new');
    expect(await stageOf(db(), ws, 'account', account)).toBe('awareness');
    await recomputeWorkspace(db(), ws, { now: NOW });
    expect(await stageOf(db(), ws, 'account', account)).toBe('interest');
  });

  it('a run of everything serves the recompute requests recorded before it, and only those', async () => {
    const ws = await workspace();
    await insertAccount(db(), ws, 'Pyydetty Oy');
    const requests = async () => (await db().query<{ reason: string }>('SELECT reason FROM recompute_requests WHERE workspace_id = $1 ORDER BY id', [ws])).map((r) => r.reason);
    await db().transaction((tx) => requestWorkspaceRecompute(tx, ws, 'account', 1, 'before'));
    // A partial run (time-dependent rules only) does not cover it.
    await recomputeWorkspace(db(), ws, { now: NOW, segments: 'time-dependent', stages: 'time-dependent' });
    expect(await requests()).toEqual(['before']);
    // A full run does; a request recorded while it runs waits for the next.
    let once = false;
    await recomputeWorkspace(db(), ws, {
      now: NOW,
      betweenBatches: async () => {
        if (once) return;
        once = true;
        await db().transaction((tx) => requestWorkspaceRecompute(tx, ws, 'account', 1, 'during'));
      },
    });
    expect(once).toBe(true);
    expect(await requests()).toEqual(['during']);
  });

  it('runs batches at once (parallel) with the same outcome as one after another', async () => {
    // Two workspaces with the same data; small batches, so several run at once on PostgreSQL (PGlite runs one).
    const state = async (ws: number) => {
      const rows = await db().query<{ what: string }>(
        `SELECT 'stage ' || a.name || ' ' || s.stage || ' ' || coalesce(s.transition_key, '-') AS what
           FROM subject_stages s JOIN accounts a ON a.workspace_id = s.workspace_id AND a.id = s.subject_id
          WHERE s.workspace_id = $1 AND s.subject_type = 'account'
         UNION ALL
         SELECT 'member ' || g.key || ' ' || coalesce(a.name, c.email)
           FROM segment_members m JOIN segments g ON g.workspace_id = m.workspace_id AND g.id = m.segment_id
           LEFT JOIN accounts a ON g.subject_type = 'account' AND a.workspace_id = m.workspace_id AND a.id = m.subject_id
           LEFT JOIN contacts c ON g.subject_type = 'contact' AND c.workspace_id = m.workspace_id AND c.id = m.subject_id
          WHERE m.workspace_id = $1
         UNION ALL
         SELECT 'history ' || (SELECT count(*) FROM stage_history WHERE workspace_id = $1) || ' ' || (SELECT count(*) FROM segment_history WHERE workspace_id = $1)
                || ' ' || (SELECT count(*) FROM events WHERE workspace_id = $1 AND type = 'system')
         ORDER BY 1`,
        [ws],
      );
      return rows.map((r) => r.what);
    };
    const results = [];
    for (const parallel of [1, 3]) {
      const ws = await workspace();
      for (let i = 0; i < 20; i++) {
        const account = await insertAccount(db(), ws, `Rinnakkain ${i}`);
        if (i % 2 === 0) await insertOrder(db(), ws, account, daysBefore(NOW, 5 + i));
        if (i % 3 === 0) await insertOrder(db(), ws, account, daysBefore(NOW, 400));
        const contact = await insertContact(db(), ws, account, `henkilo${i}@rinnakkain.example`);
        if (i % 4 !== 1) await insertEvent(db(), ws, { account, contact }, 'Login', daysBefore(NOW, i));
      }
      await createSegment(db(), ws, { key: 'buyers', name: 'Buyers', subject_type: 'account', kind: 'dynamic', rule: { orders: 'count', op: 'gte', value: 1 } });
      await createSegment(db(), ws, { key: 'active', name: 'Active', subject_type: 'account', kind: 'dynamic', rule: { event: 'Login', within_days: 10, op: 'gte', value: 1 } });
      await createSegment(db(), ws, { key: 'new-buyers', name: 'New buyers', subject_type: 'account', kind: 'dynamic', rule: { all: [{ in_segment: 'buyers' }, { stage_in: ['new'] }] } });
      await createSegment(db(), ws, { key: 'logged-in', name: 'Logged in', subject_type: 'contact', kind: 'dynamic', rule: { event: 'Login', within_days: 30, op: 'gte', value: 1 } });
      // Reads what the contacts' step wrote: its batches must all have committed before the accounts' start.
      await createSegment(db(), ws, { key: 'team-in', name: 'Team in', subject_type: 'account', kind: 'dynamic', rule: { contacts: 'any', where: { in_segment: 'logged-in' } } });
      const r = await recomputeWorkspace(db(), ws, { now: NOW, batchSize: 3, parallel });
      results.push({ segments: r.segments, stages: r.stages, state: await state(ws) });
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]!.segments.entered).toBeGreaterThan(20);
    expect(results[0]!.stages.moved).toBeGreaterThan(5);
    await expect(recomputeWorkspace(db(), await workspace(), { now: NOW, parallel: 0 })).rejects.toThrow('parallel batches must be a whole number of at least 1, got 0');
  });

  it.runIf(kind === 'postgres')("starts a step's batches only once every batch of the step before has committed", async () => {
    const ws = await workspace();
    const accounts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const account = await insertAccount(db(), ws, `Porras ${i}`);
      const contact = await insertContact(db(), ws, account, `henkilo${i}@porras.example`);
      if (i % 2 === 0) await insertEvent(db(), ws, { account, contact }, 'Login', daysBefore(NOW, 1));
      accounts.push(account);
    }
    await createSegment(db(), ws, { key: 'logged-in', name: 'Logged in', subject_type: 'contact', kind: 'dynamic', rule: { event: 'Login', within_days: 30, op: 'gte', value: 1 } });
    await createSegment(db(), ws, { key: 'team-in', name: 'Team in', subject_type: 'account', kind: 'dynamic', rule: { contacts: 'any', where: { in_segment: 'logged-in' } } });
    // The contacts' one batch reads its facts, takes the segment lock and waits for the contacts'
    // lifecycle lock, which this transaction holds. A batch of the accounts' step started now
    // would read its facts (the contacts' membership before this run) and wait for the segment lock.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const holder = db().transaction(async (tx) => {
      await lockLifecycle(tx, ws, 'contact');
      locked();
      await released;
    });
    await holding;
    const waiting = async () =>
      (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`))[0]!.n;
    const run = recomputeWorkspace(db(), ws, { now: NOW, batchSize: 100, parallel: 2 });
    await eventually('the contacts batch waits for the lifecycle lock', async () => (await waiting()) === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await waiting()).toBe(1);
    release();
    await holder;
    await run;
    expect(await members(ws, 'team-in')).toEqual([accounts[0], accounts[2]]);
  });

  it.runIf(kind === 'postgres')('reads the facts again when a lifecycle edit commits while a batch waits for the lifecycle lock', async () => {
    const ws = await workspace();
    const account = await insertAccount(db(), ws, 'Kilpa Oy');
    // The batch reads its facts for version 1, then waits for the lock this transaction holds;
    // meanwhile version 2 (a transition version 1's facts know nothing of) is committed.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const base = defaultLifecycle('account');
    const v2 = {
      ...base,
      transitions: [
        { key: 'named', from: ['awareness'], to: 'interest', rule: { trait: 'name', op: 'eq', value: 'Kilpa Oy' }, description: { fi: 'Nimetty.', en: 'Named.' } },
        // Without the way back from interest, which would send it back and forth until the passes end.
        ...base.transitions.filter((t) => t.key !== 'cooled'),
      ],
    };
    await recomputeWorkspace(db(), ws, { now: NOW, segments: 'none' });
    expect(await stageOf(db(), ws, 'account', account)).toBe('awareness');
    const holder = db().transaction(async (tx) => {
      await lockLifecycle(tx, ws, 'account');
      locked();
      await released;
      await tx.query(
        `INSERT INTO lifecycle_definitions (workspace_id, subject_type, version, definition, note)
         SELECT workspace_id, subject_type, version + 1, $2::jsonb, 'edited meanwhile' FROM lifecycle_definitions
          WHERE workspace_id = $1 AND subject_type = 'account' ORDER BY version DESC LIMIT 1`,
        [ws, JSON.stringify(v2)],
      );
    });
    await holding;
    const run = recomputeWorkspace(db(), ws, { now: NOW, segments: 'none' });
    await eventually('the batch waits for the lifecycle lock', async () => {
      const [row] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      return row!.n === 1;
    });
    release();
    await holder;
    const r = await run;
    expect(r.stages.moved).toBe(1);
    const [row] = await db().query<{ stage: string; definition_version: number; transition_key: string }>(
      `SELECT stage, definition_version, transition_key FROM subject_stages WHERE workspace_id = $1 AND subject_type = 'account' AND subject_id = $2`,
      [ws, account],
    );
    expect(row).toEqual({ stage: 'interest', definition_version: 2, transition_key: 'named' });
  });
});
