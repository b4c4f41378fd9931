import { beforeAll, expect, it } from 'vitest';
import { ensureDefaultLifecycle } from '../../lifecycle/ensure-default-lifecycle.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import { getAidaFunnel } from './get-aida-funnel.js';
import { getLifecycleFlows } from './get-lifecycle-flows.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');

// Each account's moves as [stage, day]; lead_source trait per account.
const PATHS: [string, [string, number][]][] = [
  ['web', [['awareness', 0], ['interest', 4], ['decision', 10], ['action', 12], ['new', 20], ['customer', 110]]],
  ['web', [['awareness', 1], ['interest', 3], ['decision', 13]]],
  ['web', [['awareness', 2], ['interest', 8]]],
  ['event', [['awareness', 35], ['decision', 45], ['new', 50]]], // skips interest and action
  ['event', [['interest', 40]]], // entered the funnel one step in
  ['event', [['awareness', 41]]],
  ['import', [['customer', 0], ['loyal', 30]]], // came in as a customer: never a prospect
];

describeEachDatabase('AIDA funnel and lifecycle flows', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  beforeAll(async () => {
    const w = ws().workspace.id;
    await ensureDefaultLifecycle(db(), w);
    for (const [i, [source, path]] of PATHS.entries()) {
      const [a] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, traits) VALUES ($1, $2, jsonb_build_object('lead_source', $3::text)) RETURNING id`, [w, `Yritys ${i}`, source]);
      let previous: string | null = null;
      for (const [stage, day] of path) {
        await db().execute(
          `INSERT INTO stage_history (workspace_id, subject_type, subject_id, from_stage, to_stage, moved_at, definition_version) VALUES ($1, 'account', $2, $3, $4, $5, 1)`,
          [w, a!.id, previous, stage, new Date(T0 + day * DAY)],
        );
        previous = stage;
      }
    }
  });

  it('counts reaching a step by entering it or any later one, converts step to step, and times the steps', async () => {
    const f = await getAidaFunnel(db(), ws().workspace.id, { from: new Date(T0), to: new Date(T0 + 200 * DAY) });
    expect(f.steps.map((s) => s.key)).toEqual(['awareness', 'interest', 'decision', 'action', 'new']);
    expect(f.rows).toHaveLength(1);
    const [row] = f.rows;
    expect(row!.entered).toBe(6);
    // awareness: 5 entered it, and the one that started at interest is past it too; interest: the skip to decision counts.
    expect(row!.steps.map((s) => s.reached)).toEqual([6, 5, 3, 2, 2]);
    expect(row!.steps.map((s) => s.conversion)).toEqual([null, 5 / 6, 3 / 5, 2 / 3, 1]);
    expect(row!.steps[4]!.conversion_from_start).toBeCloseTo(2 / 6, 12);
    // awareness -> interest: days 4, 2, 6, 10 (the skip counts as reaching interest at decision), and 0 for the one that started at interest.
    expect(row!.steps[0]!.median_days_to_next).toBe(4);
    // action -> new: 8 days and 0 days (decision -> new reaches action and new together).
    expect(row!.steps[3]!.median_days_to_next).toBe(4);
    expect(row!.steps[4]!.median_days_to_next).toBeNull();
  });

  it('splits by period of entry and by an account attribute', async () => {
    const f = await getAidaFunnel(db(), ws().workspace.id, { from: new Date(T0), to: new Date(T0 + 200 * DAY), period: 'month', by: 'trait:lead_source' });
    expect(f.rows.map((r) => [r.period, r.group, r.entered])).toEqual([
      ['2026-01', 'web', 3],
      ['2026-02', 'event', 3],
    ]);
    expect(f.rows[1]!.steps.map((s) => s.reached)).toEqual([3, 2, 1, 1, 1]);
    const narrow = await getAidaFunnel(db(), ws().workspace.id, { from: new Date(T0 + 30 * DAY), to: new Date(T0 + 200 * DAY) });
    expect(narrow.rows[0]!.entered).toBe(3);
  });

  it('gives the Sankey links, links per period, and the time to each stage', async () => {
    const flows = await getLifecycleFlows(db(), ws().workspace.id, 'account', { from: new Date(T0), to: new Date(T0 + 200 * DAY), period: 'quarter' });
    const link = (from: string | null, to: string) => flows.links.find((l) => l.from === from && l.to === to)?.count;
    expect(link(null, 'awareness')).toBe(5);
    expect(link('awareness', 'interest')).toBe(3);
    expect(link('decision', 'new')).toBe(1);
    expect(link(null, 'customer')).toBe(1);
    expect(flows.links.reduce((n, l) => n + l.count, 0)).toBe(PATHS.reduce((n, [, p]) => n + p.length, 0));
    expect(flows.periods.map((p) => p.period)).toEqual(['2026-Q1', '2026-Q2']);
    expect(flows.periods[1]!.links).toEqual([{ from: 'new', to: 'customer', count: 1 }]);
    const time = new Map(flows.time_to_stage.map((t) => [t.stage, t]));
    expect(time.get('new')).toEqual({ stage: 'new', subjects: 2, median_days: 17.5 });
    expect(time.get('loyal')).toEqual({ stage: 'loyal', subjects: 1, median_days: 30 });
  });

  it('answers over REST with the questions named when they are wrong', async () => {
    const funnel = await server.call('GET', `/api/v1/analytics/funnel?from=${new Date(T0).toISOString()}&to=${new Date(T0 + 200 * DAY).toISOString()}&by=trait:lead_source`);
    expect(funnel.statusCode, funnel.body).toBe(200);
    expect(funnel.json().rows.map((r: { group: string }) => r.group).sort()).toEqual(['event', 'web']);
    const flows = await server.call('GET', `/api/v1/analytics/lifecycle-flows?subject=account&period=month&from=${new Date(T0).toISOString()}`);
    expect(flows.statusCode, flows.body).toBe(200);
    expect(flows.json().periods.length).toBeGreaterThan(1);
    const empty = await server.call('GET', `/api/v1/analytics/funnel?from=${new Date(T0).toISOString()}&to=${new Date(T0).toISOString()}`);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('querystring/from');
    expect((await server.call('GET', '/api/v1/analytics/funnel?period=week')).statusCode).toBe(400);
    expect((await server.call('GET', '/api/v1/analytics/funnel?by=colour')).json().errors[0].path).toBe('/by');
  });
});
