import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../import/import-file.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { createWorkspace } from '../../workspaces/create-workspace.js';
import { readCdnowSample } from '../models/testing/read-cdnow.js';
import { computeRfmScores } from './compute-rfm-scores.js';
import { getRfmSegments } from './get-rfm-segments.js';
import { RFM_SEGMENTS, rfmSegmentOf } from './rfm-segment.js';
import { scoreMetricRowsSql } from '../../rules/score-families.js';
import { WORKSPACE_RECOMPUTE_MIN } from '../../recompute/queue-changed-subjects.js';
import { runRequestedRecomputes } from '../../recompute/run-requested-recomputes.js';

const SAMPLE = fileURLToPath(new URL('../../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));

/** Quintile by rank, ties sharing the lowest rank: the definition, written independently of the SQL. */
function rankQuintiles(values: number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const firstIndex = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (!firstIndex.has(v)) firstIndex.set(v, i);
  });
  return values.map((v) => 1 + Math.floor((5 * firstIndex.get(v)!) / n));
}

describe('rfmSegmentOf', () => {
  it('puts every cell of the 5 x 5 grid in exactly one named segment', () => {
    const grid: string[] = [];
    for (let r = 5; r >= 1; r--) {
      let row = '';
      for (let f = 1; f <= 5; f++) row += `${rfmSegmentOf(r, f).slice(0, 3)} `;
      grid.push(row.trim());
    }
    expect(grid).toEqual([
      'new pot pot cha cha',
      'pro pot pot loy loy',
      'abo abo nee loy loy',
      'hib hib at_ at_ can',
      'hib hib at_ at_ can',
    ]);
    expect(new Set(RFM_SEGMENTS.map((s) => s.key)).size).toBe(10);
  });
});

