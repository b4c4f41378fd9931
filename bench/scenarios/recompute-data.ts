import type { Database } from '../../src/db/database.js';
import type { SubjectType } from '../../src/rules/rule.js';

// The data set of the recompute scenarios: accounts, contacts, events and orders made in SQL,
// and twenty segments of the kinds a company defines.

/** BENCH_RECOMPUTE_EVENTS_PER_ACCOUNT: fewer events load faster (50M events at 1M accounts took 51 minutes), for diagnosing the incremental phase. */
export const EVENTS_PER_ACCOUNT = Number(process.env.BENCH_RECOMPUTE_EVENTS_PER_ACCOUNT ?? 50);
if (!Number.isSafeInteger(EVENTS_PER_ACCOUNT) || EVENTS_PER_ACCOUNT < 1) {
  throw new Error(`BENCH_RECOMPUTE_EVENTS_PER_ACCOUNT must be a whole number of at least 1, got ${JSON.stringify(process.env.BENCH_RECOMPUTE_EVENTS_PER_ACCOUNT)}`);
}
export const CONTACTS_PER_ACCOUNT = 2;
/** Contacts with no history: each gets one Login during the incremental run, which moves its stage and segment. */
export const PROBES = 400;
const LOAD_CHUNK = 50_000;
/** Twenty segments of the kinds a company defines: firmographics, behaviour windows, orders, NPS, contacts, references, stages. */
export const SEGMENTS: Array<{ key: string; subject: SubjectType; rule: unknown }> = [
  { key: 'fi-accounts', subject: 'account', rule: { trait: 'country', op: 'eq', value: 'FI' } },
  { key: 'enterprise-plan', subject: 'account', rule: { trait: 'traits.plan', op: 'eq', value: 'enterprise' } },
  { key: 'big-companies', subject: 'account', rule: { trait: 'employees', op: 'gte', value: 250 } },
  { key: 'active-30d', subject: 'account', rule: { event: 'Login', op: 'gte', value: 5, within_days: 30 } },
  { key: 'power-reporters', subject: 'account', rule: { event: 'Report Created', op: 'gte', value: 3, within_days: 90 } },
  { key: 'page-heavy', subject: 'account', rule: { event: 'Page Viewed', op: 'gte', value: 10, within_days: 365 } },
  { key: 'buyers-365', subject: 'account', rule: { orders: 'count', within_days: 365, op: 'gte', value: 1 } },
  { key: 'high-revenue', subject: 'account', rule: { orders: 'revenue', op: 'gte', value: 5_000 } },
  { key: 'nps-promoters', subject: 'account', rule: { event: 'NPS Answered', measure: { fn: 'last', property: 'score' }, op: 'gte', value: 9 } },
  { key: 'nps-detractors', subject: 'account', rule: { event: 'NPS Answered', measure: { fn: 'last', property: 'score' }, op: 'lte', value: 6 } },
  {
    key: 'dormant-buyers',
    subject: 'account',
    rule: { all: [{ event: 'Login', within_days: 90, op: 'eq', value: 0 }, { orders: 'count', op: 'gte', value: 1 }] },
  },
  {
    key: 'fi-active-buyers',
    subject: 'account',
    rule: { all: [{ in_segment: 'fi-accounts' }, { in_segment: 'active-30d' }, { orders: 'count', within_days: 365, op: 'gte', value: 1 }] },
  },
  {
    key: 'demo-no-order',
    subject: 'account',
    rule: { all: [{ event: 'Demo Requested', within_days: 180, op: 'gte', value: 1 }, { orders: 'count', within_days: 180, op: 'eq', value: 0 }] },
  },
  { key: 'webinar-fans', subject: 'account', rule: { event: 'Webinar Registered', op: 'gte', value: 2 } },
  {
    key: 'engaged-decision-makers',
    subject: 'account',
    rule: { contacts: 'any', where: { all: [{ trait: 'buying_role', op: 'eq', value: 'decision_maker' }, { event: 'Login', within_days: 30, op: 'gte', value: 1 }] } },
  },
  { key: 'long-tenure', subject: 'account', rule: { metric: 'tenure_days', op: 'gte', value: 730 } },
  { key: 'customers', subject: 'account', rule: { stage_in: ['customer', 'loyal', 'promoter'] } },
  { key: 'customers-at-risk', subject: 'account', rule: { all: [{ in_segment: 'customers' }, { in_segment: 'dormant-buyers' }] } },
  { key: 'recent-login-contacts', subject: 'contact', rule: { event: 'Login', within_days: 30, op: 'gte', value: 1 } },
  {
    key: 'champions-reporting',
    subject: 'contact',
    rule: { all: [{ trait: 'buying_role', op: 'eq', value: 'champion' }, { event: 'Report Created', within_days: 90, op: 'gte', value: 1 }] },
  },
];

/** Event names by share (percent buckets of a hash of account and event number). */
const EVENT_NAME = `CASE
  WHEN h < 30 THEN 'Page Viewed' WHEN h < 50 THEN 'Login' WHEN h < 62 THEN 'Report Created' WHEN h < 70 THEN 'Dashboard Viewed'
  WHEN h < 76 THEN 'Guide Downloaded' WHEN h < 81 THEN 'Webinar Registered' WHEN h < 85 THEN 'Demo Requested'
  WHEN h < 90 THEN 'Order Completed' WHEN h < 94 THEN 'NPS Answered' ELSE 'Export Downloaded' END`;

