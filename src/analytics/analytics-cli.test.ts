import { createReadStream, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../import/import-file.js';
import { bootstrapWorkspace } from '../workspaces/bootstrap-workspace.js';
import { runKanta as kanta } from '../testing/run-kanta-cli.js';
import { openTemplateDataDir } from '../testing/open-template-data-dir.js';

const SAMPLE = fileURLToPath(new URL('../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));

/** Runs the CLI from source as its own process on the given data directory. */

// The CLI is a thin shell over the use cases the database suites test on both databases; this
// smoke test drives it end to end on an embedded (PGlite) data directory.
describe('kanta analytics (CLI)', () => {
  let dir = '';
  beforeAll(async () => {
    const { dir: made, db } = await openTemplateDataDir('kanta-analytics-cli-');
    dir = made;
    const { workspace } = await bootstrapWorkspace(db, { slug: 'cli', name: 'CLI' });
    const r = await importFile(db, workspace.id, { kind: 'orders', format: 'cdnow', source: createReadStream(SAMPLE), bytesTotal: statSync(SAMPLE).size });
    expect(r.status).toBe('succeeded');
    await db.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fits and shows a CLV model, as JSON and for people with progress', { timeout: 120_000 }, async () => {
    const fit = await kanta(dir, ['--json', 'analytics', 'clv', 'fit', '--calibration-end', '1997-09-30', '--horizon', '39']);
    expect(fit.code, fit.stderr).toBe(0);
    const body = JSON.parse(fit.stdout);
    expect(Number(body.model.params.transaction.r.toPrecision(3))).toBe(0.243);
    expect(body.model).toMatchObject({ customers: 2357, converged: true, time_unit: 'week' });
    expect(body.scoring.totals.clv).toBeGreaterThan(0);
    expect(fit.stderr).toBe('');

    const human = await kanta(dir, ['analytics', 'clv', 'fit', '--calibration-end', '1997-09-30', '--kind', 'pareto-nbd', '--unit', 'day']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/CLV model \d+: Pareto\/NBD \+ Gamma-Gamma/);
    expect(human.stdout).toContain('calibrated to 1997-09-30 in days on 2,357 accounts');
    expect(human.stderr).toContain('Fitting CLV model');

    const show = await kanta(dir, ['analytics', 'clv', 'show', '--top', '3']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('up to date with the orders (6,919)');
    expect(show.stdout).toContain('Top accounts:');
    expect(show.stdout.split('\n').filter((l) => /^\s+\d+\s+[\d,.]+\s+[\d.]+ %\s+CDNOW customer/.test(l))).toHaveLength(3);
  });

  it('says what is wrong when the data cannot carry the model', { timeout: 60_000 }, async () => {
    const outside = await kanta(dir, ['analytics', 'clv', 'fit', '--calibration-end', '1999-01-01']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('The calibration end 1999-01-01 is outside the data: the orders run from 1997-01-01 to 1998-06-30');
    const early = await kanta(dir, ['--json', 'analytics', 'clv', 'fit', '--calibration-end', '1997-01-03']);
    expect(early.code).toBe(2);
    expect(JSON.parse(early.stderr)).toMatchObject({ error: 'unprocessable' });
    expect(early.stderr).toContain('needs at least 20 customers with a repeat purchase');
    const badFlag = await kanta(dir, ['analytics', 'clv', 'fit', '--horizon', 'soon']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--horizon must be a number, got "soon"');
  });

  it('computes RFM, retention curves and cohorts', { timeout: 120_000 }, async () => {
    const rfm = await kanta(dir, ['analytics', 'rfm', '--as-of', '1998-07-01']);
    expect(rfm.code, rfm.stderr).toBe(0);
    expect(rfm.stdout).toContain('RFM segments of 2,357 accounts');
    expect(rfm.stdout).toMatch(/Champions\s+\d+/);

    const retention = await kanta(dir, ['analytics', 'retention', '--by', 'kind', '--churn-after-days', '180', '--as-of', '1998-07-01']);
    expect(retention.code, retention.stderr).toBe(0);
    expect(retention.stdout).toMatch(/consumer\s+2,357/);
    expect(retention.stdout).toContain('median (days)');
    const badLifetime = await kanta(dir, ['analytics', 'retention', '--lifetime', 'tenure:years:Churn=Yes']);
    expect(badLifetime.code).toBe(2);
    expect(badLifetime.stderr).toContain('--lifetime must look like <duration trait>:<day|week|month>:<churn trait>=<value>');

    const cohorts = await kanta(dir, ['--json', 'analytics', 'cohorts', '--as-of', '1998-07-01', '--months', '19', '--period-months', '6', '--periods', '2']);
    expect(cohorts.code, cohorts.stderr).toBe(0);
    expect(JSON.parse(cohorts.stdout).cohorts.map((c: { cohort: string }) => c.cohort)).toEqual(['1997-01', '1997-02', '1997-03']);
  });

  it('projects retention with the shifted-beta-geometric model, and says what is missing', { timeout: 120_000 }, async () => {
    const args = ['analytics', 'projection', '--period', 'month', '--churn-after-days', '180', '--as-of', '1998-07-01'];
    const json = await kanta(dir, ['--json', ...args, '--horizon', '6']);
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.cohorts.map((c: { cohort: string; followed: number }) => [c.cohort, c.followed])).toEqual([['1997-01', 11], ['1997-02', 10], ['1997-03', 9]]);
    expect(body).toMatchObject({ source: 'orders', accounts: 2357, fit: { converged: true, periods: 11 } });
    expect(body.rows).toHaveLength(11 + 6 + 1);
    const human = await kanta(dir, args);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('Shifted-beta-geometric retention of 2,357 accounts');
    expect(human.stdout).toMatch(/alpha = [\d.]+, beta = [\d.]+; log-likelihood -[\d.]+, converged/);
    expect(human.stdout).toMatch(/median 1 month\n/);
    const yearly = await kanta(dir, ['analytics', 'projection', '--period', 'year', '--churn-after-days', '90', '--as-of', '1998-07-01']);
    expect(yearly.code).toBe(2);
    expect(yearly.stderr).toContain('the oldest cohort has been followed for 1 year; the model needs at least 2');
  });

  it('measures and explains next-best offers, shows the funnel, and names a bad flag', { timeout: 120_000 }, async () => {
    // CDNOW orders carry no products: nothing to recommend, and the evaluation says so in numbers.
    const evaluation = await kanta(dir, ['--json', 'analytics', 'evaluate-offers', '-k', '1,3']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    expect(JSON.parse(evaluation.stdout)).toMatchObject({ accounts: 0, scored_accounts: 0, rules: 0 });
    const offers = await kanta(dir, ['analytics', 'recommend', '1']);
    expect(offers.code, offers.stderr).toBe(0);
    expect(offers.stdout).toContain('No offers for account 1');
    const funnel = await kanta(dir, ['--json', 'analytics', 'funnel', '--period', 'month']);
    expect(funnel.code, funnel.stderr).toBe(0);
    expect(JSON.parse(funnel.stdout).steps.map((s: { key: string }) => s.key)).toEqual(['awareness', 'interest', 'decision', 'action', 'new']);
    const flows = await kanta(dir, ['analytics', 'flows', '--period', 'week']);
    expect(flows.code).toBe(2);
    expect(flows.stderr).toContain('--period must be month or quarter, got "week"');
    const wallet = await kanta(dir, ['analytics', 'wallet', '--as-of', '1998-07-01', '--months', '18']);
    expect(wallet.code, wallet.stderr).toBe(0);
    expect(wallet.stdout).toContain('Share of wallet over the 18 months to 1998-07-01');
    expect(wallet.stdout).toMatch(/total\s+2357/);
    const bad = await kanta(dir, ['analytics', 'recommend', '1', '-k', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('-k must be a whole number from 1 to 20, got "0"');
  });
});
