import { beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import { createWorkspace } from '../../workspaces/create-workspace.js';
import { fitShiftedBetaGeometric } from '../models/fit-shifted-beta-geometric.js';
import { projectShiftedBetaGeometric } from '../models/project-shifted-beta-geometric.js';
import { projectCohortSurvival, type CohortSurvivalInput } from './project-cohort-survival.js';

// Fader & Hardie (2007), "How to Project Customer Retention": customers alive at the start of
// years 1-8 of the high-end segment of 1,000 (alpha 0.668, beta 3.806).
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];
const AS_OF = '2007-12-15T00:00:00Z';
const CHURN_AFTER_DAYS = 300;

/**
 * One acquisition cohort as accounts with yearly orders: account i is acquired on January
 * 1 + (i mod 28) of `year` and renews on each anniversary while it stays. One that leaves after
 * k years renews k - 1 times: it ordered on the ends of years 1..k-1 and not after, so it
 * churned at the end of year k. The survivors of the last followed year renew once more. As of
 * AS_OF with 300 days to tell churn, the years that ended by 2007-02-18 are followed: 7 for the
 * cohort of 2000, 4 for that of 2003.
 */
async function loadCohort(db: Queryable, ws: number, year: number, alive: readonly number[], prefix: string): Promise<void> {
  const lastRenewal: number[] = [];
  for (let k = 1; k < alive.length; k++) for (let i = 0; i < alive[k - 1]! - alive[k]!; i++) lastRenewal.push(k - 1);
  for (let i = 0; i < alive.at(-1)!; i++) lastRenewal.push(alive.length - 1);
  const ids = await db.query<{ id: number }>(
    `INSERT INTO accounts (workspace_id, name) SELECT $1, $2 || g FROM generate_series(1, $3::int) AS g ORDER BY g RETURNING id`,
    [ws, `${prefix} `, lastRenewal.length],
  );
  const firsts = ids.map((_, i) => new Date(Date.UTC(year, 0, 1 + (i % 28), 10)));
  await db.execute(
    `INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at)
     SELECT $1, $2 || u.account_id || '-' || y, u.account_id, 100, u.first_at + make_interval(years => y)
       FROM unnest($3::bigint[], $4::int[], $5::timestamptz[]) AS u(account_id, last_renewal, first_at)
      CROSS JOIN LATERAL generate_series(0, u.last_renewal) AS y`,
    [ws, `${prefix}-`, ids.map((r) => r.id), lastRenewal, firsts],
  );
}

/** The same cohort as contractual lifetime traits: tenure in months (half a year into the year of leaving) and Churn. */
async function loadLifetimes(db: Queryable, ws: number, alive: readonly number[]): Promise<void> {
  const rows: { tenure: number; churn: string }[] = [];
  for (let k = 1; k < alive.length; k++) for (let i = 0; i < alive[k - 1]! - alive[k]!; i++) rows.push({ tenure: 12 * k - 6, churn: 'Yes' });
  for (let i = 0; i < alive.at(-1)!; i++) rows.push({ tenure: 12 * (alive.length - 1), churn: 'No' });
  await db.execute(
    `INSERT INTO accounts (workspace_id, name, traits) SELECT $1, 'Subscriber ' || n, jsonb_build_object('tenure', t::text, 'Churn', c)
       FROM unnest($2::int[], $3::text[]) WITH ORDINALITY AS u(t, c, n)`,
    [ws, rows.map((r) => r.tenure), rows.map((r) => r.churn)],
  );
}