/** Loads accounts, their contacts (and the probe contacts), EVENTS_PER_ACCOUNT events an account and orders, set-based in SQL, in chunks. */
export async function load(db: Database, ws: number, accounts: number, log: (s: string) => void): Promise<{ events: number; orders: number; contacts: number; firstAccount: number }> {
  const t0 = performance.now();
  await db.query(
    `INSERT INTO accounts (workspace_id, external_id, name, country, industry, employees, traits, created_at)
     SELECT $1, 'acc-' || g, 'Account ' || g, (ARRAY['FI','SE','NO','DK','DE'])[1 + g % 5], (ARRAY['software','retail','manufacturing','services'])[1 + g % 4],
            5 + (g * 37) % 500, jsonb_build_object('plan', (ARRAY['basic','pro','enterprise'])[1 + g % 3], 'seats', g % 50), now() - make_interval(days => g % 1000)
       FROM generate_series(1, $2::integer) g`,
    [ws, accounts],
  );
  const [range] = await db.query<{ lo: number; hi: number }>('SELECT min(id) AS lo, max(id) + 1 AS hi FROM accounts WHERE workspace_id = $1', [ws]);
  for (let lo = range!.lo; lo < range!.hi; lo += LOAD_CHUNK) {
    const hi = Math.min(lo + LOAD_CHUNK, range!.hi);
    await db.query(
      `INSERT INTO contacts (workspace_id, external_id, account_id, email, first_name, last_name, buying_role)
       SELECT $1, 'user-' || a.id || '-' || k, a.id, 'p' || k || '@a' || a.id || '.example', 'Person', 'No ' || k,
              (ARRAY['decision_maker','influencer','user','champion','purchaser'])[1 + (a.id + k) % 5]
         FROM accounts a CROSS JOIN generate_series(1, ${CONTACTS_PER_ACCOUNT}) k
        WHERE a.workspace_id = $1 AND a.id >= $2 AND a.id < $3`,
      [ws, lo, hi],
    );
    await db.query(
      `INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, user_id, properties, occurred_at, received_at, source)
       SELECT $1, 'b-' || x.account_id || '-' || x.e, 'track', x.name, c.id, x.account_id, c.external_id,
              CASE x.name WHEN 'NPS Answered' THEN jsonb_build_object('score', x.h % 11)
                          WHEN 'Order Completed' THEN jsonb_build_object('revenue', (x.h * 13) % 1000)
                          WHEN 'Page Viewed' THEN jsonb_build_object('path', '/p/' || (x.e % 20)) ELSE '{}'::jsonb END,
              x.at, x.at, 'bench'
         FROM (SELECT a.id AS account_id, e, h, ${EVENT_NAME} AS name, now() - make_interval(hours => ((a.id * 31 + e * 977) % (730 * 24))::integer) AS at
                 FROM accounts a CROSS JOIN generate_series(1, ${EVENTS_PER_ACCOUNT}) e
                 CROSS JOIN LATERAL (SELECT ((a.id * 7919 + e * 104729) % 100)::integer AS h) hh
                WHERE a.workspace_id = $1 AND a.id >= $2 AND a.id < $3) x
         JOIN contacts c ON c.workspace_id = $1 AND c.external_id = 'user-' || x.account_id || '-' || (1 + x.e % ${CONTACTS_PER_ACCOUNT})`,
      [ws, lo, hi],
    );
    await db.query(
      `INSERT INTO orders (workspace_id, external_id, account_id, contact_id, total, quantity, ordered_at, source)
       SELECT $1, 'o-' || a.id || '-' || k, a.id, c.id, 50 + (a.id * 37 + k * 11) % 5000, 1, now() - make_interval(days => ((a.id * 13 + k * 97) % 1095)::integer), 'bench'
         FROM accounts a CROSS JOIN LATERAL generate_series(1, 1 + (a.id % 4)::integer) k
         JOIN contacts c ON c.workspace_id = $1 AND c.external_id = 'user-' || a.id || '-1'
        WHERE a.workspace_id = $1 AND a.id >= $2 AND a.id < $3 AND a.id % 5 <> 0`,
      [ws, lo, hi],
    );
    log(`loaded accounts ${lo}..${hi - 1} (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  await db.query(
    `INSERT INTO contacts (workspace_id, external_id, account_id, email, buying_role)
     SELECT $1, 'probe-' || g, $2::bigint + g, 'probe' || g || '@example.com', 'user' FROM generate_series(0, ${PROBES - 1}) g`,
    [ws, range!.lo],
  );
  // What autovacuum does after such a load on a server with its defaults (this machine's runs
  // with it off): statistics, and the pages marked all visible, which index-only scans need.
  await db.exec('VACUUM (ANALYZE)');
  const [counts] = await db.query<{ events: number; orders: number; contacts: number; firstAccount: number }>(
    `SELECT (SELECT count(*) FROM events WHERE workspace_id = $1) AS events, (SELECT count(*) FROM orders WHERE workspace_id = $1) AS orders,
            (SELECT count(*) FROM contacts WHERE workspace_id = $1) AS contacts`,
    [ws],
  );
  counts!.firstAccount = range!.lo;
  log(`loaded ${accounts} accounts, ${counts!.contacts} contacts, ${counts!.events} events, ${counts!.orders} orders in ${Math.round((performance.now() - t0) / 1000)} s`);
  return counts!;
}

