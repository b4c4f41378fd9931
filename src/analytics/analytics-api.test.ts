import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { importFile } from '../import/import-file.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { useTestServer } from '../testing/test-server.js';
import { rfmSegmentOf } from './rfm/rfm-segment.js';

const SAMPLE = fileURLToPath(new URL('../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));

describeEachDatabase('analytics API', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const call = server.call;

  beforeAll(async () => {
    const r = await importFile(db(), ws().workspace.id, { kind: 'orders', format: 'cdnow', source: createReadStream(SAMPLE), bytesTotal: statSync(SAMPLE).size });
    expect(r.status).toBe('succeeded');
  });

  it('needs the admin key', async () => {
    for (const url of ['/api/v1/analytics/clv', '/api/v1/analytics/rfm', '/api/v1/analytics/retention', '/api/v1/analytics/cohorts']) {
      const res = await server.app().inject({ method: 'GET', url, headers: { authorization: `Bearer ${ws().writeKey.token}` } });
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('says there is no model before the first fit, and refuses fits the data cannot carry', async () => {
    const none = await call('GET', '/api/v1/analytics/clv');
    expect(none.statusCode).toBe(404);
    expect(none.json().detail).toContain('No CLV model has been fitted');

    const tooEarly = await call('POST', '/api/v1/analytics/clv/fit', { calibration_end: '1997-01-03' });
    expect(tooEarly.statusCode).toBe(422);
    expect(tooEarly.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooEarly.json()).toMatchObject({ code: 'unprocessable', reason: 'insufficient_data' });
    expect(tooEarly.json().detail).toMatch(/needs at least 20 customers with a repeat purchase/);

    const outside = await call('POST', '/api/v1/analytics/clv/fit', { calibration_end: '1999-01-01' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toEqual({ path: '/calibration_end', message: 'must fall within 1997-01-01 to 1998-06-30' });

    const badUnit = await call('POST', '/api/v1/analytics/clv/fit', { unit: 'year', colour: 'red' });
    expect(badUnit.statusCode).toBe(400);
    expect(badUnit.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body/unit']));
  });

  it('fits, scores, reports and shows each account its metrics', async () => {
    const fit = await call('POST', '/api/v1/analytics/clv/fit', { calibration_end: '1997-09-30', unit: 'week', horizon: 39 });
    expect(fit.statusCode).toBe(201);
    const body = fit.json();
    expect(Number(body.model.params.transaction.r.toPrecision(3))).toBe(0.243);
    expect(Number(body.model.params.transaction.alpha.toPrecision(3))).toBe(4.41);
    expect(body.model).toMatchObject({ kind: 'bg-nbd', converged: true, customers: 2357, time_unit: 'week', calibration_end: '1997-09-30' });
    expect(body.model.scoring).toMatchObject({ as_of: '1997-09-30', horizon: 39, accounts: 2357 });
    expect(body.scoring.totals.expected_purchases).toBeCloseTo(1653, -1);

    const report = await call('GET', '/api/v1/analytics/clv?top=3');
    expect(report.statusCode).toBe(200);
    const r = report.json();
    expect(r).toMatchObject({ stale: false, stale_reasons: [] });
    expect(r.model.id).toBe(body.model.id);
    expect(r.distribution.deciles).toHaveLength(10);
    expect(r.top_accounts).toHaveLength(3);

    const top = r.top_accounts[0];
    const metrics = await call('GET', `/api/v1/accounts/${top.id}/metrics`);
    expect(metrics.statusCode).toBe(200);
    const byName = Object.fromEntries(metrics.json().metrics.map((m: { metric: string; value: number; model: string }) => [m.metric, m]));
    expect(byName.clv).toMatchObject({ value: top.clv, model: String(body.model.id) });
    expect(Object.keys(byName).sort()).toEqual(['clv', 'expected_purchases', 'expected_spend', 'p_active']);
    expect(metrics.json().rfm_segment).toBeNull();
    expect((await call('GET', '/api/v1/accounts/999999999/metrics')).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/analytics/clv?model=999999')).statusCode).toBe(404);
  });

  it('computes and reads RFM segments', async () => {
    const before = await call('GET', '/api/v1/analytics/rfm');
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ computed_at: null, accounts: 0 });
    const computed = await call('POST', '/api/v1/analytics/rfm', { as_of: '1998-07-01T00:00:00Z' });
    expect(computed.statusCode, computed.body).toBe(200);
    expect(computed.json().accounts).toBe(2357);
    expect(computed.json().segments).toHaveLength(10);
    const after = (await call('GET', '/api/v1/analytics/rfm')).json();
    expect(after.accounts).toBe(2357);
    expect(after.segments.map((s: { accounts: number }) => s.accounts)).toEqual(computed.json().segments.map((s: { accounts: number }) => s.accounts));
    // Each account's metrics carry its segment of the grid, as the server assigns it.
    const accountId = (await call('GET', '/api/v1/accounts?limit=1&sort=name')).json().data[0].id;
    const own = (await call('GET', `/api/v1/accounts/${accountId}/metrics`)).json();
    const score = (name: string) => own.metrics.find((m: { metric: string }) => m.metric === name).value;
    expect(own.rfm_segment).toBe(rfmSegmentOf(score('rfm_r'), score('rfm_f')));
    // Recompute without a body uses now.
    const bare = await server.app().inject({ method: 'POST', url: '/api/v1/analytics/rfm', headers: { authorization: `Bearer ${ws().adminKey.token}` } });
    expect(bare.statusCode, bare.body).toBe(200);
  });

  it('answers retention curves and cohorts', async () => {
    const curves = await call('GET', '/api/v1/analytics/retention?by=kind&churn_after_days=180&as_of=1998-07-01');
    expect(curves.statusCode).toBe(200);
    const c = curves.json();
    expect(c).toMatchObject({ by: 'kind', churn_after_days: 180, accounts: 2357 });
    expect(c.curves[0]).toMatchObject({ group: 'consumer', accounts: 2357 });
    expect(c.curves[0].points[0]).toEqual(expect.objectContaining({ days: 0, at_risk: 2357 }));
    const bad = await call('GET', '/api/v1/analytics/retention?by=colour');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/by');

    const cohorts = await call('GET', '/api/v1/analytics/cohorts?as_of=1998-07-01T00:00:00Z&months=19&period_months=6&periods=2&churn_after_days=180');
    expect(cohorts.statusCode).toBe(200);
    const k = cohorts.json();
    expect(k.cohorts.map((x: { cohort: string }) => x.cohort)).toEqual(['1997-01', '1997-02', '1997-03']);
    expect(k.cohorts.reduce((s: number, x: { accounts: number }) => s + x.accounts, 0)).toBe(2357);
    expect(k.periods).toHaveLength(2);
    expect(k.periods[0].net_revenue_retention).toBeGreaterThan(0);
    expect((await call('GET', '/api/v1/analytics/cohorts?months=0')).statusCode).toBe(400);
  });

  it('documents every analytics route in the OpenAPI document', async () => {
    const doc = (await server.app().inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/v1/analytics/clv/fit', '/api/v1/analytics/clv', '/api/v1/analytics/rfm', '/api/v1/analytics/retention', '/api/v1/analytics/retention/projection', '/api/v1/analytics/cohorts', '/api/v1/accounts/{id}/metrics']) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
