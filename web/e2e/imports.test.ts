import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startWebShell, type WebShell } from './web-shell-harness.js';

const EN = { key: 'Admin key', submit: 'Sign in', heading: 'Accounts' };

/** Three good rows and one whose employees is not a number (line 4; the header is line 1). */
const ACCOUNTS_CSV = [
  'external_id,name,country,employees',
  'imp-1,Revontuli Oy,FI,12',
  'imp-2,Saimaa Systems Oy,FI,40',
  'imp-3,many people Ltd,GB,many',
  'imp-4,Tunturi Data Oy,FI,7',
].join('\n') + '\n';

describe('imports page in Chromium', () => {
  let shell: WebShell;

  beforeAll(async () => {
    // An English browser: the app must start in English.
    shell = await startWebShell('en-US');
    await signIn(shell.page, shell.baseUrl, shell.ws.adminKey.token, EN);
  });
  afterAll(async () => shell?.close());

  async function upload(fileName: string, skipInvalid: boolean) {
    const { page } = shell;
    await page.getByLabel('What to import').selectOption('accounts');
    await page.getByLabel('File format').selectOption('csv');
    await page.getByLabel('Skip invalid rows').setChecked(skipInvalid);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(ACCOUNTS_CSV) });
    await page.getByRole('button', { name: 'Start import' }).click();
  }

  it('imports the good rows of a file, lists the bad one by line and offers the rejects', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Imports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Imports' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // CDNOW is an orders format.
    await page.getByLabel('What to import').selectOption('accounts');
    expect(await page.locator('option[value="cdnow"]').isDisabled()).toBe(true);

    await upload('accounts.csv', true);
    const outcome = page.getByText('Imported 3 of 4 rows.');
    await outcome.waitFor();
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    expect(Number(await progress.getAttribute('value'))).toBe(Buffer.byteLength(ACCOUNTS_CSV));
    expect(Number(await progress.getAttribute('max'))).toBe(Buffer.byteLength(ACCOUNTS_CSV));
    expect(await page.getByText('Rows read 4, imported 3, rejected 1').count()).toBe(1);

    const errors = page.getByRole('region', { name: 'Errors by line' });
    const row = errors.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').first().textContent()).toBe('4');
    expect(await row.locator('td').nth(1).textContent()).toBe('employees');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the rejected rows (CSV)' }).click()]);
    const rejects = readFileSync((await download.path())!, 'utf8');
    expect(rejects).toContain('imp-3');
    expect(rejects).not.toContain('imp-1');
    await page.screenshot({ path: '/tmp/kanta-web-imports-en.png', fullPage: true });
  });

  it('rejects a whole file with a bad row when invalid rows are not skipped', async () => {
    const { page } = shell;
    await upload('accounts-again.csv', false);
    const failed = page.getByText(/^The import failed/);
    await failed.waitFor();
    const errors = page.getByRole('region', { name: 'Errors by line' });
    expect(await errors.locator('tbody tr td').first().textContent()).toBe('4');
    expect(await page.getByRole('button', { name: 'Download the rejected rows (CSV)' }).count()).toBe(0);
  });

  it('lists earlier imports and opens one', async () => {
    const { page } = shell;
    const history = page.getByRole('region', { name: 'Earlier imports' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    expect(await history.locator('tbody tr').first().getByText('Failed').count()).toBe(1);
    await history.locator('tbody tr').nth(1).getByRole('link').click();
    await page.waitForURL(/\/imports\/\d+$/);
    await page.getByText('Imported 3 of 4 rows.').waitFor();
  });

  it('shows the imported accounts in the list, in Finnish too', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('Search accounts').fill('oy');
    await expect.poll(() => page.locator('table.account-table tbody tr th').allTextContents()).toEqual(['Revontuli Oy', 'Saimaa Systems Oy', 'Tunturi Data Oy']);
    await page.getByRole('button', { name: 'Suomi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Asiakkaat' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Maa' }).count()).toBe(1);
  });
});
