import type { Database } from '../../src/db/database.js';

/**
 * Synthetic but realistic B2B data for the analytics-queries scenario, generated set-based in
 * SQL (INSERT ... SELECT generate_series) straight into the migrated schema: accounts, contacts
 * and events in chunks of accounts on two connections at once, then the orders of all accounts
 * in time order, then the stages. Indexes stay in place, except (optionally) the four plain
 * indexes of events, which are built again afterwards from their exact definitions.
 *
 * Every draw is a hash of the account number (and order or event number), so the same size
 * always yields the same data. Per account:
 * - firmographics: country (FI 40 %, SE 20 %, NO, DK, DE, EE, GB), 8 industries, employees
 *   (long-tailed), owner, plan and source traits; created up to 3 years ago, more of them recently;
 * - 2 contacts;
 * - orders for 75 % of accounts: the first shortly after the account was created, then a
 *   buying life of exponential length (mean 600 days, possibly still going) at a rate of its own
 *   (exponential, mean 2.5 a year; 3 % of buyers 10 times that), at most 300 orders; order values
 *   lognormal around an account's own level; 2 % cancelled, 3 % refunded, 4 % partly refunded
 *   (with their refunds rows); no order lines (none of the timed queries reads them);
 * - the current lifecycle stage (subject_stages) from the orders: prospects in the AIDA steps,
 *   buyers new / customer / loyal / promoter, or former a year after their last order;
 * - 50 events between its creation and now (Page Viewed, Email Opened, Login, Product Viewed, ...)
 *   with small JSONB properties, by its two contacts.
 */
export const EVENTS_PER_ACCOUNT = 50;
const CHUNK = 50_000;

/** A uniform draw in [0, 1) from a hash of `x` (SQL bigint expression) and a stream number. */
const u = (x: string, stream: number): string => `((hashint8((${x}) * 64 + ${stream})::bigint + 2147483648)::float8 / 4294967296)`;

/** Per-account parameters for account numbers $2..$3 (ids are the numbers themselves); $4 is the reference "now". */
const PARAMS = `SELECT g, c.created_days, ${u('g', 2)} < 0.75 AS buyer, f.first_days, least(f.life_days, f.first_days) AS span_days,
         least(300, 1 + floor(least(f.life_days, f.first_days) / 365.0 * f.per_year))::int AS n_orders,
         exp(4.6 + 0.9 * (${u('g', 7)} + ${u('g', 8)} + ${u('g', 9)} - 1.5) * 2) AS order_value
    FROM generate_series($2::bigint, $3::bigint) g
   CROSS JOIN LATERAL (SELECT 1 + 1094 * power(${u('g', 1)}, 1.25) AS created_days) c
   CROSS JOIN LATERAL (SELECT c.created_days * (1 - 0.15 * ${u('g', 3)}) AS first_days,
                              -ln(1 - ${u('g', 4)}) * 600 AS life_days,
                              -ln(1 - ${u('g', 5)}) * 2.5 * CASE WHEN ${u('g', 6)} > 0.97 THEN 10 ELSE 1 END AS per_year) f`;

const pick = (draw: string, items: Array<[string, number]>): string => {
  let acc = 0;
  const whens = items.slice(0, -1).map(([v, share]) => `WHEN ${draw} < ${(acc += share).toFixed(4)} THEN '${v}'`);
  return `CASE ${whens.join(' ')} ELSE '${items[items.length - 1]![0]}' END`;
};

const ACCOUNTS = `INSERT INTO accounts (workspace_id, id, external_id, kind, name, domain, industry, employees, country, owner, traits, created_at, updated_at)
  SELECT $1, p.g, 'acc-' || p.g, 'organization', (ARRAY['Nordic','Baltic','Arctic','Lake','Forest','River','Harbour','Summit'])[1 + p.g % 8] || ' ' ||
         (ARRAY['Systems','Logistics','Foods','Works','Health','Retail','Energy','Media','Build','Data'])[1 + (p.g / 8) % 10] || ' ' || p.g,
         'a' || p.g || '.example',
         ${pick(u('p.g', 10), [['software', 0.22], ['retail', 0.16], ['manufacturing', 0.15], ['services', 0.14], ['health', 0.1], ['logistics', 0.09], ['finance', 0.08], ['media', 0.06]])},
         (3 + floor(exp(8 * power(${u('p.g', 11)}, 1.6))))::int,
         ${pick(u('p.g', 12), [['FI', 0.4], ['SE', 0.2], ['NO', 0.1], ['DK', 0.1], ['DE', 0.1], ['EE', 0.05], ['GB', 0.05]])},
         'owner' || (1 + floor(${u('p.g', 13)} * 40)::int),
         jsonb_build_object('plan', ${pick(u('p.g', 14), [['basic', 0.55], ['pro', 0.35], ['enterprise', 0.1]])},
                            'source', ${pick(u('p.g', 15), [['web', 0.45], ['referral', 0.2], ['event', 0.15], ['outbound', 0.2]])}),
         $4::timestamptz - make_interval(secs => p.created_days * 86400), $4::timestamptz - make_interval(secs => p.created_days * 86400)
    FROM (${PARAMS}) p`;

