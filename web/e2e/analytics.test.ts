import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClvReport } from '../../src/analytics/clv/get-clv-report.js';
import { loadDemoCompany } from '../../src/demo/load-demo-company.js';
import { importFile } from '../../src/import/import-file.js';
import { signIn, startWebShell, type WebShell } from './web-shell-harness.js';

const EN = { key: 'Admin key', submit: 'Sign in', heading: 'Accounts' };
const CDNOW_SAMPLE = fileURLToPath(new URL('../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));
const sig = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });
const amount = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

describe('the analytics page on the demo company in Chromium', () => {
  let shell: WebShell;

  beforeAll(async () => {
    shell = await startWebShell('en-US');
    // A small demo company (about 200 accounts with three years of orders), no events.
    await shell.db.transaction((tx) => loadDemoCompany(tx, shell.ws.workspace.id, { scale: 0.1, eventsPerAccount: 0, thread: 'inline' }));
    await signIn(shell.page, shell.baseUrl, shell.ws.adminKey.token, EN);
  }, 120_000);
  afterAll(async () => shell?.close());

  it('shows the server’s refusals of a CLV fit, RFM segments, the Kaplan-Meier curves and the cohorts', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Analytics', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    const clv = page.getByRole('region', { name: 'Customer lifetime value (CLV)' });
    await clv.getByText('No CLV model has been fitted yet.').waitFor();

    // A calibration end before the first order: the server names the field and the range.
    await clv.getByLabel('Calibration end (optional)').fill('1995-01-01');
    await clv.getByRole('button', { name: 'Fit model' }).click();
    const refusal = clv.getByRole('alert');
    await refusal.getByText('The server answered with error 400').waitFor();
    await refusal.getByText('Details').click();
    await refusal.getByText('must fall within', { exact: false }).waitFor();
    expect(await refusal.locator('code').first().textContent()).toBe('/calibration_end');

    // The demo's orders (regular subscription renewals) cannot carry the model: the server says why.
    await clv.getByLabel('Calibration end (optional)').fill('');
    await clv.getByRole('button', { name: 'Fit model' }).click();
    await refusal.getByText('The server answered with error 422').waitFor({ timeout: 60_000 });
    await refusal.getByText(/^Cannot fit the CLV model: /).waitFor();
    expect(await clv.getByText('No CLV model has been fitted yet.').count()).toBe(1);

    const rfm = page.getByRole('region', { name: 'RFM segments' });
    await rfm.getByText('The RFM scores have not been computed yet.').waitFor();
    await rfm.getByRole('button', { name: 'Recompute RFM' }).click();
    await rfm.getByText(/^RFM scores computed for [\d,]+ accounts/).waitFor({ timeout: 60_000 });
    await expect.poll(() => rfm.locator('tbody tr').count()).toBeGreaterThan(0);

    const retention = page.getByRole('region', { name: 'Retention (Kaplan-Meier)' });
    await expect.poll(() => retention.locator('path.km-line').count()).toBe(1);
    await retention.getByLabel('Group by').selectOption('country');
    await expect.poll(() => retention.locator('path.km-line').count()).toBeGreaterThan(1);
    expect(await retention.locator('path.km-band').count()).toBe(await retention.locator('path.km-line').count());
    await retention.getByText(/^Log-rank test/).waitFor();

    const cohorts = page.getByRole('region', { name: 'Cohort retention' });
    await expect.poll(() => cohorts.locator('table.heat-table tbody tr').count()).toBeGreaterThan(0);
    await cohorts.getByRole('radio', { name: 'Revenue' }).check();
    await cohorts.getByText('against its first month', { exact: false }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('NaN');
    await page.screenshot({ path: '/tmp/kanta-web-analytics-demo-en.png', fullPage: true });
  }, 180_000);
});

