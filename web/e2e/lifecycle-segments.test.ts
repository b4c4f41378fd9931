import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainStage } from '../../src/lifecycle/explain-stage.js';
import { getLifecycleBoard } from '../../src/lifecycle/get-lifecycle-board.js';
import { seedWebData, type SeededData } from './seed-web-data.js';
import { signIn, startWebShell, type WebShell } from './web-shell-harness.js';

const EN = { key: 'Admin key', submit: 'Sign in', heading: 'Accounts' };
const number = new Intl.NumberFormat('en');

describe('lifecycle board, segments and the stage on the account page in Chromium', () => {
  let shell: WebShell;
  let seeded: SeededData;

  beforeAll(async () => {
    shell = await startWebShell('en-US');
    seeded = await seedWebData(shell.db, shell.ws.workspace.id);
    await signIn(shell.page, shell.baseUrl, shell.ws.adminKey.token, EN);
  });
  afterAll(async () => shell?.close());

  it('recomputes with progress, then shows the counts per stage and the flows between stages', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Lifecycle' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lifecycle' }).waitFor();
    // Nothing has been placed before the first recompute.
    await page.getByText(`${seeded.accountCount} accounts have no stage yet`, { exact: false }).waitFor();

    // The job answers at once as running and is polled until it has finished. The server runs in this
    // process on PGlite, whose work blocks it (and the test) while it recomputes, so the page itself
    // records whether the progress bar was shown.
    await page.evaluate(() => {
      const seen = window as unknown as { sawRecomputeProgress?: boolean };
      seen.sawRecomputeProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('progress[aria-label="Recompute progress"]')) seen.sawRecomputeProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Recompute now' }).click();
    await page.getByText(`Recomputed ${seeded.accountCount} accounts and 3 contacts`, { exact: false }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sawRecomputeProgress?: boolean }).sawRecomputeProgress)).toBe(true);
    await page.getByRole('heading', { level: 2, name: `In each stage now (${seeded.accountCount})` }).waitFor();
    expect(await page.getByText('have no stage yet', { exact: false }).count()).toBe(0);

    const board = await getLifecycleBoard(shell.db, shell.ws.workspace.id, 'account', {});
    expect(board.stages.reduce((sum, stage) => sum + stage.count, 0)).toBe(seeded.accountCount);
    for (const stage of board.stages) {
      const tile = page.getByRole('article', { name: stage.name.en, exact: true });
      expect(await tile.locator('.stage-count').textContent()).toBe(number.format(stage.count));
    }
    // The AIDA steps sit under one "Prospects" heading with their total.
    const prospects = board.stages.filter((stage) => stage.group === 'prospect');
    expect(prospects.map((stage) => stage.key)).toEqual(['awareness', 'interest', 'decision', 'action']);
    const group = page.getByRole('region', { name: /^Prospects/ });
    expect(await group.getByRole('article').count()).toBe(4);
    expect(await group.locator('.stage-group-count').textContent()).toBe(number.format(prospects.reduce((sum, stage) => sum + stage.count, 0)));

    // Every subject was placed within the period: the first placements are flows, in the table and the diagram.
    const flows = page.getByRole('region', { name: /^Moves between stages/ });
    const table = flows.getByRole('table');
    expect(board.flows.length).toBeGreaterThan(0);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(board.flows.length);
    const nameOf = (key: string | null) => (key === null ? 'Start (first placement)' : board.stages.find((stage) => stage.key === key)!.name.en);
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).slice(0, 3).map((td) => td.textContent)));
    expect(rows.sort()).toEqual(board.flows.map((flow) => [nameOf(flow.from), nameOf(flow.to), number.format(flow.count)]).sort());
    expect(await flows.getByRole('img', { name: /^Moves between stages/ }).locator('path.flow-arc').count()).toBe(board.flows.length);
    await page.screenshot({ path: '/tmp/kanta-web-lifecycle-en.png', fullPage: true });

    // The contacts' lifecycle is another board.
    await page.getByRole('radio', { name: 'Contacts' }).check();
    await page.getByRole('heading', { level: 2, name: 'In each stage now (3)' }).waitFor();
    expect(page.url()).toContain('subject=contact');
  });

  it('builds a segment with a live count, shows the server’s issue on its condition, and saves it', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Segments', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Segments' }).waitFor();
    await page.getByText('No segments yet.').waitFor();
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByRole('heading', { level: 1, name: 'New segment' }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Finnish buyers');
    expect(await page.getByLabel('Key', { exact: true }).inputValue()).toBe('finnish-buyers');
    const preview = page.getByRole('region', { name: 'Live count' });
    await preview.getByText('Add a condition to see how many match.').waitFor();

    // Condition 1: country is FI.
    await page.getByRole('button', { name: 'Add condition' }).click();
    const country = page.getByRole('group', { name: 'Condition 1: Field' });
    await country.getByLabel('Field', { exact: true }).selectOption('country');
    await country.getByLabel('Operator').selectOption('eq');
    await country.getByLabel('Value', { exact: true }).fill('FI');
    await preview.getByText(`${seeded.finnishCount} of ${seeded.accountCount} accounts match now`).waitFor();

    // The builder suggests the trait keys the data holds, and a known key brings the type of its values.
    await page.getByRole('button', { name: 'Add condition' }).click();
    const trait = page.getByRole('group', { name: 'Condition 2: Field' });
    await trait.getByLabel('Field', { exact: true }).selectOption({ label: 'Other trait…' });
    await expect.poll(() => trait.locator('datalist option[value="seats"]').count()).toBe(1);
    await trait.getByLabel('Trait name').fill('seats');
    expect(await trait.getByLabel('Trait type').inputValue()).toBe('number');
    await trait.getByRole('button', { name: 'Remove condition' }).click();
    await trait.waitFor({ state: 'detached' });

    // Condition 2: at least one order, first with an impossible window.
    await page.getByLabel('Kind of condition').selectOption('orders');
    await page.getByRole('button', { name: 'Add condition' }).click();
    const orders = page.getByRole('group', { name: 'Condition 2: Orders' });
    await orders.getByLabel('Measure').selectOption('count');
    await orders.getByLabel('Operator').selectOption('gte');
    await orders.getByLabel('Value', { exact: true }).fill('1');
    const window = orders.getByLabel('Within the last (days)');
    await window.fill('0');
    // The server refuses the rule and names /rule/all/1/within_days: the message sits on condition 2.
    await orders.getByText('within_days must be at least 1 day', { exact: false }).waitFor();
    expect(await window.getAttribute('aria-invalid')).toBe('true');
    expect(await country.locator('.rule-issues').count()).toBe(0);
    await preview.getByText('The rule is not complete yet', { exact: false }).waitFor();

    // All time instead: only Nokkela Oy (the Finnish account with orders) matches.
    await window.fill('');
    await preview.getByText(`1 of ${seeded.accountCount} accounts match now`).waitFor();
    expect(await orders.locator('.rule-issues').count()).toBe(0);
    expect(await window.getAttribute('aria-invalid')).toBe('false');
    await preview.getByRole('rowheader', { name: 'Nokkela Oy' }).waitFor();
    expect(await preview.locator('.rule-text').textContent()).toContain('FI');
    await page.screenshot({ path: '/tmp/kanta-web-segment-builder-en.png', fullPage: true });

    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.waitForURL(/\/segments\/\d+$/);
    await page.getByRole('heading', { level: 1, name: 'Finnish buyers' }).waitFor();
    await page.getByText('Not evaluated over the whole workspace yet', { exact: false }).waitFor();

    // A recompute evaluates it: Nokkela Oy enters.
    await page.getByRole('button', { name: 'Recompute now' }).click();
    await page.getByText(/^Recomputed \d+ accounts/).waitFor();
    const members = page.getByRole('region', { name: 'Members (1)' });
    await members.getByRole('link', { name: 'Nokkela Oy' }).waitFor();
    const history = page.getByRole('region', { name: 'Entries and exits' });
    await history.getByText('entered', { exact: true }).waitFor();

    // Editing reads the stored rule back into the builder.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit “Finnish buyers”' }).waitFor();
    expect(await page.getByRole('group', { name: 'Condition 1: Field' }).getByLabel('Value', { exact: true }).inputValue()).toBe('FI');
    expect(await page.getByRole('group', { name: 'Condition 2: Orders' }).getByLabel('Within the last (days)').inputValue()).toBe('');
    expect(await page.getByLabel('Key', { exact: true }).getAttribute('readonly')).not.toBeNull();
    await page.getByRole('region', { name: 'Live count' }).getByText(`1 of ${seeded.accountCount} accounts match now`).waitFor();
    await page.getByLabel('Description (optional)').fill('Suomalaiset asiakkaat, jotka ovat ostaneet');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Suomalaiset asiakkaat, jotka ovat ostaneet').waitFor();
    expect(await page.locator('.stats div', { hasText: 'Version' }).locator('dd').textContent()).toBe('2');

    await page.getByRole('link', { name: 'Back to segments' }).click();
    const row = page.locator('table.segment-table tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('th a').textContent()).toBe('Finnish buyers');
    expect(await row.locator('td.numeric').textContent()).toBe('1');
  });

  it('keeps a static list by hand: adds and removes members by id, refusing an unknown id', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Hand-picked');
    await page.getByRole('radio', { name: 'Static list: members by hand' }).check();
    expect(await page.getByRole('region', { name: 'Live count' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hand-picked' }).waitFor();

    const byHand = page.getByRole('form', { name: 'Members by hand' });
    const ids = byHand.getByLabel('Account ids');
    await ids.fill(`${seeded.nokkelaId}, 999999999`);
    await byHand.getByRole('button', { name: 'Add members' }).click();
    const refused = byHand.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('/ids/1');
    await ids.fill(`${seeded.nokkelaId} x`);
    await byHand.getByRole('button', { name: 'Add members' }).click();
    await byHand.getByText('Not ids: x').waitFor();

    await ids.fill(String(seeded.nokkelaId));
    await byHand.getByRole('button', { name: 'Add members' }).click();
    await byHand.getByText('Added 1 (already members: 0). Members now: 1.').waitFor();
    const members = page.getByRole('region', { name: 'Members (1)' });
    await members.getByRole('button', { name: 'Remove Nokkela Oy' }).click();
    await page.getByRole('region', { name: 'Members (0)' }).getByText('No members.').waitFor();
    const history = page.getByRole('region', { name: 'Entries and exits' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    expect(await history.locator('tbody .badge').allTextContents()).toEqual(['left', 'entered']);
  });

  it('opens the account with its stage, why, stage history and segments, in English and Finnish', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Segments', exact: true }).click();
    await page.getByRole('link', { name: 'Finnish buyers' }).click();
    await page.getByRole('region', { name: 'Members (1)' }).getByRole('link', { name: 'Nokkela Oy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nokkela Oy' }).waitFor();

    const why = await explainStage(shell.db, shell.ws.workspace.id, 'account', seeded.nokkelaId);
    expect(why.stage).not.toBeNull();
    const stage = page.getByRole('region', { name: 'Lifecycle stage' });
    await stage.locator('.stage-badge').waitFor();
    expect(await stage.locator('.stage-badge').textContent()).toBe(why.stage!.name.en);
    expect(await stage.locator('.stage-why-text').textContent()).toBe(why.text.en);
    // The history lists every move, the first placement included.
    const history = stage.getByRole('table', { name: 'Stage history' });
    await expect.poll(() => history.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await history.getByText('first placement').count()).toBe(1);
    const segments = page.getByRole('region', { name: 'Segments', exact: true });
    await segments.getByRole('link', { name: 'Finnish buyers' }).waitFor();
    await stage.screenshot({ path: '/tmp/kanta-web-account-stage-en.png' });

    await page.getByRole('button', { name: 'Suomi' }).click();
    const vaihe = page.getByRole('region', { name: 'Elinkaaren vaihe' });
    await vaihe.getByRole('heading', { name: 'Miksi' }).waitFor();
    expect(await vaihe.locator('.stage-badge').textContent()).toBe(why.stage!.name.fi);
    expect(await vaihe.locator('.stage-why-text').textContent()).toBe(why.text.fi);
    await page.getByRole('region', { name: 'Segmentit', exact: true }).getByRole('link', { name: 'Finnish buyers' }).waitFor();
  });
});