const CONTACTS = `INSERT INTO contacts (workspace_id, id, account_id, external_id, email, first_name, last_name, buying_role, locale, created_at, updated_at)
  SELECT $1, 2 * a.id - 2 + k, a.id, 'c-' || a.id || '-' || k, 'p' || k || '@a' || a.id || '.example',
         (ARRAY['Aino','Eero','Sofia','Mikko','Emma','Juha','Laura','Ville','Anna','Timo'])[1 + (a.id + k) % 10],
         (ARRAY['Virtanen','Korhonen','Nieminen','Mäkinen','Andersson','Johansson','Hansen','Berg'])[1 + (a.id * 3 + k) % 8],
         (ARRAY['decision_maker','influencer','user','champion','purchaser'])[1 + (a.id + k) % 5],
         CASE WHEN a.country = 'FI' THEN 'fi' ELSE 'en' END, a.created_at, a.created_at
    FROM accounts a CROSS JOIN generate_series(1, 2) k
   WHERE a.workspace_id = $1 AND a.id BETWEEN $2 AND $3`;

/**
 * Order k of an account: the first at first_days ago, the rest uniform over its buying span. All
 * accounts' orders in one statement in time order, so the table lies (and its ids run) in the
 * order a live shop writes it, not account by account.
 */
const ORDERS = `INSERT INTO orders (workspace_id, external_id, account_id, contact_id, status, total, refunded_total, quantity, ordered_at, source, properties, created_at, updated_at)
  SELECT $1, 'o-' || p.g || '-' || k, p.g, 2 * p.g - 1 + (k % 2), s.status, t.total,
         CASE s.status WHEN 'refunded' THEN t.total WHEN 'partially_refunded' THEN round(t.total * 0.3, 2) ELSE 0 END,
         1 + floor(${u('p.g * 1000 + k', 22)} * 5)::int, t.at, 'bench',
         jsonb_build_object('channel', CASE WHEN ${u('p.g * 1000 + k', 23)} < 0.7 THEN 'web' ELSE 'sales' END), t.at, t.at
    FROM (${PARAMS}) p
   CROSS JOIN LATERAL generate_series(1, p.n_orders) k
   CROSS JOIN LATERAL (SELECT round((p.order_value * exp(0.5 * (${u('p.g * 1000 + k', 20)} * 2 - 1)))::numeric, 2) AS total,
                              $4::timestamptz - make_interval(secs => 86400 * CASE WHEN k = 1 THEN p.first_days ELSE p.first_days - p.span_days * ${u('p.g * 1000 + k', 21)} END) AS at) t
   CROSS JOIN LATERAL (SELECT ${u('p.g * 1000 + k', 24)} AS draw OFFSET 0) d
   CROSS JOIN LATERAL (SELECT ${pick('d.draw', [['cancelled', 0.02], ['refunded', 0.03], ['partially_refunded', 0.04], ['completed', 0.91]])} AS status) s
   WHERE p.buyer
   ORDER BY t.at`;

const REFUNDS = `INSERT INTO refunds (workspace_id, order_id, amount, reason, refunded_at, created_at)
  SELECT $1, o.id, o.refunded_total, CASE WHEN o.status = 'refunded' THEN 'returned' ELSE 'damaged item' END,
         least($2::timestamptz, o.ordered_at + interval '9 days'), least($2::timestamptz, o.ordered_at + interval '9 days')
    FROM orders o WHERE o.workspace_id = $1 AND o.refunded_total > 0
   ORDER BY o.ordered_at`;

/** Stages from the orders, as the default account lifecycle would place them. $5 is the lifecycle's version. */
const STAGES = `INSERT INTO subject_stages (workspace_id, subject_type, subject_id, stage, entered_at, definition_version, transition_key)
  SELECT $1, 'account', a.id, st.stage, greatest(a.created_at, coalesce(o.last_at, a.created_at)), $5, NULL
    FROM accounts a
   CROSS JOIN LATERAL (SELECT nullif(count(*), 0) AS n, max(ordered_at) AS last_at, min(ordered_at) AS first_at
                         FROM orders WHERE workspace_id = $1 AND account_id = a.id AND status <> 'cancelled') o
   CROSS JOIN LATERAL (SELECT CASE
            WHEN o.n IS NULL THEN ${pick(u('a.id', 30), [['awareness', 0.45], ['interest', 0.3], ['decision', 0.15], ['action', 0.1]])}
            WHEN o.last_at < $4::timestamptz - interval '365 days' THEN 'former'
            WHEN o.n >= 5 AND ${u('a.id', 31)} < 0.2 THEN 'promoter'
            WHEN o.n >= 5 THEN 'loyal'
            WHEN o.first_at > $4::timestamptz - interval '90 days' THEN 'new'
            ELSE 'customer' END AS stage) st
   WHERE a.workspace_id = $1 AND a.id BETWEEN $2 AND $3`;

