import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { importFile } from '../../import/import-file.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import { estimateKaplanMeier } from '../models/estimate-kaplan-meier.js';
import { readTelco } from '../models/testing/read-telco.js';
import { estimateRetentionCurves } from './estimate-retention-curves.js';

const TELCO = fileURLToPath(new URL('../../../../shared/data/telco_churn/Telco-Customer-Churn.csv', import.meta.url));
const LIFETIME = { durationTrait: 'tenure', unit: 'month', churnTrait: 'Churn', churnValue: 'Yes' } as const;

describeEachDatabase('retention from lifetime traits: IBM Telco churn through import and the database', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  beforeAll(async () => {
    const mapping = { external_id: 'customerID', name: 'customerID', 'traits.tenure': 'tenure', 'traits.Churn': 'Churn', 'traits.Contract': 'Contract', 'traits.InternetService': 'InternetService' };
    const r = await importFile(db(), ws().workspace.id, { kind: 'accounts', format: 'csv', source: createReadStream(TELCO), bytesTotal: statSync(TELCO).size, mapping });
    expect(r.status, JSON.stringify(r)).toBe('succeeded');
    // Accounts without a lifetime are counted, not silently dropped.
    await db().execute(`INSERT INTO accounts (workspace_id, name, traits) VALUES ($1, 'No tenure Oy', '{"tenure": "n/a", "Contract": "One year"}')`, [ws().workspace.id]);
  }, 120_000);

  it('gives the Kaplan-Meier curves of the file itself, per contract, with the log-rank test', async () => {
    const curves = await estimateRetentionCurves(db(), ws().workspace.id, { by: 'trait:Contract', lifetime: LIFETIME });
    expect(curves.time_unit).toBe('month');
    expect(curves.accounts).toBe(7043);
    expect(curves.skipped_accounts).toBe(1);
    expect(curves.curves.reduce((n, c) => n + c.churned, 0)).toBe(1869);
    const telco = readTelco();
    for (const curve of curves.curves) {
      const keep = telco.contract.map((c) => c === curve.group);
      const km = estimateKaplanMeier({ time: telco.time.filter((_, i) => keep[i]), event: telco.event.filter((_, i) => keep[i]) });
      expect(curve.points.map((p) => p.days)).toEqual([...km.time]);
      curve.points.forEach((p, j) => {
        expect(p.retention).toBeCloseTo(km.survival[j]!, 12);
        expect(p.lower).toBeCloseTo(km.lower[j]!, 12);
      });
    }
    const byGroup = Object.fromEntries(curves.curves.map((c) => [c.group, c]));
    // Month-to-month customers leave fastest: 70.3 % stay a year, against over 95 % on two-year contracts.
    expect(byGroup['Month-to-month']!.milestones.find((m) => m.days === 12)!.retention).toBeCloseTo(0.7031, 4);
    expect(byGroup['Two year']!.milestones.find((m) => m.days === 12)!.retention).toBeGreaterThan(0.95);
    expect(curves.log_rank!.degrees_of_freedom).toBe(2);
    expect(curves.log_rank!.p_value).toBeLessThan(0.001);
  });

  it('answers over REST, and names the missing lifetime parameter', async () => {
    const ok = await server.call('GET', '/api/v1/analytics/retention?by=trait:InternetService&duration_trait=tenure&churn_trait=Churn&churn_value=Yes');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ time_unit: 'month', accounts: 7043, skipped_accounts: 1 });
    expect(ok.json().curves.map((c: { group: string }) => c.group).sort()).toEqual(['DSL', 'Fiber optic', 'No']);
    const partial = await server.call('GET', '/api/v1/analytics/retention?duration_trait=tenure&churn_value=Yes');
    expect(partial.statusCode).toBe(400);
    expect(partial.json().errors.map((e: { path: string }) => e.path)).toEqual(['querystring/churn_trait']);
    const badName = await server.call('GET', '/api/v1/analytics/retention?duration_trait=ten%20ure&churn_trait=Churn&churn_value=Yes');
    expect(badName.statusCode).toBe(400);
    expect(badName.json().errors[0].path).toBe('/duration_trait');
  });
});
