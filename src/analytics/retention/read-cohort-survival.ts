import type { Queryable } from '../../db/database.js';

/**
 * Survivor counts of acquisition cohorts, the data the shifted-beta-geometric model is fitted
 * on, read from the database in one aggregate query.
 *
 * From the orders (cancelled ones excluded, dates in UTC): an account's cohort is the month or
 * year of its first order, and periods are counted from its own first order day (period t ends
 * t months or years after it). It is still a customer at the end of period t when it ordered on
 * or after that day; the period holding its last order is the one at whose end it churned (its
 * lifetime runs from the first to the last order, as in the Kaplan-Meier curves). Whether it
 * ordered again is only known once `churnAfterDays` have passed without an order, so a period
 * counts as followed when it ended at least `churnAfterDays` before `asOf`. A cohort is followed
 * for the whole periods its youngest account has had by then; its survivor count at the last of
 * them is right-censored. Cohorts not yet followed for a whole period are left out (their
 * accounts are counted in `unobserved`).
 *
 * From lifetime traits (contractual data that knows each lifetime, e.g. Telco: tenure in months
 * and Churn = Yes): an account that churned after d units churned at the end of the period that
 * holds d (ceil(d / period), at least 1); one that has not was alive at the end of each whole
 * period within d (floor(d / period)). There are no acquisition dates, so the accounts are
 * grouped by how long they were followed (the churners up to their churn): the likelihood of
 * those groups is that of the accounts one by one.
 */
export interface LifetimeTraits {
  durationTrait: string;
  unit: 'day' | 'week' | 'month';
  churnTrait: string;
  churnValue: string;
}

export type SurvivalPeriod = 'month' | 'year';

export interface CohortSurvivors {
  /** YYYY-MM or YYYY of acquisition; for lifetime traits "followed N". */
  cohort: string;
  /** alive[0] accounts acquired; alive[t] still active at the end of period t, for the periods followed. */
  alive: number[];
}

export interface CohortSurvivalData {
  cohorts: CohortSurvivors[];
  /** Accounts acquired too recently to be followed for one whole period. */
  unobserved: number;
  /** Accounts without a numeric duration trait (lifetime traits only). */
  skipped: number;
  /** The first order of any account (orders only; null without orders or from traits). */
  firstOrderAt: Date | null;
}

/** Length of a month or year in each lifetime unit (a month is a twelfth of the mean Gregorian year). */
const UNITS_PER_PERIOD: Record<SurvivalPeriod, Record<LifetimeTraits['unit'], number>> = {
  month: { day: 365.25 / 12, week: 365.25 / 12 / 7, month: 1 },
  year: { day: 365.25, week: 365.25 / 7, month: 12 },
};

