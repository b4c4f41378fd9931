import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../http/build-server.js';
import { importFile } from '../import/import-file.js';
import { getLifecycleDefinition } from '../lifecycle/get-lifecycle-definition.js';
import { saveLifecycleDefinition } from '../lifecycle/save-lifecycle-definition.js';
import { createSegment } from '../segments/create-segment.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { drainRecomputeQueue } from './drain-recompute-queue.js';
import { markSubjectsDirty } from './mark-subjects-dirty.js';
import { recomputeWorkspace } from './recompute-workspace.js';
import { startRecomputeWorker } from './run-recompute-worker.js';
import { eventually } from '../testing/eventually.js';

const DAY = 86_400_000;
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;


describeEachDatabase('recompute worker', ({ db, ws, kind }) => {
  const w = () => ws().workspace.id;
  const members = async (segmentId: number) =>
    (await db().query<{ subject_id: number }>('SELECT subject_id FROM segment_members WHERE workspace_id = $1 AND segment_id = $2 ORDER BY subject_id', [w(), segmentId])).map((r) => r.subject_id);

  describe('incremental, behind the HTTP server', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildServer({ config: { logLevel: 'silent' }, db: db(), recomputeWorker: { drainIntervalMs: 20, scheduleIntervalMs: 0, drainLimit: 100 } });
      await app.ready(); // the worker starts when the server is ready
    });
    afterAll(async () => app.close());

    it('puts a contact into a segment after its tracked event, once the worker has drained the queue', async () => {
      const segment = await createSegment(db(), w(), {
        key: 'reporters',
        name: 'Made a report',
        subject_type: 'contact',
        kind: 'dynamic',
        rule: { event: 'Report Created', op: 'gte', value: 1 },
      });
      await eventually('the worker evaluates the new segment', async () => {
        const [s] = await db().query<{ evaluated_version: number | null }>('SELECT evaluated_version FROM segments WHERE workspace_id = $1 AND id = $2', [w(), segment.id]);
        return s!.evaluated_version === 1;
      });
      const sent = Date.now();
      const res = await app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { authorization: basic(ws().writeKey.token) },
        payload: { userId: 'worker-u1', event: 'Report Created', properties: { pages: 3 } },
      });
      expect(res.statusCode, res.body).toBe(200);
      const [contact] = await db().query<{ id: number }>(`SELECT id FROM contacts WHERE workspace_id = $1 AND external_id = 'worker-u1'`, [w()]);
      await eventually('the contact enters the segment', async () => (await members(segment.id)).includes(contact!.id));
      const latency = Date.now() - sent;
      expect(latency).toBeLessThan(15_000);

      const timeline = await db().query<{ name: string; message_id: string; contact_id: number }>(
        `SELECT name, message_id, contact_id FROM events WHERE workspace_id = $1 AND contact_id = $2 AND type = 'system' AND name = 'Segment Entered'`,
        [w(), contact!.id],
      );
      expect(timeline).toHaveLength(1);
      expect(timeline[0]!.message_id).toMatch(/^segment:\d+$/);
      // The lifecycle moved too (its step runs after the segments'): the contact gets a stage.
      await eventually('the contact gets a stage', async () =>
        (await db().query(`SELECT 1 FROM subject_stages WHERE workspace_id = $1 AND subject_type = 'contact' AND subject_id = $2`, [w(), contact!.id])).length === 1,
      );
      // The worker has drained everything the ingest queued.
      const [{ n }] = (await db().query<{ n: number }>('SELECT count(*) AS n FROM recompute_queue WHERE workspace_id = $1', [w()])) as [{ n: number }];
      expect(n).toBe(0);
    });

    it('places every subject again after the lifecycle definition is saved, and marks the version evaluated', async () => {
      const [account] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, industry) VALUES ($1, 'Elinkaari Oy', 'Lifecycle') RETURNING id`, [w()]);
      await db().transaction((tx) => markSubjectsDirty(tx, w(), 'account', [account!.id]));
      const stageOf = async () =>
        (await db().query<{ stage: string }>(`SELECT stage FROM subject_stages WHERE workspace_id = $1 AND subject_type = 'account' AND subject_id = $2`, [w(), account!.id]))[0]?.stage;
      await eventually('the account is placed', async () => (await stageOf()) !== undefined);
      const before = await stageOf();
      // A new transition: any prospect of the industry 'Lifecycle' is at decision. Nothing about the account changes.
      const { definition } = await getLifecycleDefinition(db(), w(), 'account');
      const next = structuredClone(definition);
      next.transitions.unshift({ key: 'lifecycle_industry', from: [before!], to: 'decision', rule: { trait: 'industry', op: 'eq', value: 'Lifecycle' }, description: { fi: 'Testi', en: 'Test' } });
      const saved = await saveLifecycleDefinition(db(), w(), 'account', { definition: next });
      expect(saved.changed).toBe(true);
      await eventually('the worker applies the new version', async () => (await stageOf()) === 'decision');
      await eventually('the version is marked evaluated', async () => {
        const [row] = await db().query<{ evaluated_at: Date | null }>(`SELECT evaluated_at FROM lifecycle_definitions WHERE workspace_id = $1 AND subject_type = 'account' AND version = $2`, [w(), saved.version]);
        return row!.evaluated_at !== null;
      });
    });

    it('takes a deleted contact out of its segments silently', async () => {
      const [segment] = await db().query<{ id: number }>(`SELECT id FROM segments WHERE workspace_id = $1 AND key = 'reporters'`, [w()]);
      const before = await members(segment!.id);
      expect(before.length).toBe(1);
      const res = await app.inject({ method: 'DELETE', url: `/api/v1/contacts/${before[0]}`, headers: { authorization: `Bearer ${ws().adminKey.token}` } });
      expect(res.statusCode).toBe(204);
      await eventually('the deleted contact leaves the segment', async () => (await members(segment!.id)).length === 0);
      const [s] = await db().query<{ member_count: number }>('SELECT member_count FROM segments WHERE workspace_id = $1 AND id = $2', [w(), segment!.id]);
      expect(s!.member_count).toBe(0);
    });
  });

  it('re-evaluates a time-dependent segment when the clock moves, with no new event', async () => {
    const [account] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Clock Oy') RETURNING id`, [w()]);
    const t0 = new Date('2026-03-01T12:00:00Z');
    await db().query(
      `INSERT INTO events (workspace_id, message_id, type, name, account_id, occurred_at, source) VALUES ($1, 'clock-login', 'track', 'Login', $2, $3, 'api')`,
      [w(), account!.id, t0],
    );
    const segment = await createSegment(db(), w(), {
      key: 'logged-in-this-week',
      name: 'Logged in this week',
      subject_type: 'account',
      kind: 'dynamic',
      rule: { event: 'Login', op: 'gte', value: 1, within_days: 7 },
    });
    expect(segment.time_dependent).toBe(true);
    let now = new Date(t0.getTime() + DAY);
    const worker = startRecomputeWorker(db(), { drainIntervalMs: 20, scheduleIntervalMs: 1, drainLimit: 100, clock: () => now });
    try {
      await eventually('the account enters while its login is in the window', async () => (await members(segment.id)).includes(account!.id));
      now = new Date(t0.getTime() + 8 * DAY);
      await eventually('the account leaves when the login falls out of the window', async () => !(await members(segment.id)).includes(account!.id));
    } finally {
      await worker.stop();
    }
    const history = await db().query<{ change: string; changed_at: Date }>(
      'SELECT change, changed_at FROM segment_history WHERE workspace_id = $1 AND segment_id = $2 AND subject_id = $3 ORDER BY id',
      [w(), segment.id, account!.id],
    );
    expect(history.map((h) => h.change)).toEqual(['entered', 'exited']);
    expect(history[1]!.changed_at.getTime()).toBe(t0.getTime() + 8 * DAY);
  });

  it('evaluates segments that read stages after the stages move, in one run', async () => {
    const segment = await createSegment(db(), w(), {
      key: 'aware-accounts',
      name: 'Accounts in awareness',
      subject_type: 'account',
      kind: 'dynamic',
      rule: { stage_in: ['awareness'] },
    });
    const [account] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Staged Oy') RETURNING id`, [w()]);
    const result = await recomputeWorkspace(db(), w(), { segments: 'all', stages: 'all' });
    expect(result.stages.placed).toBeGreaterThan(0);
    expect(await members(segment.id)).toContain(account!.id);
    const [s] = await db().query<{ evaluated_version: number; member_count: number }>('SELECT evaluated_version, member_count FROM segments WHERE workspace_id = $1 AND id = $2', [w(), segment.id]);
    expect(s).toMatchObject({ evaluated_version: 1, member_count: (await members(segment.id)).length });
  });

  it('lets concurrent drains claim disjoint subjects, each once', async () => {
    const made = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) SELECT $1, 'Queue ' || g FROM generate_series(1, 60) g RETURNING id`, [w()]);
    await db().transaction((tx) => markSubjectsDirty(tx, w(), 'account', made.map((a) => a.id)));
    const results = await Promise.all([drainRecomputeQueue(db(), { limit: 25 }), drainRecomputeQueue(db(), { limit: 25 }), drainRecomputeQueue(db(), { limit: 25 })]);
    expect(results.reduce((n, r) => n + r.claimed, 0)).toBe(60);
    const [{ n }] = (await db().query<{ n: number }>('SELECT count(*) AS n FROM recompute_queue WHERE workspace_id = $1', [w()])) as [{ n: number }];
    expect(n).toBe(0);
    // Every one of them got its first stage exactly once.
    const placed = await db().query<{ n: number }>(
      `SELECT count(*) AS n FROM stage_history WHERE workspace_id = $1 AND subject_type = 'account' AND subject_id = ANY($2::bigint[]) AND from_stage IS NULL`,
      [w(), made.map((a) => a.id)],
    );
    expect(placed[0]!.n).toBe(60);
  });

  it('runs its drains two at once on PostgreSQL (one on PGlite), and every queued subject is recomputed once', async () => {
    const made = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) SELECT $1, 'Kaksi ' || g FROM generate_series(1, 400) g RETURNING id`, [w()]);
    // The drains at work at once: their facts statements, watched from pg_stat_activity.
    await db().transaction((tx) => markSubjectsDirty(tx, w(), 'account', made.map((a) => a.id)));
    const errors: unknown[] = [];
    let most = 0;
    let watching = kind === 'postgres';
    const watch = (async () => {
      while (watching) {
        const [{ n }] = (await db().query<{ n: number }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%kanta_recompute_batch_facts%' AND pid <> pg_backend_pid()`,
        )) as [{ n: number }];
        most = Math.max(most, Number(n));
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const worker = startRecomputeWorker(db(), { drainIntervalMs: 10, scheduleIntervalMs: 0, drainLimit: 20, drains: 2, onError: (e) => errors.push(e) });
    try {
      await eventually('the queue is drained', async () => {
        const [{ n }] = (await db().query<{ n: number }>('SELECT count(*) AS n FROM recompute_queue WHERE workspace_id = $1', [w()])) as [{ n: number }];
        return Number(n) === 0;
      });
    } finally {
      await worker.stop();
      watching = false;
      await watch;
    }
    expect(errors).toEqual([]);
    const placed = await db().query<{ n: number }>(
      `SELECT count(*) AS n FROM stage_history WHERE workspace_id = $1 AND subject_type = 'account' AND subject_id = ANY($2::bigint[]) AND from_stage IS NULL`,
      [w(), made.map((a) => a.id)],
    );
    expect(Number(placed[0]!.n)).toBe(400);
    if (kind === 'postgres') expect(most).toBe(2);
  });

  it("recomputes a changed contact's account too: account rules read their contacts", async () => {
    const [account] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Contacts Oy') RETURNING id`, [w()]);
    const [contact] = await db().query<{ id: number }>(
      `INSERT INTO contacts (workspace_id, account_id, email, buying_role) VALUES ($1, $2, 'boss@contacts.fi', 'decision_maker') RETURNING id`,
      [w(), account!.id],
    );
    const segment = await createSegment(db(), w(), {
      key: 'engaged-deciders',
      name: 'A decision maker signed in',
      subject_type: 'account',
      kind: 'dynamic',
      rule: { contacts: 'any', where: { all: [{ trait: 'buying_role', op: 'eq', value: 'decision_maker' }, { event: 'Login', op: 'gte', value: 1 }] } },
    });
    await recomputeWorkspace(db(), w(), { segments: { ids: [segment.id] }, stages: 'none' });
    expect(await members(segment.id)).not.toContain(account!.id);
    // An event on the contact only (no account on it); only the contact is queued.
    await db().query(`INSERT INTO events (workspace_id, message_id, type, name, contact_id, occurred_at, source) VALUES ($1, 'deciders-login', 'track', 'Login', $2, now(), 'api')`, [
      w(),
      contact!.id,
    ]);
    await db().transaction((tx) => markSubjectsDirty(tx, w(), 'contact', [contact!.id]));
    const drained = await drainRecomputeQueue(db());
    expect(drained.claimed).toBe(1);
    expect(await members(segment.id)).toContain(account!.id);
  });

  it('queues what an import changed, and nothing when the same file comes again', async () => {
    await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [w()]);
    const text = 'external_id,name,country\nimp-q-1,Tuonti Oy,FI\nimp-q-2,Vienti Oy,SE\n';
    async function* source() {
      yield Buffer.from(text);
    }
    const queued = async () =>
      (
        await db().query<{ external_id: string }>(
          `SELECT a.external_id FROM recompute_queue q JOIN accounts a ON a.workspace_id = q.workspace_id AND a.id = q.subject_id
            WHERE q.workspace_id = $1 AND q.subject_type = 'account' ORDER BY 1`,
          [w()],
        )
      ).map((r) => r.external_id);
    const first = await importFile(db(), w(), { kind: 'accounts', format: 'csv', source: source(), bytesTotal: text.length });
    expect(first.status).toBe('succeeded');
    expect(await queued()).toEqual(['imp-q-1', 'imp-q-2']);
    await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [w()]);
    await importFile(db(), w(), { kind: 'accounts', format: 'csv', source: source(), bytesTotal: text.length });
    expect(await queued()).toEqual([]);
  });
});
