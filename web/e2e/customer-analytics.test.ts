import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { getAidaFunnel } from '../../src/analytics/funnel/get-aida-funnel.js';
import { getLifecycleFlows } from '../../src/analytics/funnel/get-lifecycle-flows.js';
import { evaluateRecommendations } from '../../src/analytics/recommendations/evaluate-recommendations.js';
import { recommendProducts } from '../../src/analytics/recommendations/recommend-products.js';
import { getCohortRetention } from '../../src/analytics/retention/get-cohort-retention.js';
import { getLeavingReasons } from '../../src/analytics/retention/get-leaving-reasons.js';
import { projectCohortSurvival } from '../../src/analytics/retention/project-cohort-survival.js';
import { getShareOfWallet } from '../../src/analytics/wallet/get-share-of-wallet.js';
import { loadDemoCompany } from '../../src/demo/load-demo-company.js';
import { AppError } from '../../src/errors/app-error.js';
import { signIn, startWebShell, type WebShell } from './web-shell-harness.js';

const EN = { key: 'Admin key', submit: 'Sign in', heading: 'Accounts' };
const DAY = 86_400_000;
const count = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const euro = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
const listOf = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });
const sig = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });
/** YYYY-MM-DD of a local day, as a date input takes it. */
const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

// Prospect paths as [stage, days after the start]: the demo company's stages are not recomputed here,
// so the funnel and the flows come from these recorded moves.
const PATHS: [string, number][][] = [
  [['awareness', 0], ['interest', 4], ['decision', 10], ['action', 12], ['new', 20]],
  [['awareness', 1], ['interest', 3], ['decision', 13]],
  [['awareness', 2], ['interest', 8]],
  [['awareness', 5], ['decision', 15], ['new', 21]],
  [['interest', 6]],
  [['awareness', 7]],
  [['awareness', 3], ['interest', 9], ['action', 30], ['new', 31], ['customer', 60]],
];

const numberIn = (scope: Locator, key: string) => scope.locator(`.key-number[data-key="${key}"] .explained-number`).textContent();