describeEachDatabase('RFM scores', ({ db }) => {
  let n = 0;
  const newWorkspace = async () => (await createWorkspace(db(), { slug: `rfm-${++n}`, name: `RFM ${n}` })).id;

  it('scores a hand-made set: quintiles by rank, ties share a score, cancelled orders and refunds handled', async () => {
    const ws = await newWorkspace();
    // Ten accounts; account k (1..10) has k orders, the last k days before the as-of day, each worth 10 * k.
    const ids: number[] = [];
    for (let k = 1; k <= 10; k++) {
      const [a] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, $2) RETURNING id`, [ws, `A${k}`]);
      ids.push(a!.id);
      await db().query(
        `INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at)
         SELECT $1, 'o-' || $2 || '-' || g, $3, 10 * $2, timestamptz '2024-06-30T12:00:00Z' - make_interval(days => $2 + g - 1)
           FROM generate_series(1, $2::int) g`,
        [ws, k, a!.id],
      );
    }
    // Account 10 also has a cancelled order (ignored) and a refund of 50 on one order.
    await db().query(`INSERT INTO orders (workspace_id, external_id, account_id, status, total, ordered_at) VALUES ($1, 'x', $2, 'cancelled', 5000, '2024-06-30T11:00:00Z')`, [ws, ids[9]]);
    await db().query(`UPDATE orders SET refunded_total = 50, status = 'partially_refunded' WHERE workspace_id = $1 AND external_id = 'o-10-1'`, [ws]);
    // Account 4 and 5 tie on frequency once 5 loses an order to cancellation.
    await db().query(`UPDATE orders SET status = 'cancelled' WHERE workspace_id = $1 AND external_id = 'o-5-5'`, [ws]);
    // An account without orders gets no scores.
    await db().query(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'No orders')`, [ws]);

    const result = await computeRfmScores(db(), ws, { asOf: '2024-07-01T00:00:00Z' });
    expect(result.accounts).toBe(10);
    const rows = await db().query<{ subject_id: number; metric: string; value: number; model: string }>(
      `SELECT s.subject_id, x.metric, x.value, s.model FROM subject_scores s CROSS JOIN LATERAL ${scoreMetricRowsSql('s')} AS x(metric, value) WHERE s.workspace_id = $1 ORDER BY s.subject_id, x.metric`,
      [ws],
    );
    const score = (id: number, metric: string) => rows.find((r) => r.subject_id === id && r.metric === metric)?.value;
    // Recency: account 1's last order is newest (1 day), account 10's oldest (10 days): R falls with k.
    expect(ids.map((id) => score(id, 'rfm_r'))).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // Frequency: 1, 2, 3, 4, 4 (tie), 6, ..., 10 orders.
    expect(ids.map((id) => score(id, 'rfm_f'))).toEqual([1, 1, 2, 2, 2, 3, 4, 4, 5, 5]);
    // Monetary: 10, 40, 90, 160, 200 (4 orders of 50), 360, 490, 640, 810, and 950 for account 10 (1000 less the refund).
    expect(ids.map((id) => score(id, 'rfm_m'))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(score(ids[0]!, 'rfm_score')).toBe(511);
    expect(score(ids[9]!, 'rfm_score')).toBe(155);
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(['rfm']));
    expect(rows).toHaveLength(40);
    // Segment counts follow the grid: (5,1) x2 new customers, (4,2) x2 potential loyalists, (3,2) x1 and (3,3) x1,
    // (2,4) x2 at risk, (1,5) x2 can't lose them.
    const count = Object.fromEntries(result.segments.map((s) => [s.segment, s.accounts]));
    expect(count).toMatchObject({ new_customers: 2, potential_loyalists: 2, about_to_sleep: 1, need_attention: 1, at_risk: 2, cant_lose_them: 2, champions: 0 });
    expect(result.segments.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 12);
    const cant = result.segments.find((s) => s.segment === 'cant_lose_them')!;
    expect(cant.avg_frequency).toBe(9.5);
    expect(cant.avg_monetary).toBe((810 + 950) / 2);
    expect(cant.avg_recency_days).toBeCloseTo(((9 + 10) / 2) + 0.5, 6);
    // Every changed account was queued for recompute.
    const [queued] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM recompute_queue WHERE workspace_id = $1`, [ws]);
    expect(queued!.n).toBe(10);
    expect(result.changed).toBe(10);

    // The same computation again changes nothing and queues nobody.
    expect((await computeRfmScores(db(), ws, { asOf: '2024-07-01T00:00:00Z' })).changed).toBe(0);

    // GET reads the same segments back without recomputing.
    const stored = await getRfmSegments(db(), ws);
    expect(stored.accounts).toBe(10);
    expect(stored.segments.map((s) => [s.segment, s.accounts])).toEqual(result.segments.map((s) => [s.segment, s.accounts]));

    // An account whose orders all go away loses its scores on the next run.
    await db().query(`UPDATE orders SET status = 'cancelled' WHERE workspace_id = $1 AND account_id = $2`, [ws, ids[0]]);
    const again = await computeRfmScores(db(), ws, { asOf: '2024-07-01T00:00:00Z' });
    expect(again.accounts).toBe(9);
    expect(again.removed).toBe(1);
    const left = await db().query(`SELECT 1 FROM subject_scores WHERE workspace_id = $1 AND subject_id = $2`, [ws, ids[0]]);
    expect(left).toHaveLength(0);
  });

  it('a later run rewrites only the accounts whose scores moved and ends where a run from nothing would', async () => {
    const ws = await newWorkspace();
    await importFile(db(), ws, { kind: 'orders', format: 'cdnow', source: createReadStream(SAMPLE), bytesTotal: statSync(SAMPLE).size });
    const asOf = '1998-07-01T00:00:00Z';
    await computeRfmScores(db(), ws, { asOf });
    const read = () =>
      db().query<{ subject_id: number; metric: string; value: number; computed_at: Date }>(
        `SELECT s.subject_id, x.metric, x.value, s.computed_at FROM subject_scores s CROSS JOIN LATERAL ${scoreMetricRowsSql('s')} AS x(metric, value) WHERE s.workspace_id = $1 ORDER BY s.subject_id, x.metric`,
        [ws],
      );
    const before = await read();
    await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [ws]);
    // Three top spenders buy a lot more on the last day: their F and M may move, and so may the ranks of others.
    const top = await db().query<{ account_id: number }>(
      `SELECT account_id FROM orders WHERE workspace_id = $1 GROUP BY account_id ORDER BY count(*), account_id LIMIT 3`,
      [ws],
    );
    for (const t of top) {
      await db().query(
        `INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at)
         SELECT $1, 'extra-' || $2::bigint || '-' || g, $2::bigint, 5000, timestamptz '1998-06-30T12:00:00Z' FROM generate_series(1, 40) g`,
        [ws, t.account_id],
      );
    }
    const later = await computeRfmScores(db(), ws, { asOf });
    const after = await read();
    const valueOf = (rows: typeof before) => new Map(rows.map((r) => [`${r.subject_id}/${r.metric}`, r]));
    const old = valueOf(before);
    const moved = new Set(after.filter((r) => old.get(`${r.subject_id}/${r.metric}`)?.value !== r.value).map((r) => r.subject_id));
    expect(moved.size).toBeGreaterThanOrEqual(3);
    expect(later.changed).toBe(moved.size);
    // Rows of accounts that did not move keep their computed_at: they were not rewritten.
    for (const r of after) if (!moved.has(r.subject_id)) expect(r.computed_at.getTime()).toBe(old.get(`${r.subject_id}/${r.metric}`)!.computed_at.getTime());
    const queued = await db().query<{ subject_id: number }>(`SELECT subject_id FROM recompute_queue WHERE workspace_id = $1 ORDER BY subject_id`, [ws]);
    expect(queued.map((q) => q.subject_id)).toEqual([...moved].sort((a, b) => a - b));
    // From nothing: the same rows.
    await db().execute('DELETE FROM subject_scores WHERE workspace_id = $1', [ws]);
    await computeRfmScores(db(), ws, { asOf });
    expect((await read()).map((r) => [r.subject_id, r.metric, r.value])).toEqual(after.map((r) => [r.subject_id, r.metric, r.value]));
  });

  it('asks for one whole-workspace recompute instead of queueing when most of a large workspace changed, and the run re-evaluates every account', async () => {
    const ws = await newWorkspace();
    const n = WORKSPACE_RECOMPUTE_MIN + 5;
    await db().query(`INSERT INTO accounts (workspace_id, name) SELECT $1, 'Bulk ' || g FROM generate_series(1, $2::int) g`, [ws, n]);
    await db().query(
      `INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at)
       SELECT $1, 'b-' || a.id, a.id, 10 + a.id % 97, timestamptz '2024-06-30T12:00:00Z' - make_interval(days => (a.id % 300)::int) FROM accounts a WHERE a.workspace_id = $1`,
      [ws],
    );
    const result = await computeRfmScores(db(), ws, { asOf: '2024-07-01T00:00:00Z' });
    expect(result.changed).toBe(n);
    const [queued] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM recompute_queue WHERE workspace_id = $1`, [ws]);
    expect(queued!.n).toBe(0);
    const requests = () => db().query<{ subject_type: string; subjects: number; reason: string }>('SELECT subject_type, subjects, reason FROM recompute_requests WHERE workspace_id = $1', [ws]);
    expect(await requests()).toEqual([{ subject_type: 'account', subjects: n, reason: 'rfm' }]);
    // The worker's run re-evaluates every account's stage and segments, then drops the request.
    expect(await runRequestedRecomputes(db())).toBeGreaterThanOrEqual(1);
    const [staged] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM subject_stages WHERE workspace_id = $1 AND subject_type = 'account'`, [ws]);
    expect(staged!.n).toBe(n);
    expect(await requests()).toEqual([]);
  }, 120_000);

  it('scores the CDNOW sample exactly as an independent computation from the file', async () => {
    const ws = await newWorkspace();
    await importFile(db(), ws, { kind: 'orders', format: 'cdnow', source: createReadStream(SAMPLE), bytesTotal: statSync(SAMPLE).size });
    const asOf = '1998-07-01T00:00:00Z';
    const result = await computeRfmScores(db(), ws, { asOf });
    expect(result.accounts).toBe(2357);

    // From the file: per sample customer, last day, number of records, sum of dollars.
    const tx = readCdnowSample();
    const per = new Map<number, { last: number; count: number; total: number }>();
    for (let i = 0; i < tx.customer.length; i++) {
      const c = per.get(tx.customer[i]!) ?? { last: -Infinity, count: 0, total: 0 };
      c.last = Math.max(c.last, tx.day[i]!);
      c.count += 1;
      c.total += tx.amount[i]!;
      per.set(tx.customer[i]!, c);
    }
    const keys = [...per.keys()];
    const r = rankQuintiles(keys.map((k) => per.get(k)!.last));
    const f = rankQuintiles(keys.map((k) => per.get(k)!.count));
    const m = rankQuintiles(keys.map((k) => Math.round(per.get(k)!.total * 100)));
    const expected = new Map(keys.map((k, i) => [k, 100 * r[i]! + 10 * f[i]! + m[i]!]));

    const stored = await db().query<{ sample_id: number; score: number }>(
      `SELECT (a.traits ->> 'cdnow_sample_id')::int AS sample_id, m.rfm_score AS score
         FROM subject_scores m JOIN accounts a ON a.workspace_id = m.workspace_id AND a.id = m.subject_id
        WHERE m.workspace_id = $1 AND m.family = 'rfm'`,
      [ws],
    );
    expect(stored).toHaveLength(2357);
    let mismatches = 0;
    for (const s of stored) if (expected.get(s.sample_id) !== s.score) mismatches += 1;
    expect(mismatches).toBe(0);
    // Ties: over half the customers bought on one day only, so they share F = 1.
    const fCounts = new Map<number, number>();
    for (const v of f) fCounts.set(v, (fCounts.get(v) ?? 0) + 1);
    expect(fCounts.get(1)).toBeGreaterThan(1178);
    const bySegment = Object.fromEntries(result.segments.map((s) => [s.segment, s.accounts]));
    const fromFile = new Map<string, number>();
    keys.forEach((_, i) => fromFile.set(rfmSegmentOf(r[i]!, f[i]!), (fromFile.get(rfmSegmentOf(r[i]!, f[i]!)) ?? 0) + 1));
    for (const [seg, c] of fromFile) expect(bySegment[seg]).toBe(c);
  });
});
