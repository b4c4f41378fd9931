import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import { getLeavingReasons } from './get-leaving-reasons.js';

const AS_OF = new Date('2026-06-30T00:00:00Z');
const DAY = 86_400_000;

// [name, country, first order days before AS_OF, revenue in the year before leaving, cancel events as [days before AS_OF, reason]]
const ROWS: [string, string, number, number, [number, string | null][]][] = [
  ['A', 'FI', 800, 1000, [[100, 'price']]],
  ['B', 'FI', 500, 3000, [[50, 'price']]],
  ['C', 'SE', 400, 500, [[300, 'not_used'], [20, 'budget_cut']]], // the latest reason counts
  ['D', 'SE', 300, 0, [[10, null]]],
  ['E', 'FI', 2000, 700, [[900, 'price']]], // left before the window
];

describeEachDatabase('reasons for leaving', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  beforeAll(async () => {
    const w = ws().workspace.id;
    let n = 0;
    for (const [name, country, firstDays, revenue, cancels] of ROWS) {
      const [a] = await db().query<{ id: number }>('INSERT INTO accounts (workspace_id, name, country) VALUES ($1, $2, $3) RETURNING id', [w, name, country]);
      const lastCancel = Math.min(...cancels.map(([d]) => d));
      await db().execute('INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at) VALUES ($1, $2, $3, 100, $4)', [w, `l${n++}`, a!.id, new Date(AS_OF.getTime() - firstDays * DAY)]);
      if (revenue > 0) await db().execute('INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at) VALUES ($1, $2, $3, $4, $5)', [w, `l${n++}`, a!.id, revenue, new Date(AS_OF.getTime() - (lastCancel + 30) * DAY)]);
      for (const [days, reason] of cancels) {
        await db().execute(`INSERT INTO events (workspace_id, message_id, type, name, account_id, properties, occurred_at, source) VALUES ($1, $2, 'track', 'Subscription Cancelled', $3, $4, $5, 'test')`, [
          w, `c${n++}`, a!.id, JSON.stringify(reason === null ? {} : { reason }), new Date(AS_OF.getTime() - days * DAY),
        ]);
      }
    }
  });

  it("counts each leaver's latest reason in the window, with the revenue it cost and the tenure", async () => {
    const r = await getLeavingReasons(db(), ws().workspace.id, { asOf: AS_OF });
    expect(r.leavers).toBe(4);
    expect(r.reasons.map((x) => [x.reason, x.accounts])).toEqual([['price', 2], ['(not given)', 1], ['budget_cut', 1]]);
    const price = r.reasons[0]!;
    expect(price.share).toBe(0.5);
    // The first orders (700 and 450 days before leaving) fall outside the last year: only the later ones count.
    expect(price.revenue_lost).toBe(1000 + 3000);
    // Tenure: A 800 - 100 = 700 days, B 500 - 50 = 450 days.
    expect(price.median_tenure_days).toBe(575);
  });

  it('splits by group, and answers over REST', async () => {
    const r = await getLeavingReasons(db(), ws().workspace.id, { asOf: AS_OF, by: 'country' });
    expect(r.groups.map((g) => [g.group, g.leavers])).toEqual([['FI', 2], ['SE', 2]]);
    expect(r.reasons.find((x) => x.reason === 'price')!.median_tenure_days).toBe(575);
    const ok = await server.call('GET', `/api/v1/analytics/leaving-reasons?as_of=${AS_OF.toISOString()}&months=36`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().leavers).toBe(5);
    expect((await server.call('GET', '/api/v1/analytics/leaving-reasons?months=0')).statusCode).toBe(400);
  });
});
