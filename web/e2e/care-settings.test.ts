import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listContactConsents } from '../../src/programmes/consent/list-contact-consents.js';
import { listEmailSuppressions } from '../../src/programmes/governance/list-email-suppressions.js';
import { enableCareElement } from '../../src/programmes/model/enable-care-element.js';
import { getCareElement } from '../../src/programmes/model/get-care-element.js';
import { getCareSettings } from '../../src/programmes/model/get-care-settings.js';
import { listWebhookEndpoints } from '../../src/programmes/webhooks/list-webhook-endpoints.js';
import { seedWebData, type SeededData } from './seed-web-data.js';
import { signIn, startWebShell, type WebShell } from './web-shell-harness.js';

const EN = { key: 'Admin key', submit: 'Sign in', heading: 'Accounts' };

describe('care settings, webhook endpoints, suppressions, consents and version history in Chromium', () => {
  let shell: WebShell;
  let seeded: SeededData;

  beforeAll(async () => {
    shell = await startWebShell('en-US');
    seeded = await seedWebData(shell.db, shell.ws.workspace.id);
    await signIn(shell.page, shell.baseUrl, shell.ws.adminKey.token, EN);
  });
  afterAll(async () => shell?.close());

  const ws = () => shell.ws.workspace.id;
  const fieldOf = (id: string) => shell.page.locator(`.field:has(#${id})`);

  it('shows the server’s reasons next to the fields it refused, then saves the settings and a new frequency cap', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Care model' }).click();
    await page.getByRole('link', { name: 'Care settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Care settings' }).waitFor();
    const before = await getCareSettings(shell.db, ws());
    expect(await page.getByLabel('Quiet from').inputValue()).toBe(before.quiet_start);
    expect(await page.getByLabel('Sender address').inputValue()).toBe(before.sender_address);
    expect(await page.getByRole('group', { name: /^Cap \d$/ }).count()).toBe(before.frequency_caps.length);

    // Bad values: an hour that does not exist, no address, and a cap over zero days.
    await page.getByLabel('Quiet from').fill('25:00');
    await page.getByLabel('Sender address').fill('not-an-address');
    await page.getByRole('button', { name: 'Add a cap' }).click();
    const cap = page.getByRole('group', { name: `Cap ${before.frequency_caps.length + 1}` });
    expect(await cap.getByLabel('Purpose').inputValue()).toBe('service');
    await cap.getByLabel('Window (days)').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await fieldOf('settings-quiet-start').locator('.field-issues').getByText('must be a time HH:MM (24-hour clock)').waitFor();
    await fieldOf('settings-sender-address').locator('.field-issues').getByText('must be an email address').waitFor();
    await expect.poll(() => cap.locator('.field-issues li').allTextContents()).toEqual(['per_days must be a whole number of days, 1-365']);
    expect(await page.getByLabel('Quiet from').getAttribute('aria-invalid')).toBe('true');
    expect(await fieldOf('settings-quiet-end').locator('.field-issues').count()).toBe(0);
    await page.screenshot({ path: '/tmp/kanta-web-care-settings-invalid-en.png', fullPage: true });
    // Nothing was saved.
    expect(await getCareSettings(shell.db, ws())).toEqual(before);

    await page.getByLabel('Quiet from').fill('22:30');
    await page.getByLabel('Sender address').fill('hoito@nokkela.fi');
    await page.getByLabel('Reply-to address (optional)').fill('asiakkaat@nokkela.fi');
    await cap.getByLabel('At most (emails)').fill('4');
    await cap.getByLabel('Window (days)').fill('14');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(await page.locator('.settings-form .field-issues').count()).toBe(0);
    const after = await getCareSettings(shell.db, ws());
    expect(after).toMatchObject({ quiet_start: '22:30', sender_address: 'hoito@nokkela.fi', reply_to: 'asiakkaat@nokkela.fi', quiet_end: before.quiet_end });
    expect(after.frequency_caps).toEqual([...before.frequency_caps, { channel: 'email', purpose: 'service', max: 4, per_days: 14 }]);
  });

  it('adds a webhook endpoint, shows its secret once, and deletes it after a confirmation', async () => {
    const { page } = shell;
    const endpoints = page.getByRole('region', { name: 'Webhook endpoints' });
    await endpoints.getByText('No webhook endpoints yet.').waitFor();
    await endpoints.getByLabel('Key', { exact: true }).fill('crm');
    await endpoints.getByLabel('URL', { exact: true }).fill('https://hooks.example.com/kanta');
    await endpoints.getByLabel('Description (optional)').fill('The CRM');
    await endpoints.getByRole('button', { name: 'Add endpoint' }).click();
    await endpoints.getByText('Endpoint “crm” added').waitFor();
    const secret = await endpoints.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    const [stored] = await shell.db.query<{ secret: string }>(`SELECT secret FROM care_webhook_endpoints WHERE workspace_id = $1 AND key = 'crm'`, [ws()]);
    expect(stored!.secret).toBe(secret);
    const row = endpoints.getByRole('row', { name: /crm/ });
    await row.getByText('https://hooks.example.com/kanta').waitFor();
    await endpoints.getByText('Copy it now: it cannot be shown again.').waitFor();
    await page.screenshot({ path: '/tmp/kanta-web-care-settings-secret-en.png', fullPage: true });
    await endpoints.getByRole('button', { name: 'I have stored the secret' }).click();
    expect(await endpoints.getByLabel('Signing secret').count()).toBe(0);

    // The same key again: the server refuses it, and nothing is added.
    await endpoints.getByLabel('Key', { exact: true }).fill('crm');
    await endpoints.getByLabel('URL', { exact: true }).fill('https://hooks.example.com/other');
    await endpoints.getByRole('button', { name: 'Add endpoint' }).click();
    await endpoints.getByRole('alert').waitFor();
    expect((await listWebhookEndpoints(shell.db, ws())).data).toHaveLength(1);

    // After a reload the secret is nowhere on the page.
    await page.reload();
    await endpoints.getByRole('row', { name: /crm/ }).waitFor();
    expect(await page.content()).not.toContain(secret);

    // Cancelling the confirmation keeps it; accepting deletes it.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await endpoints.getByRole('button', { name: 'Delete endpoint crm' }).click();
    expect((await listWebhookEndpoints(shell.db, ws())).data).toHaveLength(1);
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('“crm”');
      void dialog.accept();
    });
    await endpoints.getByRole('button', { name: 'Delete endpoint crm' }).click();
    await endpoints.getByText('Endpoint “crm” deleted.').waitFor();
    await endpoints.getByText('No webhook endpoints yet.').waitFor();
    expect((await listWebhookEndpoints(shell.db, ws())).data).toEqual([]);
  });

  it('adds an address to the suppression list and removes it', async () => {
    const { page } = shell;
    const section = page.getByRole('region', { name: 'Email suppression list' });
    await section.getByText('No suppressed addresses.').waitFor();
    await section.getByLabel('Email address').fill('nobody');
    await section.getByRole('button', { name: 'Suppress', exact: true }).click();
    await section.locator('.field:has(#suppression-address) .field-issues').getByText('must be an email address').waitFor();

    await section.getByLabel('Email address').fill('Bounced@Example.com');
    await section.getByLabel('Note (optional)').fill('Asked by phone');
    await section.getByRole('button', { name: 'Suppress', exact: true }).click();
    await section.getByText('bounced@example.com gets no care email.').waitFor();
    const row = section.getByRole('row', { name: /bounced@example\.com/ });
    await row.getByText('Added by hand').waitFor();
    await row.getByText('Asked by phone').waitFor();
    const stored = await listEmailSuppressions(shell.db, ws(), {});
    expect(stored.data.map((entry) => [entry.address, entry.reason, entry.detail])).toEqual([['bounced@example.com', 'manual', 'Asked by phone']]);

    // The reason filter: no hard bounces here.
    await section.getByLabel('Reason', { exact: true }).selectOption('hard_bounce');
    await section.getByText('No suppressed addresses.').waitFor();
    await section.getByLabel('Reason', { exact: true }).selectOption('');
    await section.getByRole('button', { name: 'Remove bounced@example.com from the list' }).click();
    await section.getByText('bounced@example.com can receive care email again.').waitFor();
    await section.getByText('No suppressed addresses.').waitFor();
    expect((await listEmailSuppressions(shell.db, ws(), {})).data).toEqual([]);
  });

  it('gives and withdraws a contact’s marketing consent on the account page', async () => {
    const { page } = shell;
    const [liisa] = await shell.db.query<{ id: number }>(`SELECT id FROM contacts WHERE workspace_id = $1 AND external_id = 'c-liisa'`, [ws()]);
    await page.goto(`${shell.baseUrl}/accounts/${seeded.nokkelaId}`);
    await page.getByLabel("A contact's consents and care calendar").selectOption({ label: 'Liisa Laine' });
    const consents = page.getByRole('region', { name: 'Consents: Liisa Laine' });
    const marketing = consents.getByRole('row', { name: /^Marketing/ });
    await marketing.getByText('Not recorded').waitFor();
    await marketing.getByText('Not sent').waitFor();
    // Service mail goes unless withdrawn.
    await consents.getByRole('row', { name: /^Service/ }).getByText('Sent', { exact: true }).waitFor();

    await consents.getByRole('button', { name: 'Give consent: Marketing' }).click();
    await consents.getByText('Consent given: Marketing.').waitFor();
    await marketing.getByText('Given', { exact: true }).waitFor();
    await marketing.getByText('Sent', { exact: true }).waitFor();
    const marketingOf = async () => (await listContactConsents(shell.db, ws(), liisa!.id)).data.find((consent) => consent.purpose === 'marketing');
    expect(await marketingOf()).toMatchObject({ status: 'granted', source: 'web' });
    await consents.screenshot({ path: '/tmp/kanta-web-care-consents-en.png' });

    await consents.getByRole('button', { name: 'Withdraw consent: Marketing' }).click();
    await consents.getByText('Consent withdrawn: Marketing.').waitFor();
    await marketing.getByText('Withdrawn', { exact: true }).waitFor();
    expect(await marketingOf()).toMatchObject({ status: 'withdrawn', source: 'web' });
    // The page as reloaded shows what the server holds.
    await page.reload();
    await page.getByLabel("A contact's consents and care calendar").selectOption({ label: 'Liisa Laine' });
    await page.getByRole('region', { name: 'Consents: Liisa Laine' }).getByRole('row', { name: /^Marketing/ }).getByText('Withdrawn', { exact: true }).waitFor();
  });

  it('lists an element’s versions and shows an older one read-only', async () => {
    const { page } = shell;
    const first = await getCareElement(shell.db, ws(), 'welcome-package');
    const on = await enableCareElement(shell.db, ws(), 'welcome-package', true);
    expect(on.version).toBe(first.version + 1);
    await page.goto(`${shell.baseUrl}/care/elements/${first.id}`);
    const history = page.getByRole('region', { name: 'Version history' });
    const rows = history.getByRole('table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(on.version);
    expect(await rows.first().locator('th').textContent()).toBe(`${on.version} (current)`);
    expect(await rows.first().locator('.badge').textContent()).toBe('on');
    expect(await rows.nth(1).locator('.badge').textContent()).toBe('off');

    await history.getByRole('button', { name: `Show version ${first.version}` }).click();
    const shown = history.getByRole('region', { name: `Version ${first.version}` });
    await shown.locator('dd', { hasText: 'Welcome package' }).waitFor();
    await shown.getByText('The definition as JSON').click();
    const json = JSON.parse((await shown.locator('pre').textContent()) ?? '');
    expect(json).toEqual(first.definition);
    // Read-only: the version's definition has no inputs.
    expect(await shown.locator('input, select, textarea').count()).toBe(0);
    await history.screenshot({ path: '/tmp/kanta-web-care-versions-en.png' });
    await history.getByRole('button', { name: `Hide version ${first.version}` }).click();
    expect(await shown.count()).toBe(0);
  });
});
