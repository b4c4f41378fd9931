import { describe, expect, it } from 'vitest';
import { buildServer } from '../http/build-server.js';
import type { Database, Queryable } from '../db/database.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { markSubjectsDirty } from './mark-subjects-dirty.js';
import { startRecomputeWorker, type RecomputeWorkerOptions } from './run-recompute-worker.js';
import { trackForegroundWork } from './track-foreground-work.js';
import { eventually as pollUntil } from '../testing/eventually.js';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

const eventually = (what: string, check: () => Promise<boolean>, ms = 30_000) => pollUntil(what, check, ms, 10);

interface Statement {
  claim: boolean;
  /** A claim's limit. */
  limit?: number;
  /** The size of the next batch of a whole-workspace run, when the statement finds where that batch ends. */
  batch?: number;
  start: number;
  end: number;
}

/** The real database, with the start and end time of every statement the worker runs recorded (each made slowMs slower). */
function recording(db: Database, log: Statement[], slowMs = 0): Database {
  const timed = (q: Queryable): Queryable => {
    const run = async <T>(sql: string, f: () => Promise<T>, params?: unknown[]): Promise<T> => {
      const start = performance.now();
      try {
        if (slowMs > 0) await new Promise((r) => setTimeout(r, slowMs));
        return await f();
      } finally {
        const claim = /^\s*DELETE FROM recompute_queue q\s+USING/.test(sql);
        const bound = /ORDER BY id OFFSET \$3 LIMIT 1/.test(sql);
        log.push({ claim, ...(claim ? { limit: Number(params![0]) } : {}), ...(bound ? { batch: Number(params![2]) } : {}), start, end: performance.now() });
      }
    };
    return {
      query: (sql, params) => run(sql, () => q.query(sql, params), params),
      execute: (sql, params) => run(sql, () => q.execute(sql, params), params),
      exec: (sql) => run(sql, () => q.exec(sql)),
      copyCsv: (table, columns, csv) => run('COPY', () => q.copyCsv(table, columns, csv)),
      copyBinary: (table, columns, data) => run('COPY', () => q.copyBinary(table, columns, data)),
    } as Queryable;
  };
  return { ...timed(db), kind: db.kind, transaction: (fn) => db.transaction((tx) => fn(timed(tx))), close: () => db.close() };
}

/** Each claim's tick: from the claim to the end of the last statement before the next claim, and the pause after it. */
function ticks(log: Statement[]): Array<{ worked: number; rested: number }> {
  const claims = log.flatMap((s, i) => (s.claim ? [i] : []));
  return claims.slice(0, -1).map((at, k) => {
    const next = claims[k + 1]!;
    const lastEnd = Math.max(...log.slice(at, next).map((s) => s.end));
    return { worked: lastEnd - log[at]!.start, rested: log[next]!.start - lastEnd };
  });
}

describe('trackForegroundWork', () => {
  it('counts the time two requests or more are in flight (one waits behind another), once however many overlap', () => {
    let now = 1_000;
    const work = trackForegroundWork(() => now);
    expect(work.busyMs()).toBe(0);
    // One request at a time, however long, is a stream the server keeps up with.
    work.begin();
    now += 40;
    expect(work.busyMs()).toBe(0);
    work.begin();
    now += 5;
    work.begin();
    now += 5;
    expect(work.busyMs()).toBe(10);
    work.end();
    now += 5;
    work.end();
    now += 100;
    expect(work.busyMs()).toBe(15);
    work.end();
    // An end without a begin (a response closed twice) changes nothing.
    work.end();
    work.begin();
    work.begin();
    now += 7;
    work.end();
    work.end();
    expect(work.busyMs()).toBe(22);
  });
});

