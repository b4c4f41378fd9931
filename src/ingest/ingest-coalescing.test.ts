import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { ingestMessages } from './ingest-messages.js';

const track = (prefix: string, n: number, extra: Record<string, unknown> = {}) => ({
  batch: Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `${prefix}-user-${i % 2}`, event: `${prefix} Event`, messageId: `${prefix}-${i}`, ...extra })),
});

/** Concurrent requests of plain events share one database call (queue-plain-events.ts); each keeps its own outcome. */
describeEachDatabase('tracking API: concurrent requests of plain events', ({ db, ws }) => {
  it('stores each of many concurrent requests, with its own count and time of arrival', async () => {
    const w = ws().workspace.id;
    const arrivals = [0, 1, 2, 3, 4].map((k) => new Date(Date.UTC(2026, 2, 1, 12, k)));
    const results = await Promise.all(arrivals.map((at, k) => ingestMessages(db(), w, 'batch', track(`co${k}`, k + 1), at)));
    expect(results).toEqual([1, 2, 3, 4, 5].map((n) => ({ received: n, stored: n })));
    const rows = await db().query<{ prefix: string; n: number; received_at: Date }>(
      `SELECT split_part(message_id, '-', 1) AS prefix, count(*) AS n, min(received_at) AS received_at
         FROM events WHERE workspace_id = $1 AND message_id LIKE 'co%' GROUP BY 1 ORDER BY 1`,
      [w],
    );
    expect(rows.map((r) => [r.prefix, r.n, new Date(r.received_at).toISOString()])).toEqual(arrivals.map((at, k) => [`co${k}`, k + 1, at.toISOString()]));
    const queued = await db().query<{ n: number }>(
      `SELECT count(*) AS n FROM recompute_queue q JOIN contacts c ON c.workspace_id = q.workspace_id AND c.id = q.subject_id
        WHERE q.workspace_id = $1 AND q.subject_type = 'contact' AND c.external_id LIKE 'co%'`,
      [w],
    );
    // co0 has one user, the others two each.
    expect(queued[0]!.n).toBe(9);
  });

  it('stores a message sent in two concurrent requests once, counted for one of them', async () => {
    const w = ws().workspace.id;
    const results = await Promise.all([ingestMessages(db(), w, 'batch', track('dup', 4)), ingestMessages(db(), w, 'batch', track('dup', 6))]);
    expect(results.map((r) => r.received)).toEqual([4, 6]);
    expect(results[0]!.stored + results[1]!.stored).toBe(6);
    const [n] = await db().query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND message_id LIKE 'dup-%'`, [w]);
    expect(n!.n).toBe(6);
  });

  it('fails only the request the database refuses; the concurrent ones are stored', async () => {
    const w = ws().workspace.id;
    // jsonb cannot hold \u0000: the database refuses this request's events.
    const bad = track('bad', 2, { properties: { note: 'nul \u0000 here' } });
    const outcomes = await Promise.allSettled([
      ingestMessages(db(), w, 'batch', track('ok1', 3)),
      ingestMessages(db(), w, 'batch', bad),
      ingestMessages(db(), w, 'batch', track('ok2', 2)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await db().query<{ prefix: string; n: number }>(
      `SELECT split_part(message_id, '-', 1) AS prefix, count(*) AS n FROM events
        WHERE workspace_id = $1 AND (message_id LIKE 'ok%' OR message_id LIKE 'bad-%') GROUP BY 1 ORDER BY 1`,
      [w],
    );
    expect(rows).toEqual([
      { prefix: 'ok1', n: 3 },
      { prefix: 'ok2', n: 2 },
    ]);
  });
});
