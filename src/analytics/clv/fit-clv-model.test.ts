import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error.js';
import { importFile } from '../../import/import-file.js';
import { createSegment } from '../../segments/create-segment.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { createWorkspace } from '../../workspaces/create-workspace.js';
import { fitBgNbd } from '../models/fit-bg-nbd.js';
import { fitGammaGamma } from '../models/fit-gamma-gamma.js';
import { scoreCustomers } from '../models/score-customers.js';
import { dayNumberFromIsoDate, summarizeRfm } from '../models/summarize-rfm.js';
import { readCdnowSample } from '../models/testing/read-cdnow.js';
import type { BgNbdParams } from '../models/fit-bg-nbd.js';
import type { ParetoNbdParams } from '../models/pareto-nbd-likelihood.js';
import { fitClvModel } from './fit-clv-model.js';
import { getClvReport } from './get-clv-report.js';
import { readRepeatPurchaseSummary } from './read-repeat-purchase-summary.js';
import { scoreAccounts } from './score-accounts.js';

const SAMPLE = fileURLToPath(new URL('../../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));

/** The published estimate to 3 significant digits. */
function expect3(value: number, published: number): void {
  expect(Number(value.toPrecision(3)), `${value} vs ${published}`).toBe(Number(published.toPrecision(3)));
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string; issues: { path: string }[]; extra: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describeEachDatabase('CLV models on CDNOW orders in the database', ({ db }) => {
  let ws = 0;
  let n = 0;
  const newWorkspace = async () => (await createWorkspace(db(), { slug: `clv-${++n}`, name: `CLV ${n}` })).id;

  beforeAll(async () => {
    ws = await newWorkspace();
    const result = await importFile(db(), ws, { kind: 'orders', format: 'cdnow', source: createReadStream(SAMPLE), bytesTotal: statSync(SAMPLE).size });
    expect(result.status).toBe('succeeded');
  });

  it('builds the FHL calibration summary in SQL: 2,357 customers, 2,457 repeat purchases, 1,882 in the holdout', async () => {
    const s = await readRepeatPurchaseSummary(db(), ws, { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', unit: 'week' });
    expect(s.customers).toBe(2357);
    expect(s.repeatCustomers).toBe(946);
    expect(s.x.reduce((a, b) => a + b, 0)).toBe(2457);
    expect(s.holdoutX!.reduce((a, b) => a + b, 0)).toBe(1882);
    expect(s.firstOrderDay).toBe('1997-01-01');
    expect(s.lastOrderDay).toBe('1998-06-30');
    // The same numbers per customer as the pure summary of the file (sample ids map to accounts by order of first purchase).
    const pure = summarizeRfm(readCdnowSample(), { calibrationEnd: dayNumberFromIsoDate('1997-09-30'), unit: 'weeks' });
    const key = (x: number, tx: number, T: number, z: number) => `${x}|${tx.toFixed(6)}|${T.toFixed(6)}|${z.toFixed(4)}`;
    const fromDb = Array.from(s.x, (x, i) => key(x, s.tx[i]!, s.T[i]!, s.zbar[i]!)).sort();
    const fromFile = Array.from(pure.x, (x, i) => key(x, pure.tx[i]!, pure.T[i]!, pure.zbar![i]!)).sort();
    expect(fromDb).toEqual(fromFile);
  });

  it('fits BG/NBD and Gamma-Gamma through the database to the published estimates and stores the model', async () => {
    const { model, scoring } = await fitClvModel(db(), ws, { calibrationEnd: '1997-09-30', unit: 'week', score: { asOf: '1997-09-30', horizon: 39 } });
    const bg = model.params.transaction as BgNbdParams;
    expect3(bg.r, 0.243);
    expect3(bg.alpha, 4.414);
    expect3(bg.a, 0.793);
    expect3(bg.b, 2.426);
    expect(Math.abs(model.log_likelihood - -9582.4)).toBeLessThanOrEqual(0.05);
    expect3(model.params.spend.p, 6.25);
    expect3(model.params.spend.q, 3.74);
    expect3(model.params.spend.gamma, 15.44);
    expect(model).toMatchObject({ kind: 'bg-nbd', segment_key: null, calibration_end: '1997-09-30', time_unit: 'week', converged: true, customers: 2357, repeat_customers: 946, data_orders: 6919 });
    expect(model.iterations).toBeGreaterThan(0);
    expect(model.diagnostics.spend.customers).toBe(946);

    // Stored and read back the same.
    const report = await getClvReport(db(), ws, { modelId: model.id });
    expect(report.model.params).toEqual(model.params);
    expect(report.stale).toBe(false);
    expect(scoring!.scoring.accounts).toBe(2357);
  });

  it('writes expected purchases, P(active), expected spend and CLV per account into subject_scores, equal to the pure models', async () => {
    const { model } = await fitClvModel(db(), ws, { calibrationEnd: '1997-09-30', unit: 'week', score: { horizon: 39, clvPeriods: 12, discountRate: 0.01 } });
    const rows = await db().query<{ metric: string; n: number; total: number; bad: number }>(
      `SELECT v.metric, count(*)::int AS n, sum(v.value) AS total, count(*) FILTER (WHERE v.value IS NULL OR v.value = 'NaN'::float8)::int AS bad
         FROM subject_scores s CROSS JOIN LATERAL (VALUES ('clv', s.clv), ('expected_purchases', s.expected_purchases), ('expected_spend', s.expected_spend), ('p_active', s.p_active)) AS v(metric, value)
        WHERE s.workspace_id = $1 AND s.subject_type = 'account' AND s.family = 'clv' AND s.model = $2 GROUP BY v.metric ORDER BY v.metric`,
      [ws, String(model.id)],
    );
    expect(rows.map((r) => [r.metric, r.n, r.bad])).toEqual([
      ['clv', 2357, 0],
      ['expected_purchases', 2357, 0],
      ['expected_spend', 2357, 0],
      ['p_active', 2357, 0],
    ]);
    // The same sums from the pure functions on the file's own summary.
    const pure = summarizeRfm(readCdnowSample(), { calibrationEnd: dayNumberFromIsoDate('1997-09-30'), unit: 'weeks' });
    const bg = fitBgNbd(pure);
    const gg = fitGammaGamma({ x: pure.x, zbar: pure.zbar! });
    if (!bg.ok || !gg.ok) throw new Error('pure fits failed');
    const scores = scoreCustomers({
      summary: { x: pure.x, tx: pure.tx, T: pure.T, zbar: pure.zbar! },
      transactionModel: { kind: 'bg-nbd', params: bg.params },
      spendModel: gg.params,
      horizon: 39,
      clv: { periods: 12, periodLength: 365.25 / 12 / 7, discountRate: 0.01 },
    });
    const sum = (a: Float64Array | null) => a!.reduce((s, v) => s + v, 0);
    const total = Object.fromEntries(rows.map((r) => [r.metric, r.total]));
    expect(total.expected_purchases).toBeCloseTo(sum(scores.expectedPurchases), 6);
    expect(total.p_active).toBeCloseTo(sum(scores.probabilityAlive), 6);
    expect(total.clv).toBeCloseTo(sum(scores.clv), 4);
    // FHL: the 39-week conditional expectation sums to about 1,653 against 1,882 actual.
    expect(Math.round(total.expected_purchases!)).toBe(1653);

    // A customer-level check: CDNOW customer 4 (sample id 1) in the metrics, linked to the account.
    const [one] = await db().query<{ p_active: number; clv: number }>(
      `SELECT m.p_active, m.clv
         FROM subject_scores m JOIN accounts a ON a.workspace_id = m.workspace_id AND a.id = m.subject_id
        WHERE m.workspace_id = $1 AND a.external_id = 'cdnow-00004' AND m.family = 'clv' AND m.model = $2`,
      [ws, String(model.id)],
    );
    expect(one!.p_active).toBeGreaterThan(0);
    expect(one!.p_active).toBeLessThanOrEqual(1);
    expect(one!.clv).toBeGreaterThan(0);
  });

  it('fits Pareto/NBD through the database to the published estimates', async () => {
    const { model } = await fitClvModel(db(), ws, { kind: 'pareto-nbd', calibrationEnd: '1997-09-30', unit: 'week', score: false });
    const p = model.params.transaction as ParetoNbdParams;
    expect3(p.r, 0.553);
    expect3(p.alpha, 10.578);
    expect3(p.s, 0.606);
    expect3(p.beta, 11.669);
    expect(Math.abs(model.log_likelihood - -9595.0)).toBeLessThanOrEqual(0.1);
    expect(model.scored_at).toBeNull();
  });

  it('gives the same model in days (alpha seven times larger) and in months', async () => {
    const days = (await fitClvModel(db(), ws, { calibrationEnd: '1997-09-30', unit: 'day', score: false })).model;
    const months = (await fitClvModel(db(), ws, { calibrationEnd: '1997-09-30', unit: 'month', score: false })).model;
    const d = days.params.transaction as BgNbdParams;
    const m = months.params.transaction as BgNbdParams;
    expect3(d.r, 0.243);
    expect3(d.alpha / 7, 4.414);
    expect3(m.alpha * (365.25 / 12 / 7), 4.414);
    expect3(m.a, 0.793);
  });

  it('refuses a calibration end outside the data, naming the range', async () => {
    for (const end of ['1996-12-31', '1998-07-01']) {
      const e = await rejection(fitClvModel(db(), ws, { calibrationEnd: end, unit: 'week' }));
      expect(e.code).toBe('validation_failed');
      expect(e.message).toContain('outside the data');
      expect(e.message).toContain('1997-01-01 to 1998-06-30');
      expect(e.issues[0]!.path).toBe('/calibration_end');
    }
    const bad = await rejection(fitClvModel(db(), ws, { calibrationEnd: '1997-02-30', unit: 'week' }));
    expect(bad.code).toBe('validation_failed');
  });

  it('refuses too little data with a clear message and stores nothing', async () => {
    const [before] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM analytics_models WHERE workspace_id = $1', [ws]);
    // By 1997-01-03 only a handful of customers have bought twice.
    const e = await rejection(fitClvModel(db(), ws, { calibrationEnd: '1997-01-03', unit: 'week' }));
    expect(e.code).toBe('unprocessable');
    expect(e.extra.reason).toBe('insufficient_data');
    expect(e.message).toMatch(/needs at least 20 customers with a repeat purchase in the calibration period; found \d+ of \d+/);
    expect(e.message).toContain('choose a later calibration end');
    const [after] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM analytics_models WHERE workspace_id = $1', [ws]);
    expect(after!.n).toBe(before!.n);

    const empty = await newWorkspace();
    const none = await rejection(fitClvModel(db(), empty, { unit: 'week' }));
    expect(none).toMatchObject({ code: 'unprocessable', extra: { reason: 'insufficient_data' } });
    expect(none.message).toContain('no orders');
  });

  it('fits on the members of a segment only, and says so', async () => {
    // A static segment of the sample's first 1,200 customers by account id.
    const [seg] = await db().query<{ id: number }>(
      `INSERT INTO segments (workspace_id, key, name, subject_type, kind) VALUES ($1, 'first-half', 'First half', 'account', 'static') RETURNING id`,
      [ws],
    );
    await db().query(
      `INSERT INTO segment_members (workspace_id, segment_id, subject_id, entered_at)
       SELECT $1, $2, id, now() FROM accounts WHERE workspace_id = $1 ORDER BY id LIMIT 1200`,
      [ws, seg!.id],
    );
    const { model, scoring } = await fitClvModel(db(), ws, { calibrationEnd: '1997-09-30', unit: 'week', segmentKey: 'first-half' });
    expect(model.segment_key).toBe('first-half');
    expect(model.customers).toBe(1200);
    expect(scoring!.removed).toBe(0);
    const [scored] = await db().query<{ n: number; outside: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM segment_members s WHERE s.workspace_id = m.workspace_id AND s.segment_id = $3 AND s.subject_id = m.subject_id))::int AS outside
         FROM subject_scores m WHERE m.workspace_id = $1 AND m.model = $2 AND m.family = 'clv'`,
      [ws, String(model.id), seg!.id],
    );
    expect(scored).toEqual({ n: 1200, outside: 0 });
    // The latest workspace-wide model is still found when no segment is named.
    const report = await getClvReport(db(), ws, {});
    expect(report.model.segment_key).toBeNull();
    const missing = await rejection(fitClvModel(db(), ws, { segmentKey: 'nope' }));
    expect(missing.code).toBe('not_found');
  });

  describe('report', () => {
    it('gives the CLV deciles, quantiles and top accounts, and turns stale when the orders change', async () => {
      const { model } = await fitClvModel(db(), ws, { calibrationEnd: '1997-09-30', unit: 'week' });
      const report = await getClvReport(db(), ws, { top: 5 });
      expect(report.model.id).toBe(model.id);
      expect(report.stale).toBe(false);
      const d = report.distribution!;
      expect(d.accounts).toBe(2357);
      expect(d.deciles.map((x) => x.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(d.deciles.reduce((s, x) => s + x.accounts, 0)).toBe(2357);
      expect(d.deciles.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 10);
      for (let k = 1; k < 10; k++) expect(d.deciles[k]!.max).toBeLessThanOrEqual(d.deciles[k - 1]!.min);
      for (let k = 1; k < 9; k++) expect(d.quantiles[k]!.value).toBeGreaterThanOrEqual(d.quantiles[k - 1]!.value);
      expect(report.top_accounts).toHaveLength(5);
      expect(report.top_accounts[0]!.clv).toBe(d.max);
      for (let k = 1; k < 5; k++) expect(report.top_accounts[k]!.clv).toBeLessThanOrEqual(report.top_accounts[k - 1]!.clv);
      expect(report.top_accounts[0]!.p_active).toBeGreaterThan(0);

      const [account] = await db().query<{ id: number }>('SELECT id FROM accounts WHERE workspace_id = $1 ORDER BY id LIMIT 1', [ws]);
      await db().query(`INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at) VALUES ($1, 'late-1', $2, 10, '1998-06-30T12:00:00Z')`, [ws, account!.id]);
      const stale = await getClvReport(db(), ws, { modelId: model.id });
      expect(stale.stale).toBe(true);
      expect(stale.stale_reasons[0]).toContain('6920 now against 6919 at the fit');
    });

    it('scores again as of a later day with a stored model, and removes metrics of accounts it no longer covers', async () => {
      const { model } = await fitClvModel(db(), ws, { calibrationEnd: '1997-09-30', unit: 'week', score: false });
      const first = await scoreAccounts(db(), ws, { modelId: model.id, asOf: '1998-06-30' });
      expect(first.scoring).toMatchObject({ as_of: '1998-06-30', accounts: 2357 });
      expect(first.scoring.horizon).toBeCloseTo(365.25 / 7, 10);
      expect(first.changed).toBe(2357);
      // The same model on the same data changes nothing, so nothing is written or queued.
      const [before] = await db().query<{ t: Date }>(`SELECT max(computed_at) AS t FROM subject_scores WHERE workspace_id = $1 AND model = $2`, [ws, String(model.id)]);
      const same = await scoreAccounts(db(), ws, { modelId: model.id, asOf: '1998-06-30' });
      expect(same.changed).toBe(0);
      const [after] = await db().query<{ t: Date }>(`SELECT max(computed_at) AS t FROM subject_scores WHERE workspace_id = $1 AND model = $2`, [ws, String(model.id)]);
      expect(after!.t).toEqual(before!.t);
      await db().execute('DELETE FROM recompute_queue WHERE workspace_id = $1', [ws]);
      // An account that loses its orders loses its CLV metrics at the next scoring.
      const [victim] = await db().query<{ id: number }>(`SELECT id FROM accounts WHERE workspace_id = $1 AND external_id = 'cdnow-00004'`, [ws]);
      await db().query('UPDATE orders SET account_id = NULL WHERE workspace_id = $1 AND account_id = $2', [ws, victim!.id]);
      const again = await scoreAccounts(db(), ws, { modelId: model.id, asOf: '1998-06-30' });
      expect(again.scoring.accounts).toBe(2356);
      expect(again.removed).toBe(1);
      const left = await db().query(`SELECT 1 FROM subject_scores WHERE workspace_id = $1 AND subject_id = $2 AND family = 'clv'`, [ws, victim!.id]);
      expect(left).toHaveLength(0);
      // No stage or segment rule reads a CLV metric (the default lifecycle reads rfm_m only): nothing is queued.
      const queuedFor = (id: number) => db().query(`SELECT 1 FROM recompute_queue WHERE workspace_id = $1 AND subject_type = 'account' AND subject_id = $2`, [ws, id]);
      expect(await queuedFor(victim!.id)).toHaveLength(0);
      // Once a segment reads one, changed accounts are queued for recompute.
      await createSegment(db(), ws, { key: 'high-clv', name: 'High CLV', subject_type: 'account', kind: 'dynamic', rule: { metric: 'clv', op: 'gte', value: 100 } });
      const [second] = await db().query<{ id: number }>(`SELECT account_id AS id FROM orders WHERE workspace_id = $1 AND account_id IS NOT NULL ORDER BY account_id LIMIT 1`, [ws]);
      await db().query('UPDATE orders SET account_id = NULL WHERE workspace_id = $1 AND account_id = $2', [ws, second!.id]);
      const third = await scoreAccounts(db(), ws, { modelId: model.id, asOf: '1998-06-30' });
      expect(third.removed).toBe(1);
      expect(await queuedFor(second!.id)).toHaveLength(1);
      const e = await rejection(scoreAccounts(db(), ws, { modelId: model.id, horizon: -1 }));
      expect(e.issues[0]!.path).toBe('/horizon');
    });
  });
  it('rescores stored rows in place and adds new accounts, giving the same rows as a first write', async () => {
    const w = await newWorkspace();
    const imported = await importFile(db(), w, { kind: 'orders', format: 'cdnow', source: createReadStream(SAMPLE), bytesTotal: statSync(SAMPLE).size });
    expect(imported.status).toBe('succeeded');
    const { model } = await fitClvModel(db(), w, { calibrationEnd: '1997-09-30', unit: 'week', score: false });
    expect((await scoreAccounts(db(), w, { modelId: model.id, asOf: '1997-09-30' })).changed).toBe(2357);
    // A customer new since then.
    const [fresh] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, external_id, name) VALUES ($1, 'new-1', 'New') RETURNING id`, [w]);
    await db().query(
      `INSERT INTO orders (workspace_id, external_id, account_id, total, ordered_at) VALUES ($1, 'new-1a', $2, 20, '1998-01-05T12:00:00Z'), ($1, 'new-1b', $2, 30, '1998-03-05T12:00:00Z')`,
      [w, fresh!.id],
    );
    const snapshot = () =>
      db().query(`SELECT subject_id, model, expected_purchases, p_active, expected_spend, clv FROM subject_scores WHERE workspace_id = $1 AND family = 'clv' ORDER BY subject_id`, [w]);
    // Later as-of day: every stored row changes (updated in place) and the new account is added.
    expect((await scoreAccounts(db(), w, { modelId: model.id, asOf: '1998-06-30' })).changed).toBe(2358);
    const rescored = await snapshot();
    expect(rescored).toHaveLength(2358);
    expect(rescored.some((r) => r.subject_id === fresh!.id)).toBe(true);
    await db().execute(`DELETE FROM subject_scores WHERE workspace_id = $1 AND family = 'clv'`, [w]);
    expect((await scoreAccounts(db(), w, { modelId: model.id, asOf: '1998-06-30' })).changed).toBe(2358);
    expect(await snapshot()).toEqual(rescored);
  });
});