const EVENT_NAMES: Array<[string, number]> = [
  ['Page Viewed', 0.34],
  ['Email Opened', 0.15],
  ['Login', 0.12],
  ['Product Viewed', 0.1],
  ['Feature Used', 0.07],
  ['Email Clicked', 0.05],
  ['Added to Cart', 0.05],
  ['Order Completed', 0.04],
  ['Support Ticket Created', 0.03],
  ['Form Submitted', 0.03],
  ['Webinar Registered', 0.02],
];

/** `+ 0 * p.g` makes the series lateral, so each account's events come together (the account and contact indexes then grow in order). */
const EVENTS = `INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, user_id, properties, occurred_at, received_at, source)
  SELECT $1, 'ev-' || x.g || '-' || x.e, CASE WHEN x.name = 'Page Viewed' THEN 'page' ELSE 'track' END, x.name,
         2 * x.g - 1 + x.e % 2, x.g, 'c-' || x.g || '-' || (1 + x.e % 2),
         CASE x.name
           WHEN 'Page Viewed' THEN jsonb_build_object('path', (ARRAY['/', '/pricing', '/features', '/blog', '/docs', '/contact', '/customers', '/careers'])[1 + floor(x.h * 8)::int])
           WHEN 'Email Opened' THEN jsonb_build_object('campaign', 'newsletter-' || to_char(x.at, 'YYYY-MM'))
           WHEN 'Email Clicked' THEN jsonb_build_object('campaign', 'newsletter-' || to_char(x.at, 'YYYY-MM'), 'link', 'cta')
           WHEN 'Product Viewed' THEN jsonb_build_object('sku', 'SKU-' || (1 + floor(x.h * 200)::int))
           WHEN 'Added to Cart' THEN jsonb_build_object('sku', 'SKU-' || (1 + floor(x.h * 200)::int), 'quantity', 1 + floor(x.h * 3)::int)
           WHEN 'Order Completed' THEN jsonb_build_object('revenue', round((20 + x.h * 980)::numeric, 2), 'currency', 'EUR')
           WHEN 'Feature Used' THEN jsonb_build_object('feature', (ARRAY['reports', 'export', 'dashboards', 'api', 'alerts'])[1 + floor(x.h * 5)::int])
           WHEN 'Support Ticket Created' THEN jsonb_build_object('priority', CASE WHEN x.h < 0.2 THEN 'high' ELSE 'normal' END)
           ELSE '{}'::jsonb END,
         x.at, x.at + make_interval(secs => 1 + floor(x.h * 5)), 'bench'
    FROM (SELECT y.g, y.e, ${pick('y.draw', EVENT_NAMES)} AS name, y.h, y.at
            FROM (SELECT p.g, e, ${u('p.g * 100 + e', 40)} AS draw, ${u('p.g * 100 + e', 41)} AS h,
                         $4::timestamptz - make_interval(secs => 86400 * p.created_days * ${u('p.g * 100 + e', 42)}) AS at
                    FROM (${PARAMS}) p CROSS JOIN LATERAL generate_series(1, ${EVENTS_PER_ACCOUNT} + 0 * p.g::int) e OFFSET 0) y) x`;

export interface LoadedCounts {
  accounts: number;
  contacts: number;
  orders: number;
  refunds: number;
  events: number;
  seconds: number;
  /** Seconds of VACUUM ANALYZE at the end (included in `seconds`). */
  vacuumSeconds: number;
}

