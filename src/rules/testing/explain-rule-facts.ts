/**
 * Perf sanity check of compiled rule SQL (not a test): makes a scratch PostgreSQL database,
 * loads synthetic accounts, contacts, events, orders and metrics, compiles 20 typical rules,
 * prints EXPLAIN ANALYZE of the facts query and checks each source table is scanned once.
 *
 *   npx tsx src/rules/testing/explain-rule-facts.ts postgres://postgres@127.0.0.1:5432/postgres [accounts] [events per account]
 */
import pg from 'pg';
import { migrate } from '../../db/migrate.js';
import { openPostgres } from '../../db/open-postgres.js';
import { compileRules } from '../compile-rule-sql.js';
import type { Rule } from '../rule.js';

const RULES: Rule[] = [
  { event: 'Page Viewed', op: 'gte', value: 3, within_days: 30 },
  { event: 'Guide Downloaded', op: 'gte', value: 1, within_days: 90 },
  { event: 'Webinar Registered', op: 'gte', value: 1, within_days: 180 },
  { event: 'Demo Requested', op: 'gte', value: 1, within_days: 60 },
  { orders: 'count', op: 'gte', value: 1 },
  { all: [{ orders: 'count', op: 'gte', value: 2, within_days: 365 }, { metric: 'tenure_days', op: 'gte', value: 180 }] },
  { orders: 'last_at', op: 'more_than_days_ago', value: 365 },
  { event: 'NPS Answered', measure: { fn: 'last', property: 'score' }, op: 'gte', value: 9, within_days: 365 },
  { event: 'Order Completed', measure: { fn: 'sum', property: 'revenue' }, op: 'gte', value: 1000, within_days: 365 },
  { event: 'Login', op: 'gte', value: 10, within_days: 30 },
  { event: 'Login', measure: { fn: 'last_at' }, op: 'more_than_days_ago', value: 60 },
  { trait: 'country', op: 'in', value: ['FI', 'SE'] },
  { all: [{ trait: 'employees', op: 'gte', value: 50 }, { trait: 'industry', op: 'eq', value: 'software' }] },
  { trait: 'traits.plan', op: 'eq', value: 'enterprise' },
  { metric: 'rfm_score', op: 'gte', value: 4 },
  { metric: 'p_active', op: 'lt', value: 0.3 },
  { orders: 'revenue', op: 'gte', value: 5000, within_days: 365 },
  { event: 'Order Completed', op: 'gte', value: 1, within_days: 30, where: [{ property: 'category', op: 'in', value: ['books', 'music'] }] },
  { contacts: 'any', where: { all: [{ trait: 'buying_role', op: 'eq', value: 'decision_maker' }, { event: 'Login', op: 'gte', value: 1, within_days: 30 }] } },
  { not: { event: 'Support Ticket Opened', op: 'gte', value: 3, within_days: 90 } },
];

async function main(): Promise<void> {
  const [url, accountsArg, eventsArg] = process.argv.slice(2);
  if (!url) throw new Error('usage: explain-rule-facts.ts <postgres url> [accounts] [events per account]');
  const accounts = Number(accountsArg ?? 50_000);
  const perAccount = Number(eventsArg ?? 20);
  const name = `kanta_explain_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 2);
  try {
    await migrate(db);
    const [ws] = await db.query<{ id: number }>(`INSERT INTO workspaces (slug, name) VALUES ('explain', 'explain') RETURNING id`);
    const w = Number(ws!.id);
    const t0 = Date.now();
    await db.query(
      `INSERT INTO accounts (workspace_id, id, name, country, employees, industry, traits)
       SELECT $1, g, 'a' || g, (ARRAY['FI','SE','NO','DK'])[1 + g % 4], g % 500, (ARRAY['software','retail'])[1 + g % 2],
              jsonb_build_object('plan', (ARRAY['free','pro','enterprise'])[1 + g % 3]) FROM generate_series(1, $2::int) g`,
      [w, accounts],
    );
    await db.query(
      `INSERT INTO contacts (workspace_id, id, account_id, buying_role) SELECT $1, g, 1 + g % $2::int, (ARRAY['decision_maker','user'])[1 + g % 2]
       FROM generate_series(1, $2::int * 2) g`,
      [w, accounts],
    );
    const names = ['Page Viewed', 'Login', 'Order Completed', 'Guide Downloaded', 'NPS Answered', 'Support Ticket Opened', 'Email Opened', 'Demo Requested'];
    await db.query(
      `INSERT INTO events (workspace_id, message_id, type, name, account_id, contact_id, properties, occurred_at, source)
       SELECT $1, 'e' || g, 'track', ($3::text[])[1 + g % 8], 1 + g % $2::int, 1 + g % ($2::int * 2),
              jsonb_build_object('revenue', g % 300, 'score', g % 11, 'category', (ARRAY['books','music','film'])[1 + g % 3]),
              now() - make_interval(secs => (g % 40000000)::double precision), 'bench'
         FROM generate_series(1, $2::int * $4::int) g`,
      [w, accounts, names, perAccount],
    );
    await db.query(
      `INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at)
       SELECT $1, 'o' || g, 1 + g % $2::int, (g % 1000) + 0.5, now() - make_interval(days => g % 900) FROM generate_series(1, $2::int * 2) g`,
      [w, accounts],
    );
    await db.query(
      `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, rfm_score, p_active, clv, computed_at)
       SELECT $1, 'account', f, g, CASE f WHEN 'rfm' THEN random() * 5 END, CASE f WHEN 'clv' THEN random() END, CASE f WHEN 'clv' THEN random() * 5 END, now()
         FROM unnest(ARRAY['clv','rfm']) f, generate_series(1, $2::int) g`,
      [w, accounts],
    );
    await db.exec('ANALYZE');
    console.log(`loaded ${accounts} accounts, ${accounts * perAccount} events in ${Date.now() - t0} ms`);

    const c = compileRules(RULES, { subject: 'account', segmentIds: new Map() });
    const args = [w, new Date(), null, null, null, ...c.params];
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${c.factsSql}`, args);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    console.log(text);
    for (const table of ['events', 'orders', 'subject_scores', 'contacts', 'accounts']) {
      const scans = text.match(new RegExp(`(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan) (using \\S+ )?on ${table}\\b`, 'g')) ?? [];
      console.log(`${table}: ${scans.length} scan(s)`);
    }
    const t1 = Date.now();
    await db.transaction(async (tx) => {
      await tx.query(`CREATE TEMP TABLE batch_facts ON COMMIT DROP AS ${c.factsSql}`, args);
      const counts = await tx.query<{ n: number }>(
        `SELECT ${c.predicates.map((p) => `count(*) FILTER (WHERE ${p})`).join(', ')} FROM batch_facts f`,
        [w, new Date()],
      );
      console.log('matches per rule', Object.values(counts[0]!));
    });
    console.log(`facts table + 20 predicates: ${Date.now() - t1} ms`);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
