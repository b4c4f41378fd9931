import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import { getShareOfWallet } from './get-share-of-wallet.js';

const AS_OF = new Date('2026-06-30T00:00:00Z');
const DAY = 86_400_000;

// [name, industry, employees, traits, orders as [days before AS_OF, total, refunded, status?], incentives]
type Row = [string, string | null, number | null, Record<string, unknown>, [number, number, number, string?][], number[]];
const ROWS: Row[] = [
  ['IT 1', 'IT', 10, { category_spend_eur: 1000, cost_to_serve_eur: 100 }, [[30, 500, 0]], [20]],
  ['IT 2', 'IT', 10, { category_spend_eur: '2000' }, [[40, 1000, 200]], []],
  ['IT 3', 'IT', 10, { category_spend_eur: 3000 }, [[400, 900, 0]], []], // outside the 12 months
  ['IT 4', 'IT', 10, { category_spend_eur: 4000 }, [[10, 700, 0, 'cancelled']], []],
  ['IT 5', 'IT', 10, { category_spend_eur: 5000, cost_to_serve_eur: 1000 }, [[100, 2500, 0]], [50, 25]],
  ['IT new', 'IT', 20, { cost_to_serve_eur: 'n/a' }, [[5, 1200, 0]], []], // estimated: 20 x 300
  ['Retail 1', 'Retail', 100, { category_spend_eur: 10000 }, [], []],
  ['Retail 2', 'Retail', 40, {}, [[200, 4000, 0]], []], // estimated: 40 x 250 (the overall median: Retail has too few)
  ['Unknown', null, null, {}, [[60, 300, 0]], []], // nothing to estimate from
];

describeEachDatabase('share of wallet and profitability', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const ids = new Map<string, number>();
  beforeAll(async () => {
    const w = ws().workspace.id;
    let n = 0;
    for (const [name, industry, employees, traits, orders, incentives] of ROWS) {
      const [a] = await db().query<{ id: number }>('INSERT INTO accounts (workspace_id, name, industry, employees, traits) VALUES ($1, $2, $3, $4, $5) RETURNING id', [w, name, industry, employees, JSON.stringify(traits)]);
      ids.set(name, a!.id);
      for (const [days, total, refunded, status] of orders) {
        await db().execute('INSERT INTO orders (workspace_id, external_id, account_id, total, refunded_total, status, ordered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          w, `w${n++}`, a!.id, total, refunded, status ?? (refunded ? 'partially_refunded' : 'completed'), new Date(AS_OF.getTime() - days * DAY),
        ]);
      }
      for (const amount of incentives) {
        await db().execute(`INSERT INTO events (workspace_id, message_id, type, name, account_id, properties, occurred_at, source) VALUES ($1, $2, 'track', 'Incentive Granted', $3, $4, $5, 'test')`, [
          w, `i${n++}`, a!.id, JSON.stringify({ amount }), new Date(AS_OF.getTime() - 15 * DAY),
        ]);
      }
    }
  });

  it('sets revenue against known or estimated category spend, and profit where the cost is known', async () => {
    const r = await getShareOfWallet(db(), ws().workspace.id, { asOf: AS_OF, by: 'industry' });
    expect(r.estimate.per_employee_by_industry).toEqual({ IT: 300 });
    expect(r.estimate.per_employee_overall).toBe(250);
    const it = r.groups.find((g) => g.group === 'IT')!;
    // Revenue in the window: 500 + 800 + 0 + 0 + 2500 + 1200.
    expect(it.revenue).toBe(5000);
    expect(it).toMatchObject({ accounts: 6, spend_known: 5, spend_estimated: 1, category_spend: 15000 + 6000 });
    expect(it.share_of_wallet).toBeCloseTo(5000 / 21000, 12);
    // Profit over the two accounts with a cost: (500 + 2500) - (100 + 1000) - (20 + 50 + 25).
    expect(it).toMatchObject({ cost_known: 2, cost_to_serve: 1100, incentives: 95, profit: 1805 });
    expect(it.margin).toBeCloseTo(1805 / 3000, 12);
    const retail = r.groups.find((g) => g.group === 'Retail')!;
    expect(retail).toMatchObject({ revenue: 4000, category_spend: 20000, spend_estimated: 1, profit: null });
    expect(r.total.accounts).toBe(9);
    expect(r.total.revenue).toBe(9300);
    // The unknown account has revenue but no spend: it counts in revenue, not in the share.
    expect(r.total.share_of_wallet).toBeCloseTo((5000 + 4000) / 41000, 12);
    // Headroom among customers: Retail 2 has 10000 - 4000 left to win, IT 5 2500, IT new 4800.
    expect(r.top_headroom.map((a) => [a.name, a.headroom, a.spend_source])).toEqual([
      ['Retail 2', 6000, 'estimate'],
      ['IT new', 4800, 'estimate'],
      ['IT 5', 2500, 'trait'],
      ['IT 2', 1200, 'trait'],
      ['IT 1', 500, 'trait'],
    ]);
  });

  it('scales yearly spend and cost to the window, and answers for one account', async () => {
    const half = await getShareOfWallet(db(), ws().workspace.id, { asOf: AS_OF, months: 6, accountId: ids.get('IT 5')! });
    expect(half.total).toMatchObject({ accounts: 1, revenue: 2500, category_spend: 2500, share_of_wallet: 1, cost_to_serve: 500, profit: 2500 - 500 - 75 });
    await expect(getShareOfWallet(db(), ws().workspace.id, { accountId: 987654321 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('answers over REST and names bad parameters', async () => {
    const ok = await server.call('GET', `/api/v1/analytics/share-of-wallet?as_of=${AS_OF.toISOString()}&by=industry&top=2`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().top_headroom).toHaveLength(2);
    const account = await server.call('GET', `/api/v1/accounts/${ids.get('IT 1')}/wallet?as_of=${AS_OF.toISOString()}`);
    expect(account.statusCode, account.body).toBe(200);
    expect(account.json()).toMatchObject({ revenue: 500, category_spend: 1000, spend_source: 'trait', share_of_wallet: 0.5, profit: 380 });
    expect((await server.call('GET', '/api/v1/analytics/share-of-wallet?months=0')).statusCode).toBe(400);
    const badTrait = await server.call('GET', '/api/v1/analytics/share-of-wallet?spend_trait=a%20b');
    expect(badTrait.statusCode).toBe(400);
    expect(badTrait.json().errors[0].path).toBe('/spend_trait');
  });
});