describe('customer analytics on the demo company in Chromium', () => {
  let shell: WebShell;
  let w: number;

  beforeAll(async () => {
    shell = await startWebShell('en-US');
    w = shell.ws.workspace.id;
    // A small demo company with events, so customers who leave say why.
    await shell.db.transaction((tx) => loadDemoCompany(tx, w, { seed: 5, scale: 0.1, eventsPerAccount: 2, thread: 'inline' }));
    const accounts = await shell.db.query<{ id: number }>('SELECT id FROM accounts WHERE workspace_id = $1 ORDER BY id LIMIT $2', [w, PATHS.length]);
    const start = Date.now() - 120 * DAY;
    for (const [i, path] of PATHS.entries()) {
      let previous: string | null = null;
      for (const [stage, day] of path) {
        await shell.db.execute(
          `INSERT INTO stage_history (workspace_id, subject_type, subject_id, from_stage, to_stage, moved_at, definition_version) VALUES ($1, 'account', $2, $3, $4, $5, 1)`,
          [w, accounts[i]!.id, previous, stage, new Date(start + day * DAY)],
        );
        previous = stage;
      }
    }
    await signIn(shell.page, shell.baseUrl, shell.ws.adminKey.token, EN);
  }, 180_000);
  afterAll(async () => shell?.close());

  it('shows the key numbers, reasons for leaving, the funnel, the Sankey, share of wallet and offer quality from the server', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Analytics', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();

    // Key numbers: the newest 12-month window of the cohort report, and the wallet over the last 12 months.
    const dashboard = page.getByRole('region', { name: 'Key numbers' });
    await dashboard.locator('.key-number').first().waitFor({ timeout: 60_000 });
    const cohorts = await getCohortRetention(shell.db, w);
    const newest = cohorts.periods[0]!;
    expect(await numberIn(dashboard, 'customers')).toBe(count.format(newest.active_at_start + newest.new_accounts - newest.churned));
    expect(await numberIn(dashboard, 'churnRate')).toBe(percent.format(newest.churn_rate!));
    expect(await numberIn(dashboard, 'nrr')).toBe(percent.format(newest.net_revenue_retention!));
    const wallet = await getShareOfWallet(shell.db, w, { months: 12 });
    expect(await numberIn(dashboard, 'shareOfWallet')).toBe(percent.format(wallet.total.share_of_wallet!));
    const funnelYear = await getAidaFunnel(shell.db, w, { from: new Date(Date.now() - 365 * DAY), to: new Date() });
    const entered = funnelYear.rows.reduce((n, r) => n + r.entered, 0);
    const won = funnelYear.rows.reduce((n, r) => n + r.steps.at(-1)!.reached, 0);
    expect(entered).toBe(PATHS.length);
    expect(await numberIn(dashboard, 'conversion')).toBe(percent.format(won / entered));
    const leftYear = await getLeavingReasons(shell.db, w, { months: 12 });
    expect(await numberIn(dashboard, 'revenueLost')).toBe(euro.format(leftYear.reasons.reduce((n, r) => n + r.revenue_lost, 0)));
    // Every key number has its explanation; the cohort numbers have a trend against the window before.
    expect(await dashboard.locator('.key-number').count()).toBe(8);
    expect(await dashboard.locator('.key-number .explained-how').count()).toBe(8);
    await dashboard.locator('.key-number[data-key="churnRate"] .trend').waitFor();
    await dashboard.getByText(/^Accounts that churned \(no order in \d+ days\) during the last 12 months/).waitFor();

    // The retention projection by month: the fitted model, the observed points next to it and the table per month.
    const projection = page.getByRole('region', { name: 'Retention projection' });
    const monthly = await projectCohortSurvival(shell.db, w, { period: 'month', horizon: 24 });
    await projection.locator('.projection-values').waitFor({ timeout: 60_000 });
    const projected = (label: string) => projection.locator('.explained-value', { has: page.locator('dt', { hasText: label }) }).locator('.explained-number');
    expect(await projected('Model fit').textContent()).toBe(`α = ${sig.format(monthly.fit.alpha)}, β = ${sig.format(monthly.fit.beta)}`);
    expect(await projected('Churn in the first month').textContent()).toBe(percent.format(1 - monthly.rows[1]!.retention_rate!));
    expect(await projection.locator('circle.projection-point').count()).toBe(monthly.rows.filter((r) => r.observed).length);
    expect(await projection.locator('table.projection-table tbody tr').count()).toBe(monthly.rows.length);
    const lastSeen = monthly.rows[monthly.fit.periods]!;
    expect(await projection.locator(`tr[data-period="${lastSeen.period}"] td`).nth(2).textContent()).toBe(percent.format(lastSeen.actual!));
    await projection.getByText(/^How it is computed: each customer leaves at the end of a period/).waitFor();
    await projection.screenshot({ path: '/tmp/kanta-web-analytics-projection-month-en.png' });
    // By the year the demo's three years may be too short: then the section says why, in words.
    const yearly = await projectCohortSurvival(shell.db, w, { period: 'year', horizon: 5 }).catch((e: unknown) => {
      if (e instanceof AppError) return e;
      throw e;
    });
    await projection.getByLabel('Period', { exact: true }).selectOption('year');
    if (yearly instanceof AppError) {
      await projection.locator('.projection-refused').waitFor();
      expect(await projection.locator('.projection-refused').textContent()).not.toMatch(/\{\{|NaN|undefined/);
      expect(await projection.locator('.projection-values').count()).toBe(0);
    } else {
      await expect.poll(() => projection.locator('table.projection-table tbody tr').count()).toBe(yearly.rows.length);
    }

    // Reasons for leaving over 24 months: one bar per reason, with the revenue lost.
    const leaving = page.getByRole('region', { name: 'Reasons for leaving' });
    const reasons = await getLeavingReasons(shell.db, w, { months: 24 });
    expect(reasons.leavers).toBeGreaterThan(0);
    const reasonRows = leaving.locator('table tbody tr');
    await expect.poll(() => reasonRows.count()).toBe(reasons.reasons.length);
    expect(await reasonRows.locator('.bar').count()).toBe(reasons.reasons.length);
    const top = reasons.reasons[0]!;
    expect(await reasonRows.first().locator('td').nth(0).textContent()).toBe(percent.format(top.share));
    expect(await reasonRows.first().locator('td').nth(1).textContent()).toBe(count.format(top.accounts));
    expect(await reasonRows.first().locator('td').nth(2).textContent()).toBe(euro.format(top.revenue_lost));
    // By country: a column per group with the share of its leavers who gave each reason.
    const byCountry = await getLeavingReasons(shell.db, w, { months: 24, by: 'country' });
    await leaving.getByLabel('Group by', { exact: true }).selectOption('country');
    const groupTable = leaving.locator('table.leaving-groups');
    await expect.poll(() => groupTable.locator('thead th[data-group]').count()).toBe(byCountry.groups.length);
    const biggest = byCountry.groups[0]!;
    const topInGroup = biggest.reasons[0]!;
    expect(await groupTable.locator(`tr[data-reason="${topInGroup.reason}"] td[data-group="${biggest.group}"]`).textContent()).toBe(`${percent.format(topInGroup.share)} (${count.format(topInGroup.accounts)})`);

    // The funnel by lead source: each group's prospects, and how many reached the first customer stage.
    const funnelRegion = page.getByRole('region', { name: 'Prospect funnel (AIDA)' });
    const funnel = await getAidaFunnel(shell.db, w, { by: 'trait:lead_source' });
    const funnelRows = funnelRegion.locator('table.funnel-table tbody tr');
    await expect.poll(() => funnelRows.count()).toBe(funnel.rows.length);
    for (const row of funnel.rows) {
      const shown = funnelRows.filter({ has: page.locator('th', { hasText: new RegExp(`^${row.group}$`) }) });
      expect(await shown.locator('td').first().textContent()).toBe(count.format(row.entered));
      const last = row.steps.at(-1)!;
      expect(await shown.locator(`td[data-step="${last.key}"] .funnel-reached`).textContent()).toBe(count.format(last.reached));
    }
    await funnelRegion.getByText('median 6 d to the next step', { exact: false }).first().waitFor();
    await funnelRegion.getByLabel('Split').selectOption('month');
    await expect.poll(() => funnelRegion.locator('thead th', { hasText: 'Entered' }).count()).toBe(2);
    // A range after every prospect entered: an empty funnel for exactly those days.
    const lateFrom = new Date(Date.now() - 100 * DAY);
    await funnelRegion.getByLabel('From', { exact: true }).fill(localDay(lateFrom));
    await funnelRegion.getByText('No prospects entered the funnel in this period.').waitFor();
    const late = await getAidaFunnel(shell.db, w, { from: new Date(lateFrom.getFullYear(), lateFrom.getMonth(), lateFrom.getDate()), to: new Date() });
    expect(late.rows).toHaveLength(0);

    // The lifecycle Sankey: one band per forward move, every move in the table.
    const flowsRegion = page.getByRole('region', { name: 'Lifecycle flows' });
    const flows = await getLifecycleFlows(shell.db, w, 'account', {});
    const bands = flowsRegion.locator('svg path.sankey-band');
    await expect.poll(() => flowsRegion.locator('table.flows-table tbody tr').count()).toBe(flows.links.length);
    expect(await bands.count()).toBeGreaterThan(0);
    expect(await bands.count()).toBeLessThanOrEqual(flows.links.length);
    await flowsRegion.locator('svg text', { hasText: /^Awareness \(\d+\)$/ }).first().waitFor();
    const toNew = flows.time_to_stage.find((s) => s.stage === 'new')!;
    const newRow = flowsRegion.locator('table.time-to-stage tbody tr', { has: page.locator('th', { hasText: /^New/ }) });
    expect(await newRow.locator('td').first().textContent()).toBe(count.format(toNew.subjects));
    // The flows of a chosen range: from 15 days after the prospects started, to today.
    const flowsFrom = new Date(Date.now() - 105 * DAY);
    await flowsRegion.getByLabel('From', { exact: true }).fill(localDay(flowsFrom));
    const now = new Date();
    const ranged = await getLifecycleFlows(shell.db, w, 'account', {
      from: new Date(flowsFrom.getFullYear(), flowsFrom.getMonth(), flowsFrom.getDate()),
      to: new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1),
    });
    expect(ranged.links.length).toBeLessThan(flows.links.length);
    await expect.poll(() => flowsRegion.locator('table.flows-table tbody tr').count()).toBe(ranged.links.length);

    // Share of wallet by industry and the accounts with the most headroom.
    const walletRegion = page.getByRole('region', { name: 'Share of wallet and profitability' });
    const byIndustry = await getShareOfWallet(shell.db, w, { by: 'industry', top: 10 });
    await expect.poll(() => walletRegion.locator('table.wallet-groups tbody tr').count()).toBe(byIndustry.groups.length);
    const headroom = byIndustry.top_headroom[0]!;
    const firstTop = walletRegion.locator('table.wallet-top tbody tr').first();
    expect(await firstTop.locator('th').textContent()).toBe(headroom.name);
    expect(await firstTop.locator('td').first().textContent()).toBe(euro.format(headroom.headroom!));

    // Offer quality: precision and recall at 1 and 3, each against the most-popular baseline.
    const offers = page.getByRole('region', { name: 'Next-best offer quality' });
    const evaluation = await evaluateRecommendations(shell.db, w, {});
    const atOne = offers.locator('table.offer-quality tbody tr[data-k="1"]');
    await atOne.waitFor({ timeout: 60_000 });
    expect(await atOne.locator('td').first().textContent()).toBe(
      `${percent.format(evaluation.association_rules[0]!.precision)}most popular: ${percent.format(evaluation.most_popular[0]!.precision)}`,
    );
    await offers.getByRole('button', { name: 'Mine the rules again' }).click();
    await offers.getByText(/^[\d,]+ rules mined from [\d,]+ accounts\.$/).waitFor({ timeout: 60_000 });

    expect(await page.locator('main').textContent()).not.toContain('NaN');
    await page.screenshot({ path: '/tmp/kanta-web-customer-analytics-en.png', fullPage: true });
    for (const [name, region] of Object.entries({ dashboard, projection, leaving, funnel: funnelRegion, flows: flowsRegion, wallet: walletRegion, offers })) {
      await region.screenshot({ path: `/tmp/kanta-web-analytics-${name}-en.png` });
    }

    // The account with the most headroom: its offers with their reasons, and its share of wallet.
    await firstTop.getByRole('link', { name: headroom.name }).click();
    await page.getByRole('heading', { level: 1, name: headroom.name }).waitFor();
    await accountSections(page, w, headroom.id, shell);
  }, 240_000);
});