describe('fitting the CLV model on CDNOW orders in Chromium', () => {
  let shell: WebShell;

  beforeAll(async () => {
    shell = await startWebShell('en-US');
    const imported = await importFile(shell.db, shell.ws.workspace.id, { kind: 'orders', format: 'cdnow', source: createReadStream(CDNOW_SAMPLE), bytesTotal: statSync(CDNOW_SAMPLE).size });
    expect(imported.status).toBe('succeeded');
    await signIn(shell.page, shell.baseUrl, shell.ws.adminKey.token, EN);
  }, 120_000);
  afterAll(async () => shell?.close());

  it('fits, shows the parameters, the distribution and the top accounts, and the account page its metrics', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Analytics', exact: true }).click();
    const clv = page.getByRole('region', { name: 'Customer lifetime value (CLV)' });
    await clv.getByText('No CLV model has been fitted yet.').waitFor();
    await clv.getByLabel('Calibration end (optional)').fill('1997-09-30');
    await clv.getByLabel('Time unit', { exact: true }).selectOption('week');
    await clv.getByLabel('Horizon (time units, optional)').fill('39');
    await clv.getByLabel('Monthly discount rate (%, optional)').fill('1.5');
    await clv.getByRole('button', { name: 'Fit model' }).click();
    await clv.getByText(/^Fitted in [\d.]+ s; 2,357 accounts scored/).waitFor({ timeout: 60_000 });

    const report = await getClvReport(shell.db, shell.ws.workspace.id, { top: 10 });
    expect(report.model).toMatchObject({ converged: true, calibration_end: '1997-09-30', time_unit: 'week' });
    expect(report.model.scoring?.discount_rate).toBeCloseTo(0.015, 10);
    const params = clv.locator('dl[aria-label="Parameters"]');
    await params.waitFor();
    const valueOf = (list: typeof params, label: string | RegExp) =>
      list.locator('.explained-value', { has: page.locator('dt', { hasText: label }) }).locator('.explained-number').textContent();
    for (const [name, value] of Object.entries(report.model.params.transaction)) {
      expect(await valueOf(params, new RegExp(`^${name}$`)), name).toBe(sig.format(value));
    }
    expect(await valueOf(params, /^q$/)).toBe(sig.format(report.model.params.spend.q));
    const facts = clv.locator('dl[aria-label="Current model"]');
    expect(await valueOf(facts, 'Log-likelihood')).toBe(amount.format(report.model.log_likelihood));
    expect(await valueOf(facts, 'Converged')).toBe('yes');
    expect(await valueOf(facts, 'Customers')).toBe('2,357 (' + new Intl.NumberFormat('en').format(report.model.repeat_customers) + ' repeat)');
    expect(await clv.getByText('The model is stale').count()).toBe(0);
    // Every number has its explanation, and none is NaN.
    expect(await clv.locator('.explained-value').count()).toBe(await clv.locator('.explained-how').count());
    expect(await page.locator('main').textContent()).not.toContain('NaN');

    const distribution = page.getByRole('region', { name: 'CLV distribution' });
    const deciles = distribution.locator('table.decile-bars tbody tr');
    await expect.poll(() => deciles.count()).toBe(10);
    expect(await deciles.locator('.bar').count()).toBe(10);
    expect(await valueOf(distribution.locator('dl'), 'Total CLV')).toBe(amount.format(report.distribution!.total));
    const top = page.getByRole('region', { name: 'Top accounts by CLV' });
    const best = report.top_accounts[0]!;
    expect(await top.locator('tbody tr').first().locator('th').textContent()).toBe(best.name);
    expect(await top.locator('tbody tr').first().locator('td').first().textContent()).toBe(amount.format(best.clv));

    const rfm = page.getByRole('region', { name: 'RFM segments' });
    await rfm.getByRole('button', { name: 'Recompute RFM' }).click();
    await rfm.getByText(/^RFM scores computed for 2,357 accounts/).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: '/tmp/kanta-web-analytics-en.png', fullPage: true });

    // The top account's page: CLV, P(active), expected purchases and RFM scores, each explained.
    await top.getByRole('link', { name: best.name }).click();
    await page.getByRole('heading', { level: 1, name: best.name }).waitFor();
    const section = page.getByRole('region', { name: 'Analytics' });
    await section.locator('dl').waitFor();
    expect(await valueOf(section.locator('dl'), /^CLV$/)).toBe(amount.format(best.clv));
    expect(await valueOf(section.locator('dl'), 'P(active)')).toBe(new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(best.p_active!));
    await section.getByText('Expected purchases', { exact: true }).waitFor();
    await section.getByText(/^R [1-5] · F [1-5] · M [1-5] — /).waitFor();
    expect(await section.locator('.explained-value').count()).toBe(await section.locator('.explained-how').count());
    await page.screenshot({ path: '/tmp/kanta-web-account-analytics-en.png', fullPage: true });
  }, 180_000);
});