export async function readCohortSurvivalFromOrders(
  db: Queryable,
  workspaceId: number,
  input: { period: SurvivalPeriod; asOf: Date; churnAfterDays: number },
): Promise<CohortSurvivalData> {
  const monthsPerPeriod = input.period === 'month' ? 1 : 12;
  // Whole periods between two UTC dates: age() counts calendar months (Jan 31 + 1 month is
  // reached on the last day of February), whole periods are its months divided down.
  const wholePeriods = (later: string, earlier: string) =>
    `((extract(year FROM age(${later}, ${earlier})) * 12 + extract(month FROM age(${later}, ${earlier})))::int / $5::int)`;
  const day = (ts: string) => `(${ts} AT TIME ZONE 'UTC')::date::timestamp`;
  const rows = await db.query<{ cohort: string; observed: number; lived: number; n: number; first_at: Date }>(
    `WITH o AS (
       SELECT account_id, min(ordered_at) AS first_at, max(ordered_at) AS last_at
         FROM orders
        WHERE workspace_id = $1 AND account_id IS NOT NULL AND status <> 'cancelled' AND ordered_at <= $2
        GROUP BY account_id
     ), p AS (
       SELECT date_trunc($4::text, o.first_at AT TIME ZONE 'UTC') AS cohort, o.first_at,
              ${wholePeriods(day(`($2::timestamptz - make_interval(days => $3::int))`), day('o.first_at'))} AS followed,
              ${wholePeriods(day('o.last_at'), day('o.first_at'))} AS lived
         FROM o JOIN accounts a ON a.workspace_id = $1 AND a.id = o.account_id
     ), c AS (
       SELECT cohort, min(followed) AS observed FROM p GROUP BY cohort
     )
     SELECT to_char(c.cohort, $6) AS cohort, c.observed, least(p.lived, c.observed) AS lived, count(*)::int AS n, min(p.first_at) AS first_at
       FROM p JOIN c USING (cohort)
      GROUP BY c.cohort, c.observed, least(p.lived, c.observed)
      ORDER BY c.cohort, 3`,
    [workspaceId, input.asOf, input.churnAfterDays, input.period, monthsPerPeriod, input.period === 'month' ? 'YYYY-MM' : 'YYYY'],
  );
  const byCohort = new Map<string, { observed: number; lived: Map<number, number> }>();
  let firstOrderAt: Date | null = null;
  for (const r of rows) {
    let c = byCohort.get(r.cohort);
    if (!c) byCohort.set(r.cohort, (c = { observed: Number(r.observed), lived: new Map() }));
    c.lived.set(Number(r.lived), Number(r.n));
    const first = new Date(r.first_at);
    if (firstOrderAt === null || first < firstOrderAt) firstOrderAt = first;
  }
  const cohorts: CohortSurvivors[] = [];
  let unobserved = 0;
  for (const [cohort, c] of byCohort) {
    const total = [...c.lived.values()].reduce((s, n) => s + n, 0);
    if (c.observed < 1) {
      unobserved += total;
      continue;
    }
    cohorts.push({ cohort, alive: survivorsOf(c.lived, c.observed) });
  }
  return { cohorts, unobserved, skipped: 0, firstOrderAt };
}

export async function readCohortSurvivalFromTraits(db: Queryable, workspaceId: number, input: { period: SurvivalPeriod; lifetime: LifetimeTraits }): Promise<CohortSurvivalData> {
  const { lifetime } = input;
  const rows = await db.query<{ duration: number | null; churned: boolean; n: number }>(
    `SELECT CASE WHEN a.traits ->> $2 ~ '^[0-9]{1,9}(\\.[0-9]+)?$' THEN (a.traits ->> $2)::float8 END AS duration,
            coalesce(a.traits ->> $3 = $4, false) AS churned, count(*)::int AS n
       FROM accounts a WHERE a.workspace_id = $1
      GROUP BY 1, 2`,
    [workspaceId, lifetime.durationTrait, lifetime.churnTrait, lifetime.churnValue],
  );
  const length = UNITS_PER_PERIOD[input.period][lifetime.unit];
  // Per followed length L: the accounts followed that long and how many churned at its end.
  const groups = new Map<number, { accounts: number; churned: number }>();
  let skipped = 0;
  let unobserved = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.duration === null) {
      skipped += n;
      continue;
    }
    const periods = Number(r.duration) / length;
    // A tolerance keeps whole periods whole when the unit does not divide the period exactly.
    const L = r.churned ? Math.max(1, Math.ceil(periods - 1e-9)) : Math.floor(periods + 1e-9);
    if (L < 1) {
      unobserved += n;
      continue;
    }
    const g = groups.get(L) ?? { accounts: 0, churned: 0 };
    g.accounts += n;
    if (r.churned) g.churned += n;
    groups.set(L, g);
  }
  const cohorts = [...groups]
    .sort((a, b) => a[0] - b[0])
    .map(([L, g]) => ({ cohort: `followed ${L}`, alive: Array.from({ length: L + 1 }, (_, t) => (t < L ? g.accounts : g.accounts - g.churned)) }));
  return { cohorts, unobserved, skipped, firstOrderAt: null };
}

/** alive[t] = accounts that ordered on or after the end of period t (lived >= t), t = 0..observed. */
function survivorsOf(lived: Map<number, number>, observed: number): number[] {
  const alive = new Array<number>(observed + 1).fill(0);
  for (const [l, n] of lived) for (let t = 0; t <= Math.min(l, observed); t++) alive[t]! += n;
  return alive;
}
