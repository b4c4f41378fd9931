import { expect, it } from 'vitest';
import { createSegment } from '../segments/create-segment.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { queueChangedSubjects, requestWorkspaceRecompute, WORKSPACE_RECOMPUTE_MIN } from './queue-changed-subjects.js';
import { runRequestedRecomputes } from './run-requested-recomputes.js';
import { startRecomputeWorker } from './run-recompute-worker.js';
import { eventually } from '../testing/eventually.js';


describeEachDatabase('whole-workspace recompute requests', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  const members = async (segmentId: number) =>
    (await db().query<{ subject_id: number }>('SELECT subject_id FROM segment_members WHERE workspace_id = $1 AND segment_id = $2 ORDER BY subject_id', [w(), segmentId])).map((r) => r.subject_id);
  const requests = async () => db().query<{ id: number; claimed_at: Date | null; reason: string }>('SELECT id, claimed_at, reason FROM recompute_requests WHERE workspace_id = $1 ORDER BY id', [w()]);
  const queued = async () => (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM recompute_queue WHERE workspace_id = $1', [w()]))[0]!.n;
  /** Sets the accounts' rfm_score (a bulk writer's change, without queueing). */
  const score = (ids: number[], value: number) =>
    db().execute(
      `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at, rfm_score)
       SELECT $1, 'account', 'rfm', id, 'rfm', now(), $3 FROM unnest($2::bigint[]) AS u(id)
       ON CONFLICT (workspace_id, subject_type, family, subject_id) DO UPDATE SET rfm_score = excluded.rfm_score`,
      [w(), ids, value],
    );

  it('queues few changed subjects one by one, and asks for one whole-workspace run when most of a large workspace changed', async () => {
    const made = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) SELECT $1, 'Bulk ' || g FROM generate_series(1, $2::int) g RETURNING id`, [w(), WORKSPACE_RECOMPUTE_MIN + 10]);
    const ids = made.map((a) => a.id);
    await db().exec('CREATE TABLE test_changed (subject_id bigint)');
    const change = async (some: number[]) => {
      await db().execute('DELETE FROM test_changed');
      await db().execute('INSERT INTO test_changed SELECT unnest($1::bigint[])', [some]);
      return db().transaction((tx) => queueChangedSubjects(tx, w(), 'account', { changed: some.length, selectIds: 'SELECT subject_id FROM test_changed', reason: 'test' }));
    };
    // Under the minimum: queued.
    expect(await change(ids.slice(0, 20))).toEqual({ queued: 20, requested: false });
    expect(await queued()).toBe(20);
    // Every account changed: one request, no queue rows.
    await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [w()]);
    expect(await change(ids)).toEqual({ queued: 0, requested: true });
    expect(await queued()).toBe(0);
    expect(await requests()).toMatchObject([{ reason: 'test', claimed_at: null }]);
    // Enough subjects, but under half of the workspace (the workspace grew): queued.
    await db().execute('DELETE FROM recompute_requests WHERE workspace_id = $1', [w()]);
    await db().execute(`INSERT INTO accounts (workspace_id, name) SELECT $1, 'More ' || g FROM generate_series(1, $2::int) g`, [w(), WORKSPACE_RECOMPUTE_MIN + 30]);
    expect(await change(ids)).toEqual({ queued: ids.length, requested: false });
    expect(await requests()).toEqual([]);
    await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [w()]);
    await db().execute('DELETE FROM accounts WHERE workspace_id = $1', [w()]);
    await db().exec('DROP TABLE test_changed');
  }, 120_000);

  it('runs the requested recompute over every subject, then removes only the requests it claimed before it started', async () => {
    const segment = await createSegment(db(), w(), { key: 'top-rfm', name: 'Top RFM', subject_type: 'account', kind: 'dynamic', rule: { metric: 'rfm_score', op: 'gte', value: 500 } });
    const made = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) SELECT $1, 'Scored ' || g FROM generate_series(1, 30) g RETURNING id`, [w()]);
    const ids = made.map((a) => a.id);
    await runRequestedRecomputes(db()); // nothing requested: nothing runs
    await score(ids, 555);
    await db().transaction((tx) => requestWorkspaceRecompute(tx, w(), 'account', ids.length, 'test'));
    const [first] = await requests();
    // A bulk writer records another request while the run is under way (after its first batch).
    let recorded = false;
    const ran = await runRequestedRecomputes(db(), {
      batchSize: 10,
      betweenBatches: async () => {
        if (recorded) return;
        recorded = true;
        await score(ids.slice(0, 5), 111);
        await db().transaction((tx) => requestWorkspaceRecompute(tx, w(), 'account', 5, 'later'));
      },
    });
    expect(ran).toBe(1);
    // Every scored account was placed and evaluated (the run read the scores of the first request) ...
    const staged = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM subject_stages WHERE workspace_id = $1 AND subject_type = 'account' AND subject_id = ANY($2::bigint[])`, [w(), ids]);
    expect(staged[0]!.n).toBe(30);
    expect((await members(segment.id)).filter((id) => ids.includes(id)).length).toBeGreaterThanOrEqual(25);
    // ... and only the request claimed at its start is gone.
    const left = await requests();
    expect(left.map((r) => r.reason)).toEqual(['later']);
    expect(left[0]!.id).not.toBe(first!.id);
    expect(left[0]!.claimed_at).toBeNull();
    // The next run serves the later one: the five accounts leave the segment.
    expect(await runRequestedRecomputes(db())).toBe(1);
    expect(await requests()).toEqual([]);
    const now = await members(segment.id);
    expect(ids.filter((id) => now.includes(id))).toEqual(ids.slice(5));
  });

  it('leaves requests another worker holds alone, takes them back when the lease ran out, and gives them back when a run fails', async () => {
    await db().transaction((tx) => requestWorkspaceRecompute(tx, w(), 'account', 1, 'held'));
    await db().execute(`UPDATE recompute_requests SET claimed_at = clock_timestamp() WHERE workspace_id = $1`, [w()]);
    expect(await runRequestedRecomputes(db())).toBe(0);
    expect(await requests()).toHaveLength(1);
    // The holder died: after its lease the request is claimed again.
    await db().execute(`UPDATE recompute_requests SET claimed_at = clock_timestamp() - interval '1 hour' WHERE workspace_id = $1`, [w()]);
    const stop = new AbortController();
    stop.abort();
    await expect(runRequestedRecomputes(db(), { signal: stop.signal })).rejects.toThrow();
    // Not even claimed (stopped before): still claimable after the old lease.
    await expect(runRequestedRecomputes(db(), { betweenBatches: async () => Promise.reject(new Error('batch failed')), batchSize: 1_000 })).rejects.toThrow('batch failed');
    expect(await requests()).toMatchObject([{ reason: 'held', claimed_at: null }]);
    expect(await runRequestedRecomputes(db())).toBe(1);
    expect(await requests()).toEqual([]);
  });

  it('is served by the recompute worker', async () => {
    const segment = await createSegment(db(), w(), { key: 'low-rfm', name: 'Low RFM', subject_type: 'account', kind: 'dynamic', rule: { metric: 'rfm_score', op: 'lt', value: 200 } });
    const [account] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Worker Oy') RETURNING id`, [w()]);
    const worker = startRecomputeWorker(db(), { drainIntervalMs: 20, scheduleIntervalMs: 0, drainLimit: 100 });
    try {
      await eventually('the worker evaluates the new segment', async () => (await requests()).length === 0 && !(await members(segment.id)).includes(account!.id));
      await db().transaction(async (tx) => {
        await tx.execute(
          `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at, rfm_score) VALUES ($1, 'account', 'rfm', $2, 'rfm', now(), 111)`,
          [w(), account!.id],
        );
        await requestWorkspaceRecompute(tx, w(), 'account', 1, 'test');
      });
      await eventually('the account enters the segment', async () => (await members(segment.id)).includes(account!.id));
      await eventually('the request is removed', async () => (await requests()).length === 0);
    } finally {
      await worker.stop();
    }
  });
});