async function accountSections(page: Page, w: number, accountId: number, shell: WebShell) {
  const expected = await recommendProducts(shell.db, w, accountId, 3);
  const nbo = page.getByRole('region', { name: 'Next-best offers' });
  const items = nbo.locator('li.offer');
  await expect.poll(() => items.count()).toBe(expected.recommendations.length);
  expect(expected.recommendations.length).toBeGreaterThan(0);
  for (const [i, offer] of expected.recommendations.entries()) {
    const share = percent.format(offer.score);
    const reason =
      offer.kind === 'up_sell'
        ? `${share} of customers on ${offer.because[0]!.name} moved up to ${offer.product.name}.`
        : offer.because.length === 0
          ? `${share} of customers bought ${offer.product.name} later (no rule fits; the base rate).`
          : `${share} of customers who bought ${listOf.format(offer.because.map((p) => p.name))} then bought ${offer.product.name}.`;
    expect(await items.nth(i).locator('.offer-product').textContent()).toBe(offer.product.name);
    expect(await items.nth(i).locator('.offer-reason').textContent()).toBe(reason);
  }

  const wallet = await getShareOfWallet(shell.db, w, { accountId, months: 12 });
  const account = wallet.account!;
  const section = page.getByRole('region', { name: 'Share of wallet and profit' });
  const valueOf = (label: string) => section.locator('.explained-value', { has: page.locator('dt', { hasText: label }) });
  await section.locator('dl').waitFor();
  expect(await valueOf('Revenue').locator('.explained-number').textContent()).toBe(euro.format(account.revenue));
  expect(await valueOf('Category spend').locator('.explained-number').textContent()).toBe(euro.format(account.category_spend!));
  expect(await valueOf('Category spend').locator('.explained-how').textContent()).toMatch(account.spend_source === 'trait' ? /^Known: / : /^Estimated: /);
  expect(await valueOf('Share of wallet').locator('.explained-number').textContent()).toBe(percent.format(account.share_of_wallet!));
  expect(await page.locator('main').textContent()).not.toContain('NaN');
  await page.screenshot({ path: '/tmp/kanta-web-account-offers-en.png', fullPage: true });

  // In Finnish: the same offers and wallet, in Finnish words and number formats.
  await page.getByRole('button', { name: 'Suomi' }).click();
  const fiOffers = page.getByRole('region', { name: 'Seuraavat parhaat tarjoukset' });
  const fiPercent = new Intl.NumberFormat('fi', { style: 'percent', maximumFractionDigits: 1 });
  const first = expected.recommendations[0]!;
  const fiReason = await fiOffers.locator('li.offer .offer-reason').first().textContent();
  expect(fiReason?.startsWith(`${fiPercent.format(first.score)} `)).toBe(true);
  expect(fiReason).toMatch(first.kind === 'up_sell' ? /asiakkaista siirtyi isompaan pakettiin / : /asiakkaista, (joilla oli .+, osti sen jälkeen myös|osti myöhemmin) tuotteen /);
  const fiWallet = page.getByRole('region', { name: 'Lompakko-osuus ja kate' });
  await fiWallet.getByText(account.spend_source === 'trait' ? /^Tiedossa: / : /^Arvioitu: /).waitFor();
  await page.screenshot({ path: '/tmp/kanta-web-account-offers-fi.png', fullPage: true });
}