async function refusal(db: Queryable, ws: number, input: CohortSurvivalInput): Promise<AppError> {
  try {
    await projectCohortSurvival(db, ws, input);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the projection did not refuse');
}

describeEachDatabase('retention projected with the shifted-beta-geometric model', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  let n = 0;
  const newWorkspace = async () => (await createWorkspace(db(), { slug: `sbg-${++n}`, name: `sBG ${n}` })).id;

  beforeAll(async () => {
    await loadCohort(db(), ws().workspace.id, 2000, HIGH_END, 'high');
  });

  it("recovers Fader & Hardie's estimates for the high-end segment from accounts and orders", async () => {
    const r = await projectCohortSurvival(db(), ws().workspace.id, { period: 'year', horizon: 5, asOf: AS_OF, churnAfterDays: CHURN_AFTER_DAYS });
    expect(r.cohorts).toEqual([{ cohort: '2000', accounts: 1000, followed: 7, alive: HIGH_END }]);
    expect(r.fit.alpha).toBeCloseTo(0.668, 3);
    expect(r.fit.beta).toBeCloseTo(3.806, 3);
    expect(r.fit.log_likelihood).toBeCloseTo(-1611.2, 1);
    expect(r.fit).toMatchObject({ converged: true, periods: 7 });
    expect(r).toMatchObject({ source: 'orders', period: 'year', accounts: 1000, churned: 509, unobserved_accounts: 0, churn_after_days: CHURN_AFTER_DAYS });
    // Observed survival next to the model's: one cohort, so the survivors over its size.
    expect(r.rows).toHaveLength(7 + 5 + 1);
    for (const row of r.rows.slice(0, 8)) {
      expect(row.observed).toBe(true);
      expect(row.actual).toBeCloseTo(HIGH_END[row.period]! / 1000, 12);
      expect(Math.abs(row.projected - row.actual!)).toBeLessThan(0.02);
    }
    expect(r.rows[3]).toMatchObject({ at_risk: 743, churned: 90 });
    expect(r.rows[3]!.actual_retention_rate).toBeCloseTo(653 / 743, 12);
    const gaps = r.rows.slice(1, 8).map((row) => Math.abs(row.actual! - row.projected));
    expect(r.fit.mean_absolute_gap).toBeCloseTo(gaps.reduce((s, g) => s + g, 0) / 7, 12);
    expect(r.fit.mean_absolute_gap).toBeLessThan(0.015);
    // The projection: r(t) = (beta + t - 1) / (alpha + beta + t - 1), rising with tenure.
    const future = r.rows.slice(8);
    expect(future.every((row) => !row.observed && row.actual === null && row.at_risk === null)).toBe(true);
    expect(future[0]!.retention_rate).toBeCloseTo((r.fit.beta + 7) / (r.fit.alpha + r.fit.beta + 7), 12);
    expect(future[0]!.projected).toBeCloseTo(r.rows[7]!.projected * future[0]!.retention_rate!, 12);
    expect(future.at(-1)!.retention_rate!).toBeGreaterThan(future[0]!.retention_rate!);
    // Remaining lifetime within 5 years: a new customer stays about 4 of them, a loyal one more.
    expect(r.rows[0]!.remaining_lifetime).toBeCloseTo([0, 1, 2, 3, 4].reduce((s, k) => s + r.rows[k]!.projected, 0), 12);
    expect(r.rows[7]!.remaining_lifetime).toBeGreaterThan(r.rows[0]!.remaining_lifetime);
    expect(r.rows[7]!.remaining_lifetime).toBeLessThanOrEqual(5);
    // alpha < 1: the mean lifetime is infinite; the model has half the customers gone after 7 years, as the data (49.1 % left).
    expect(r.mean_lifetime).toBeNull();
    expect(r.median_lifetime).toBe(7);
    expect(r.rows[7]!.projected).toBeLessThanOrEqual(0.5);
    expect(r.rows[6]!.projected).toBeGreaterThan(0.5);
  });

  it('pools cohorts followed for different lengths (later periods right-censored) and recovers the parameters they were made from', async () => {
    // Two cohorts of 2,000 at the survival an sBG with alpha = 3, beta = 6 expects (rounded).
    const expected = projectShiftedBetaGeometric({ alpha: 3, beta: 6 }, 7).survival;
    const old = Array.from(expected, (s) => Math.round(2000 * s));
    const young = old.slice(0, 5);
    const w = await newWorkspace();
    await loadCohort(db(), w, 2000, old, 'old');
    await loadCohort(db(), w, 2003, young, 'young');
    const r = await projectCohortSurvival(db(), w, { period: 'year', asOf: AS_OF, churnAfterDays: CHURN_AFTER_DAYS });
    expect(r.cohorts.map((c) => [c.cohort, c.followed, c.alive])).toEqual([
      ['2000', 7, old],
      ['2003', 4, young],
    ]);
    expect(r.fit.alpha).toBeCloseTo(3, 1);
    expect(r.fit.beta).toBeCloseTo(6, 1);
    const pure = fitShiftedBetaGeometric([old, young]);
    if (!pure.ok) throw new Error(pure.message);
    expect(r.fit.alpha).toBeCloseTo(pure.params.alpha, 8);
    expect(r.fit.beta).toBeCloseTo(pure.params.beta, 8);
    expect(r.fit.log_likelihood).toBeCloseTo(pure.logLikelihood, 6);
    // alpha > 1: a finite mean lifetime (alpha + beta - 1) / (alpha - 1), about 4 years.
    expect(r.mean_lifetime).toBeCloseTo((r.fit.alpha + r.fit.beta - 1) / (r.fit.alpha - 1), 12);
    expect(r.mean_lifetime).toBeCloseTo(4, 1);
    // At risk in year 4: both cohorts; in year 5 only the older one.
    expect(r.rows[4]).toMatchObject({ at_risk: 2 * old[3]!, churned: 2 * (old[3]! - old[4]!) });
    expect(r.rows[5]).toMatchObject({ at_risk: old[4], churned: old[4]! - old[5]! });
    expect(r.rows[7]!.actual).toBeCloseTo(old[7]! / 2000, 12);

    // Only the newest cohort: the older one's accounts are counted as left out.
    const newest = await projectCohortSurvival(db(), w, { period: 'year', asOf: AS_OF, churnAfterDays: CHURN_AFTER_DAYS, cohorts: 1 });
    expect(newest.cohorts.map((c) => c.cohort)).toEqual(['2003']);
    expect(newest.older_cohort_accounts).toBe(2000);
    const alone = fitShiftedBetaGeometric([young]);
    if (!alone.ok) throw new Error(alone.message);
    expect(newest.fit.alpha).toBeCloseTo(alone.params.alpha, 8);
  });

  it('fits lifetimes given as traits (tenure in months and Churn = Yes) by the year or by the month', async () => {
    const w = await newWorkspace();
    await loadLifetimes(db(), w, HIGH_END);
    await db().execute(`INSERT INTO accounts (workspace_id, name, traits) VALUES ($1, 'No tenure', '{"Churn": "No"}'), ($1, 'Just joined', '{"tenure": "0", "Churn": "No"}')`, [w]);
    const lifetime = { durationTrait: 'tenure', unit: 'month', churnTrait: 'Churn', churnValue: 'Yes' } as const;
    const yearly = await projectCohortSurvival(db(), w, { period: 'year', lifetime });
    expect(yearly.fit.alpha).toBeCloseTo(0.668, 3);
    expect(yearly.fit.beta).toBeCloseTo(3.806, 3);
    expect(yearly).toMatchObject({ source: 'traits', churn_after_days: null, accounts: 1000, churned: 509, skipped_accounts: 1, unobserved_accounts: 1 });
    expect(yearly.rows.slice(0, 8).map((row) => Math.round(row.actual! * 1000))).toEqual(HIGH_END);
    // By the month: each churner left in the sixth month of its last year, so the monthly fit sees those months only.
    const monthly = await projectCohortSurvival(db(), w, { period: 'month', horizon: 12, lifetime });
    expect(monthly.fit.periods).toBe(84);
    expect(monthly.rows[6]).toMatchObject({ at_risk: 1000, churned: 131 });
    expect(monthly.rows).toHaveLength(84 + 12 + 1);
  });

  it('says what is missing instead of fitting too little data', async () => {
    const empty = await newWorkspace();
    const none = await refusal(db(), empty, { period: 'year' });
    expect(none).toMatchObject({ code: 'unprocessable', extra: { reason: 'no_accounts' } });
    expect(none.message).toContain('no account has an order');

    // Customers of the last few weeks: no cohort has been followed for a whole month yet.
    const fresh = await newWorkspace();
    const now = Date.now();
    for (let i = 0; i < 30; i++) {
      const [a] = await db().query<{ id: number }>('INSERT INTO accounts (workspace_id, name) VALUES ($1, $2) RETURNING id', [fresh, `New ${i}`]);
      await db().execute('INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at) VALUES ($1, $2, $3, 10, $4)', [fresh, `n${i}`, a!.id, new Date(now - (i % 20) * 86_400_000)]);
    }
    const young = await refusal(db(), fresh, { period: 'month' });
    expect(young.extra).toMatchObject({ reason: 'not_followed_yet', unobserved: 30 });
    expect(young.message).toContain('no acquisition cohort has been followed for a whole month yet: a month counts once it ended at least 365 days (churn_after_days) before');
    expect(young.message).toContain('(30 accounts are newer than that; the first orders are from');

    // The high-end cohort by the year as of mid-2002: followed one year only (the second ended less than 300 days before).
    const short = await refusal(db(), ws().workspace.id, { period: 'year', asOf: '2002-06-30', churnAfterDays: CHURN_AFTER_DAYS });
    expect(short.extra).toMatchObject({ reason: 'too_few_periods', periods: 1, needed: 2 });
    expect(short.issues).toEqual([{ path: '/period', message: 'too few periods' }]);

    // Nobody has stopped ordering.
    const faithful = await newWorkspace();
    await loadCohort(db(), faithful, 2000, [30, 30, 30], 'faithful');
    const loyal = await refusal(db(), faithful, { period: 'year', asOf: '2002-12-15', churnAfterDays: CHURN_AFTER_DAYS });
    expect(loyal.extra).toMatchObject({ reason: 'too_few_churned', churned: 0, accounts: 30 });
    expect(loyal.message).toContain('only 0 of 30 accounts churned (stopped ordering) in the followed periods; the fit needs at least 10 churners');

    const bad = await refusal(db(), ws().workspace.id, { period: 'week' as 'month', horizon: 0, lifetime: { durationTrait: 'ten ure', unit: 'month', churnTrait: 'Churn', churnValue: 'Yes' } });
    expect(bad.code).toBe('validation_failed');
    expect(bad.issues.map((i) => i.path)).toEqual(['/period', '/horizon', '/duration_trait']);
  });

  describe('over REST', () => {
    it('answers with the fit and the rows, and refuses with a problem that names the reason', async () => {
      const ok = await server.call('GET', `/api/v1/analytics/retention/projection?period=year&horizon=3&as_of=${AS_OF}&churn_after_days=${CHURN_AFTER_DAYS}`);
      expect(ok.statusCode, ok.body).toBe(200);
      const body = ok.json();
      expect(body.fit.alpha).toBeCloseTo(0.668, 3);
      expect(body.rows).toHaveLength(11);
      expect(ok.body).not.toContain('NaN');
      const refused = await server.call('GET', '/api/v1/analytics/retention/projection?period=year&as_of=2002-06-30&churn_after_days=300');
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ reason: 'too_few_periods', periods: 1 });
      expect((await server.call('GET', '/api/v1/analytics/retention/projection?period=week')).statusCode).toBe(400);
      const partial = await server.call('GET', '/api/v1/analytics/retention/projection?duration_trait=tenure');
      expect(partial.statusCode).toBe(400);
      expect(partial.json().errors.map((e: { path: string }) => e.path)).toEqual(['querystring/churn_trait', 'querystring/churn_value']);
    });
  });
});
