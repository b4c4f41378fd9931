import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { compileRules } from './compile-rule-sql.js';
import type { Rule } from './rule.js';

const ACCOUNTS = 2000;
const EVENTS_PER_ACCOUNT = 20;
/** 40 % of the workspace: a list this long made the planner scan whole tables when the ids were only a filter. */
const LISTED = 800;

const RULES: Rule[] = [
  { trait: 'country', op: 'eq', value: 'FI' },
  { event: 'Login', op: 'gte', value: 5, within_days: 30 },
  { event: 'NPS Answered', measure: { fn: 'last', property: 'score' }, op: 'gte', value: 9 },
  { orders: 'count', within_days: 365, op: 'gte', value: 1 },
  { metric: 'rfm_m', op: 'gte', value: 5 },
  { contacts: 'any', where: { all: [{ trait: 'buying_role', op: 'eq', value: 'champion' }, { event: 'Login', within_days: 30, op: 'gte', value: 1 }] } },
];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows each table's scans went through (returned or filtered out), over all loops. */
function rowsRead(node: PlanNode, into = new Map<string, number>()): Map<string, number> {
  const table = node['Relation Name'];
  if (table) {
    const perLoop = node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
    into.set(table, (into.get(table) ?? 0) + perLoop * node['Actual Loops']);
  }
  for (const child of node.Plans ?? []) rowsRead(child, into);
  return into;
}

describeEachDatabase('the facts of a list of ids', ({ db }) => {
  it('read only the rows of the listed subjects, however long the list', async () => {
    const ws = (await createWorkspace(db(), { slug: 'facts-by-ids', name: 'facts by ids' })).id;
    await db().query(
      `INSERT INTO accounts (workspace_id, id, name, country) SELECT $1, g, 'a' || g, (ARRAY['FI','SE'])[1 + g % 2] FROM generate_series(1, $2::int) g`,
      [ws, ACCOUNTS],
    );
    await db().query(
      `INSERT INTO contacts (workspace_id, id, account_id, buying_role)
       SELECT $1, g, 1 + g % $2::int, (ARRAY['champion','user'])[1 + g % 2] FROM generate_series(1, 2 * $2::int) g`,
      [ws, ACCOUNTS],
    );
    await db().query(
      `INSERT INTO events (workspace_id, message_id, type, name, account_id, contact_id, properties, occurred_at, source)
       SELECT $1, 'e' || g, 'track', (ARRAY['Login','Page Viewed','NPS Answered'])[1 + g % 3], 1 + g % $2::int, 1 + g % (2 * $2::int),
              jsonb_build_object('score', g % 11), now() - make_interval(days => g % 60), 'test'
         FROM generate_series(1, $2::int * $3::int) g`,
      [ws, ACCOUNTS, EVENTS_PER_ACCOUNT],
    );
    await db().query(
      `INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at)
       SELECT $1, 'o' || g, 1 + g % $2::int, 100, now() - make_interval(days => g % 400) FROM generate_series(1, 2 * $2::int) g`,
      [ws, ACCOUNTS],
    );
    await db().exec('ANALYZE accounts, contacts, events, orders, subject_scores');

    const ids = Array.from({ length: LISTED }, (_, i) => 1 + i * 2);
    const compiled = compileRules(RULES, { subject: 'account', segmentIds: new Map(), byIds: true });
    const [explained] = await db().query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${compiled.factsSql}`, [
      ws,
      new Date(),
      null,
      null,
      ids,
      ...compiled.params,
    ]);
    const read = rowsRead(explained!['QUERY PLAN'][0].Plan);
    // Each listed account, its two contacts, their events (each read for the account and for its
    // contact) and orders; 10 % over for the rounding of EXPLAIN's per-loop averages.
    const most = (rows: number) => Math.ceil(rows * 1.1);
    expect(read.get('accounts') ?? 0).toBeLessThanOrEqual(most(LISTED));
    expect(read.get('contacts') ?? 0).toBeLessThanOrEqual(most(2 * LISTED));
    expect(read.get('events') ?? 0).toBeLessThanOrEqual(most(2 * LISTED * EVENTS_PER_ACCOUNT));
    expect(read.get('orders') ?? 0).toBeLessThanOrEqual(most(2 * LISTED));
  });
});