describeEachDatabase('recompute worker under ingest', ({ db, ws, kind }) => {
  const w = () => ws().workspace.id;
  const queue = async (n: number, label: string) => {
    const made = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email) SELECT $1, $2 || g || '@yield.fi' FROM generate_series(1, $3::int) g RETURNING id`, [
      w(),
      label,
      n,
    ]);
    await db().transaction((tx) => markSubjectsDirty(tx, w(), 'contact', made.map((c) => c.id)));
    return made.map((c) => c.id);
  };
  const queued = async () => (await db().query<{ n: number }>('SELECT count(*) AS n FROM recompute_queue WHERE workspace_id = $1', [w()]))[0]!.n;
  const staged = async (ids: number[]) =>
    (await db().query<{ n: number }>(`SELECT count(*) AS n FROM subject_stages WHERE workspace_id = $1 AND subject_type = 'contact' AND subject_id = ANY($2::bigint[])`, [w(), ids]))[0]!.n;

  /** Runs a worker with two requests held in flight (ingest saturating the server) until the queue is empty; its statements. */
  const drainUnderIngest = async (options: Omit<RecomputeWorkerOptions, 'foreground'>, slowMs = 0): Promise<Statement[]> => {
    const foreground = trackForegroundWork();
    // Two requests that stay in flight: one waits behind the other, the server is saturated.
    foreground.begin();
    foreground.begin();
    const log: Statement[] = [];
    const worker = startRecomputeWorker(recording(db(), log, slowMs), { ...options, foreground });
    try {
      await eventually('the worker drains the queue under ingest', async () => (await queued()) === 0);
    } finally {
      await worker.stop();
      foreground.end();
      foreground.end();
    }
    return log;
  };

  it('rests three times as long as it worked while ingest keeps the server busy, and still recomputes every subject', async () => {
    const ids = await queue(120, 'busy');
    const log = await drainUnderIngest({ drainIntervalMs: 5, scheduleIntervalMs: 0, drainLimit: 30, yieldWindowMs: 0 });
    expect(await staged(ids)).toBe(120);
    const measured = ticks(log);
    // 120 subjects, 30 a claim, one claim a tick: at least three full ticks before the last claim.
    expect(measured.length).toBeGreaterThanOrEqual(3);
    // The first tick did not know of the ingest yet (it looks after its drain); every later one rests (at most a second).
    // The worker times its tick with Date.now() (whole milliseconds, times three): up to 3 ms less than these statement times.
    for (const t of measured) expect(t.rested).toBeGreaterThanOrEqual(Math.min(3 * t.worked, 1_000) - 5);
  });

  it('rests no longer than maxYieldRestMs however long its tick worked, so a backlog cannot lengthen the rests', async () => {
    const ids = await queue(400, 'capped');
    // Every statement 30 ms slower: each tick (a dozen statements and more) works well over 300 ms,
    // so without the cap it would rest over 900 ms; the bound below leaves 300 ms for a loaded
    // machine's scheduler (a 100 ms margin once failed in a clean-clone CI run).
    const log = await drainUnderIngest({ drainIntervalMs: 5, scheduleIntervalMs: 0, drainLimit: 100, maxYieldRestMs: 10, yieldWindowMs: 0 }, 30);
    expect(await staged(ids)).toBe(400);
    const measured = ticks(log);
    expect(measured.length).toBeGreaterThanOrEqual(2);
    for (const t of measured) {
      expect(t.worked).toBeGreaterThan(300);
      expect(t.rested).toBeLessThan(10 + 300);
    }
  });

  it('claims fewer subjects under ingest when its drains work longer than 300 ms, so its rests stay short and its share a quarter', async () => {
    const ids = await queue(400, 'adapt');
    // Every statement 30 ms slower: a drain (a dozen statements and more) takes well over 300 ms.
    const log = await drainUnderIngest({ drainIntervalMs: 5, scheduleIntervalMs: 0, drainLimit: 100, yieldWindowMs: 0 }, 30);
    expect(await staged(ids)).toBe(400);
    const limits = log.filter((s) => s.claim).map((s) => s.limit!);
    // The first tick does not yet know of the ingest; the second claims the full 100; later ones claim fewer.
    // On PGlite claims adapt from the first drain on (a drain holds the one connection).
    const full = kind === 'pglite' ? 1 : 2;
    expect(limits.slice(0, full)).toEqual(Array(full).fill(100));
    expect(Math.max(...limits.slice(full))).toBeLessThan(100);
    expect(Math.min(...limits)).toBeGreaterThanOrEqual(50);
  });

  it('judges ingest over yieldWindowMs: requests queueing for a shorter time (a cold start) do not make it rest', async () => {
    const ids = await queue(120, 'burst');
    const log = await drainUnderIngest({ drainIntervalMs: 5, scheduleIntervalMs: 0, drainLimit: 30, yieldWindowMs: 60_000 });
    expect(await staged(ids)).toBe(120);
    const measured = ticks(log);
    expect(measured.length).toBeGreaterThanOrEqual(3);
    expect(measured.some((t) => t.rested < 0.5 * t.worked)).toBe(true);
  });

  it('on PGlite judges ingest over a quarter of yieldWindowMs the first time (a drain there holds the one connection); on PostgreSQL over all of it', async () => {
    await queue(150, 'first');
    // Every statement 20 ms slower: a tick of one claim of 10 works about 300 ms, so 15 ticks take
    // about 4.5 s back to back; a yielding tick rests 100 ms (maxYieldRestMs) after its work.
    const log = await drainUnderIngest({ drainIntervalMs: 5, scheduleIntervalMs: 0, drainLimit: 10, maxYieldRestMs: 100, yieldWindowMs: 4_000 }, 20);
    const first = log[0]!.start;
    const claims = log.flatMap((s, i) => (s.claim ? [i] : []));
    const rests = claims.slice(1).map((at, k) => {
      const lastEnd = Math.max(...log.slice(claims[k]!, at).map((s) => s.end));
      return { at: lastEnd - first, rested: log[at]!.start - lastEnd };
    });
    const earlyRests = rests.filter((r) => r.at < 3_500 && r.rested >= 80);
    if (kind === 'pglite') expect(earlyRests.length).toBeGreaterThan(0);
    else expect(earlyRests).toEqual([]);
  });

  it('makes the batches of a whole-workspace run smaller under ingest when they work longer than 300 ms', async () => {
    await queue(900, 'batches');
    // The queue drained first (no rest: the ingest is not known yet), then the schedule's run over
    // every contact at start, in batches of 400 at first. Every statement 20 ms slower: a batch
    // (a dozen statements and more) works well over 300 ms, so the next ones are smaller.
    const log: Statement[] = [];
    const foreground = trackForegroundWork();
    foreground.begin();
    foreground.begin();
    const worker = startRecomputeWorker(recording(db(), log, 20), {
      drainIntervalMs: 5,
      scheduleIntervalMs: 3_600_000,
      drainLimit: 1_000,
      batchSize: 400,
      maxYieldRestMs: 50,
      yieldWindowMs: 0,
      foreground,
    });
    try {
      await eventually('the schedule run splits the contacts into three batches', async () => log.filter((s) => s.batch !== undefined).length >= 3);
    } finally {
      await worker.stop();
      foreground.end();
      foreground.end();
    }
    const sizes = log.flatMap((s) => (s.batch !== undefined ? [s.batch] : []));
    expect(sizes[0]).toBe(400);
    expect(Math.min(...sizes.slice(1))).toBeLessThan(400);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(100);
  });

  it('drains a backlog back to back when no ingest is running', async () => {
    const ids = await queue(120, 'idle');
    const log: Statement[] = [];
    const worker = startRecomputeWorker(recording(db(), log), { drainIntervalMs: 5, scheduleIntervalMs: 0, drainLimit: 30, foreground: trackForegroundWork() });
    try {
      await eventually('the worker drains the queue', async () => (await queued()) === 0);
    } finally {
      await worker.stop();
    }
    expect(await staged(ids)).toBe(120);
    const measured = ticks(log);
    expect(measured.length).toBeGreaterThanOrEqual(3);
    // Full claims follow each other in the same tick, without a rest.
    expect(measured.some((t) => t.rested < 0.5 * t.worked)).toBe(true);
  });

  it('counts the tracking API as foreground work, and not the admin API', async () => {
    const foreground = trackForegroundWork();
    const app = await buildServer({ config: { logLevel: 'silent' }, db: db(), recomputeWorker: { drainIntervalMs: 60_000, scheduleIntervalMs: 0, drainLimit: 10, foreground } });
    // Another tracking request in flight all along: each one the server takes makes two.
    foreground.begin();
    try {
      const before = foreground.busyMs();
      const res = await app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { authorization: basic(ws().writeKey.token) },
        payload: { userId: 'yield-u1', event: 'Login' },
      });
      expect(res.statusCode, res.body).toBe(200);
      await new Promise((r) => setTimeout(r, 20));
      const afterIngest = foreground.busyMs();
      expect(afterIngest).toBeGreaterThan(before);
      // Its response closed: no request counts as in flight any more, so the busy time stands still.
      await new Promise((r) => setTimeout(r, 20));
      expect(foreground.busyMs()).toBe(afterIngest);
      const api = await app.inject({ method: 'GET', url: '/api/v1/accounts', headers: { authorization: `Bearer ${ws().adminKey.token}` } });
      expect(api.statusCode, api.body).toBe(200);
      await new Promise((r) => setTimeout(r, 20));
      expect(foreground.busyMs()).toBe(afterIngest);
    } finally {
      foreground.end();
      await app.close();
    }
  });
});