/** The indexes of a table that back no constraint, with their exact definitions. */
async function plainIndexes(db: Database, table: string): Promise<Array<{ name: string; def: string }>> {
  return db.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY 1`,
    [table],
  );
}

/** Loads `accounts` accounts with their contacts, orders, refunds, stages and events into workspace `ws` of an empty database. */
export async function loadAnalyticsData(db: Database, ws: number, accounts: number, log: (s: string) => void, opts: { dropEventIndexes: boolean }): Promise<LoadedCounts> {
  const started = performance.now();
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
  if (existing!.n !== 0) throw new Error('loadAnalyticsData needs a database without accounts (it chooses the ids)');
  const [lifecycle] = await db.query<{ version: number }>(`SELECT max(version) AS version FROM lifecycle_definitions WHERE workspace_id = $1 AND subject_type = 'account'`, [ws]);
  const [{ now }] = (await db.query<{ now: Date }>('SELECT now() AS now')) as [{ now: Date }];
  const chunks: Array<[number, number]> = [];
  for (let lo = 1; lo <= accounts; lo += CHUNK) chunks.push([lo, Math.min(accounts, lo + CHUNK - 1)]);
  // Optionally the events' four plain indexes (not the primary key or the unique message id) are
  // dropped for the load and built again from their exact definitions, which are checked after.
  const eventIndexes = opts.dropEventIndexes ? await plainIndexes(db, 'events') : [];
  for (const ix of eventIndexes) await db.exec(`DROP INDEX ${ix.name}`);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < chunks.length; i = next++) {
      const [lo, hi] = chunks[i]!;
      const params = [ws, lo, hi, now];
      let eventsMs = 0;
      await db.transaction(async (tx) => {
        // Generated rows make the planner expect big statements: JIT would only add a second to each.
        await tx.exec('SET LOCAL jit = off');
        await tx.execute(ACCOUNTS, params);
        await tx.execute(CONTACTS, [ws, lo, hi]);
        const t0 = performance.now();
        await tx.execute(EVENTS, params);
        eventsMs = performance.now() - t0;
      });
      done++;
      log(`loaded accounts ${lo}..${hi} (${done}/${chunks.length} chunks, ${Math.round((performance.now() - started) / 1000)} s; its events ${Math.round(((hi - lo + 1) * EVENTS_PER_ACCOUNT) / (eventsMs / 1000))} rows/s)`);
    }
  };
  // Two connections: the machine has two cores, and one INSERT ... SELECT runs on one.
  await Promise.all([worker(), worker()]);
  const ordersStarted = performance.now();
  await db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL jit = off; SET LOCAL work_mem = '256MB'`);
    await tx.execute(ORDERS, [ws, 1, accounts, now]);
    await tx.execute(REFUNDS, [ws, now]);
  });
  await db.exec('ANALYZE orders');
  log(`loaded the orders and refunds in ${Math.round((performance.now() - ordersStarted) / 1000)} s`);
  next = 0;
  const stages = async () => {
    for (let i = next++; i < chunks.length; i = next++) {
      const [lo, hi] = chunks[i]!;
      await db.execute(STAGES, [ws, lo, hi, now, lifecycle?.version ?? 1]);
    }
  };
  await Promise.all([stages(), stages()]);
  await db.query(`SELECT setval(pg_get_serial_sequence('accounts', 'id'), $1)`, [accounts]);
  await db.query(`SELECT setval(pg_get_serial_sequence('contacts', 'id'), $1)`, [2 * accounts]);
  if (eventIndexes.length > 0) {
    const indexStarted = performance.now();
    let i = 0;
    const build = async () => {
      for (let k = i++; k < eventIndexes.length; k = i++) {
        await db.transaction(async (tx) => {
          await tx.exec(`SET LOCAL maintenance_work_mem = '1GB'`);
          await tx.exec(eventIndexes[k]!.def);
        });
      }
    };
    await Promise.all([build(), build()]);
    const after = await plainIndexes(db, 'events');
    if (JSON.stringify(after) !== JSON.stringify(eventIndexes)) throw new Error(`events indexes differ after the load: ${JSON.stringify(after)}`);
    log(`built ${eventIndexes.length} events indexes in ${Math.round((performance.now() - indexStarted) / 1000)} s`);
  }
  const vacuumStarted = performance.now();
  // VACUUM sets the hint bits and the visibility map, as autovacuum would have on a live database
  // (else the first timed reads would write them), and ANALYZE gives the planner its statistics.
  await Promise.all([
    db.exec('VACUUM (ANALYZE) events'),
    (async () => {
      for (const t of ['accounts', 'contacts', 'orders', 'refunds', 'subject_stages']) await db.exec(`VACUUM (ANALYZE) ${t}`);
    })(),
  ]);
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
  const [counts] = await db.query<Omit<LoadedCounts, 'seconds' | 'vacuumSeconds'>>(
    `SELECT (SELECT count(*) FROM accounts WHERE workspace_id = $1) AS accounts, (SELECT count(*) FROM contacts WHERE workspace_id = $1) AS contacts,
            (SELECT count(*) FROM orders WHERE workspace_id = $1) AS orders, (SELECT count(*) FROM refunds WHERE workspace_id = $1) AS refunds,
            (SELECT count(*) FROM events WHERE workspace_id = $1) AS events`,
    [ws],
  );
  const seconds = (performance.now() - started) / 1000;
  log(`loaded ${JSON.stringify(counts)} in ${seconds.toFixed(0)} s (VACUUM ANALYZE ${vacuumSeconds.toFixed(0)} s)`);
  return { ...counts!, seconds, vacuumSeconds };
}
