import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWebData, type SeededData } from './seed-web-data.js';
import { startWebShell, type WebShell } from './web-shell-harness.js';
import { revokeApiKey } from '../../src/workspaces/revoke-api-key.js';

const FI = { key: 'Ylläpitoavain', submit: 'Kirjaudu', heading: 'Asiakkaat' };

describe('web shell in Chromium', () => {
  let shell: WebShell;
  let seeded: SeededData;

  beforeAll(async () => {
    // A Finnish browser: the app must start in Finnish.
    shell = await startWebShell('fi-FI');
    seeded = await seedWebData(shell.db, shell.ws.workspace.id);
  });
  afterAll(async () => shell?.close());

  const rows = () => shell.page.locator('table.account-table tbody tr');

  it('refuses a bad key with the API error and stays on sign-in', async () => {
    const { page, baseUrl } = shell;
    await page.goto(`${baseUrl}/accounts`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu sisään' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fi');

    await page.getByLabel(FI.key).fill('kanta_admin_not-a-real-key');
    await page.getByRole('button', { name: FI.submit, exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Unknown API key');
    expect(await alert.textContent()).toContain('401');
    expect(page.url()).toMatch(/\/sign-in$/);
    expect(await page.evaluate(() => sessionStorage.getItem('kanta.adminKey'))).toBeNull();
  });

  it('signs in with the admin key and shows the first page of accounts by name', async () => {
    const { page } = shell;
    await page.getByLabel(FI.key).fill(shell.ws.adminKey.token);
    await page.getByRole('button', { name: FI.submit, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: FI.heading }).waitFor();
    expect(page.url()).toMatch(/\/accounts$/);
    await expect.poll(() => rows().count()).toBe(50);
    expect(await rows().first().locator('th').textContent()).toBe('Baltic Freight SIA');
    expect(await page.getByText('Työtila: Nokkela demo').count()).toBe(1);
    // Countries are named in the chosen language.
    expect(await rows().first().locator('td').nth(1).textContent()).toBe('Latvia');
    await page.screenshot({ path: '/tmp/kanta-web-accounts-fi.png', fullPage: true });
  });

  it('pages forward and back with keyset cursors', async () => {
    const { page } = shell;
    expect(seeded.accountCount).toBe(64);
    await page.getByRole('button', { name: /Seuraava/ }).click();
    await page.getByText('Sivu 2', { exact: true }).waitFor();
    await expect.poll(() => rows().count()).toBe(seeded.accountCount - 50);
    expect(page.url()).toContain('cursor=');
    expect(await page.getByRole('button', { name: /Seuraava/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: /Edellinen/ }).click();
    await page.getByText('Sivu 1', { exact: true }).waitFor();
    await expect.poll(() => rows().count()).toBe(50);
    expect(await page.getByRole('button', { name: /Edellinen/ }).isDisabled()).toBe(true);
  });

  it('narrows the list by search, filter and sort', async () => {
    const { page } = shell;
    await page.getByLabel('Hae asiakkaita').fill('nokkela');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().locator('th').textContent()).toBe('Nokkela Oy');
    expect(page.url()).toContain('q=nokkela');

    await page.getByLabel('Hae asiakkaita').fill('');
    await expect.poll(() => rows().count()).toBe(50);
    await page.getByLabel('Maa').selectOption('FI');
    await expect.poll(() => rows().count()).toBe(seeded.finnishCount);
    await page.getByLabel('Järjestys').selectOption('-created_at');
    await expect.poll(() => rows().first().locator('th').textContent()).toBe('Yritys 060 Oy');
    await page.getByRole('button', { name: 'Poista rajaukset' }).click();
    await page.getByLabel('Järjestys').selectOption('name');
    await expect.poll(() => rows().count()).toBe(50);
  });

  it('switches between Finnish and English and remembers the choice', async () => {
    const { page } = shell;
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Country' }).count()).toBe(1);
    expect(await page.getByLabel('Search accounts').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Suomi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Asiakkaat' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Maa' }).count()).toBe(1);
  });

  it('opens an account with its contacts, orders and merged timeline', async () => {
    const { page } = shell;
    await page.getByLabel('Hae asiakkaita').fill('nokkela');
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByRole('link', { name: 'Nokkela Oy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nokkela Oy' }).waitFor();
    expect(page.url()).toContain(`/accounts/${seeded.nokkelaId}`);

    const contacts = page.getByRole('region', { name: 'Yhteyshenkilöt' });
    await contacts.getByRole('rowheader', { name: 'Liisa Laine' }).waitFor();
    expect(await contacts.locator('tbody tr').count()).toBe(3);
    expect(await contacts.getByText('Päätöksentekijä').count()).toBe(1);

    const orders = page.getByRole('region', { name: 'Tilaukset' });
    await orders.getByRole('heading', { name: 'Tilaus ORD-1001' }).waitFor();
    // Newest first.
    expect(await orders.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Tilaus ORD-1002', 'Tilaus ORD-1001']);
    expect(await orders.getByText('Osittain hyvitetty').count()).toBe(1);
    const refunded = orders.getByRole('article', { name: 'Tilaus ORD-1001' });
    const facts = (await refunded.locator('.order-facts').innerText()).replace(/\s+/g, ' ');
    expect(facts).toContain('Summa 1 200,00 € Hyvitetty 200,00 € Määrä 3 Tilaaja Liisa Laine');
    await orders.getByText('Näytä 2 tilausriviä').click();
    await orders.getByRole('cell', { name: 'Kanta Pro, vuosilisenssi' }).waitFor();

    const timeline = page.getByRole('region', { name: 'Tapahtumien aikajana' });
    const entries = timeline.locator('li.timeline-entry');
    await expect.poll(() => entries.count()).toBe(25);
    expect(await entries.first().locator('strong').textContent()).toBe('Onboarding Completed');
    await timeline.getByRole('button', { name: 'Näytä lisää' }).click();
    await expect.poll(() => entries.count()).toBe(31);
    // Events of a contact (not on the account) are merged in, named by the contact.
    expect(await timeline.getByText('Yhteyshenkilö: Liisa Laine').count()).toBe(10);
    expect(await timeline.getByRole('button', { name: 'Näytä lisää' }).count()).toBe(0);

    expect(await page.getByText('Pro', { exact: true }).count()).toBe(1);
    await page.screenshot({ path: '/tmp/kanta-web-account-fi.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/kanta-web-account-narrow.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('link', { name: 'Takaisin asiakkaisiin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Asiakkaat' }).waitFor();
    expect(await page.getByLabel('Hae asiakkaita').inputValue()).toBe('nokkela');
  });

  it('shows a problem from the API with its detail', async () => {
    const { page, baseUrl } = shell;
    await page.goto(`${baseUrl}/accounts/999999999`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('404');
    expect(await alert.textContent()).toContain('999999999');
  });

  it('signs out, and a revoked key returns to sign-in with the reason', async () => {
    const { page, baseUrl, db, ws } = shell;
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu sisään' }).waitFor();
    expect(await page.getByText('Olet kirjautunut ulos.').count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('kanta.adminKey'))).toBeNull();

    // Signing in again returns to the page the user was on.
    await page.getByLabel(FI.key).fill(ws.adminKey.token);
    await page.getByRole('button', { name: FI.submit, exact: true }).click();
    await page.waitForURL(/\/accounts\/999999999$/);
    await page.getByRole('link', { name: 'Asiakkaat' }).click();
    await page.getByRole('heading', { level: 1, name: FI.heading }).waitFor();
    // Revoked through the use case, as `kanta keys revoke` does: it applies at once in this process.
    await revokeApiKey(db, ws.workspace.id, ws.adminKey.id);
    await page.getByLabel('Hae asiakkaita').fill('kuusi');
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu sisään' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('revoked');
    expect(page.url()).toBe(`${baseUrl}/sign-in`);
  });
});
