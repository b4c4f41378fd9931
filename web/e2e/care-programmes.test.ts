import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolSubjects } from '../../src/programmes/engine/enrol-subjects.js';
import { outboxRuntime, runDueActions } from '../../src/programmes/engine/testing/care-engine-fixture.js';
import { createCareElement } from '../../src/programmes/model/create-care-element.js';
import { getCareElement } from '../../src/programmes/model/get-care-element.js';
import { createWebhookEndpoint } from '../../src/programmes/webhooks/create-webhook-endpoint.js';
import { addSegmentMembers } from '../../src/segments/add-segment-members.js';
import { createSegment } from '../../src/segments/create-segment.js';
import { seedWebData, type SeededData } from './seed-web-data.js';
import { signIn, startWebShell, type WebShell } from './web-shell-harness.js';

const EN = { key: 'Admin key', submit: 'Sign in', heading: 'Accounts' };

describe('care programmes in Chromium: the matrix, the element editor, the task inbox', () => {
  let shell: WebShell;
  let seeded: SeededData;

  beforeAll(async () => {
    shell = await startWebShell('en-US');
    seeded = await seedWebData(shell.db, shell.ws.workspace.id);
    // A segment, so that the matrix has a column besides "Every segment"; Nokkela Oy is in it.
    await createSegment(shell.db, shell.ws.workspace.id, { key: 'key-accounts', name: 'Key accounts', description: null, subject_type: 'account', kind: 'static' });
    await addSegmentMembers(shell.db, shell.ws.workspace.id, 'key-accounts', [seeded.nokkelaId]);
    // The test runs at any hour: without this, an evening run in Helsinki would defer the mail to the morning (quiet hours).
    await shell.db.query(
      `INSERT INTO care_settings (workspace_id, quiet_start, quiet_end) VALUES ($1, '00:00', '00:00') ON CONFLICT (workspace_id) DO UPDATE SET quiet_start = '00:00', quiet_end = '00:00'`,
      [shell.ws.workspace.id],
    );
    await signIn(shell.page, shell.baseUrl, shell.ws.adminKey.token, EN);
  });
  afterAll(async () => shell?.close());

  const ws = () => shell.ws.workspace.id;
  const cell = (stage: string, segment: string) => shell.page.locator(`td[data-cell="${stage}|${segment}"]`);
  const chip = (stage: string, segment: string, key: string) => cell(stage, segment).locator(`.element-chip[data-element-key="${key}"]`);

  it('drags an element to another cell, switches it on, filters by phase and highlights the empty cells', async () => {
    const { page } = shell;
    await page.getByRole('link', { name: 'Care model' }).click();
    await page.getByRole('heading', { level: 1, name: 'Care model' }).waitFor();
    const before = await getCareElement(shell.db, ws(), 'welcome-package');
    expect(before.definition.placement).toEqual({ stages: ['new'], segments: [] });
    expect(before.enabled).toBe(false);
    // The default model starts switched off: every cell of a real stage is empty.
    await chip('new', '*', 'welcome-package').waitFor();
    expect(await cell('new', '*').getAttribute('class')).toContain('is-empty');
    expect(await page.locator('table.care-matrix thead th').allTextContents()).toEqual(['Every segment', 'Key accounts']);

    // Native HTML5 drag and drop from (New customer, every segment) to (Customer, Key accounts).
    await chip('new', '*', 'welcome-package').dragTo(cell('customer', 'key-accounts'));
    await page.getByText('Moved “Welcome package”.').waitFor();
    await chip('customer', 'key-accounts', 'welcome-package').waitFor();
    expect(await chip('new', '*', 'welcome-package').count()).toBe(0);
    const moved = await getCareElement(shell.db, ws(), 'welcome-package');
    expect(moved.definition.placement).toEqual({ stages: ['customer'], segments: ['key-accounts'] });
    expect(moved.version).toBe(before.version + 1);
    // Nothing else of the definition changed.
    expect({ ...moved.definition, placement: before.definition.placement }).toEqual(before.definition);

    // Switched on, it covers its cell; the cell it left stays empty.
    await chip('customer', 'key-accounts', 'welcome-package').getByLabel('Welcome package on').check();
    await page.getByText('“Welcome package” is on.').waitFor();
    expect((await getCareElement(shell.db, ws(), 'welcome-package')).enabled).toBe(true);
    await expect.poll(() => cell('customer', 'key-accounts').getAttribute('class')).not.toContain('is-empty');
    expect(await cell('customer', '*').getAttribute('class')).toContain('is-empty');
    // Coverage by persona: the welcome package has no persona variants, so the seeded personas get its default text.
    const personas = page.getByRole('region', { name: 'Coverage by buyer persona' });
    const strategi = personas.locator('tr[data-persona="Strategi"]');
    await strategi.locator('td.micro-default').getByRole('link', { name: 'Welcome package' }).waitFor();
    expect(await strategi.locator('td.numeric').textContent()).toBe('1');
    expect(await personas.locator('tbody th').allTextContents()).toEqual(['Kehittäjä', 'Strategi']);
    await personas.getByText('1 contact has no persona and gets the default text.').waitFor();
    await page.screenshot({ path: '/tmp/kanta-web-care-matrix-en.png', fullPage: true });

    // The phase filter: referrals only.
    await page.getByLabel('Care phase').selectOption('referrals');
    await chip('promoter', '*', 'referral-request').waitFor();
    // The referral chip was there before the filter too: wait for the others to go. The filter
    // lives in the URL and the matrix re-renders after the router's navigation, which a loaded
    // machine delayed past a one-off count (CI, 2026-12-02: 1 chip left, then every later test of the file failed).
    await expect.poll(() => page.locator('[data-element-key="welcome-package"]').count()).toBe(0);
    await expect.poll(() => page.locator('.element-chip.phase-keep').count()).toBe(0);
    await page.getByLabel('Care phase').selectOption('');
    await chip('customer', 'key-accounts', 'welcome-package').waitFor();

    // Without a mouse: the ⇄ button adds a cell to "Thanks for starting".
    await chip('new', '*', 'thanks-for-starting').getByRole('button', { name: 'Move “Thanks for starting” to another cell' }).click();
    const form = page.getByRole('form', { name: 'Move “Thanks for starting”' });
    await form.getByLabel('Stage').selectOption('loyal');
    await form.getByRole('button', { name: 'Add the cell' }).click();
    await chip('loyal', '*', 'thanks-for-starting').waitFor();
    await chip('new', '*', 'thanks-for-starting').waitFor();
    expect((await getCareElement(shell.db, ws(), 'thanks-for-starting')).definition.placement).toEqual({ stages: ['new', 'loyal'], segments: [] });
  });

  it('edits an element: live preview in Finnish and English for a chosen customer, template errors before saving', async () => {
    const { page } = shell;
    await chip('customer', 'key-accounts', 'welcome-package').getByRole('link', { name: 'Welcome package' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit “Welcome package”' }).waitFor();

    // The customer the previews render for: Nokkela Oy's Liisa Laine.
    await page.getByLabel('Find an account').fill('Nokkela');
    await page.locator('#preview-account option', { hasText: 'Nokkela Oy' }).waitFor({ state: 'attached' });
    await page.getByLabel('Account', { exact: true }).selectOption({ label: 'Nokkela Oy' });
    await page.locator('#preview-contact option', { hasText: 'Liisa Laine' }).waitFor({ state: 'attached' });
    await page.getByLabel('Recipient', { exact: true }).selectOption({ label: 'Liisa Laine' });

    const step = page.getByRole('region', { name: 'Step 1: Email' });
    await step.getByRole('group', { name: 'Subject' }).getByLabel('Finnish').fill('Tervetuloa, {{ contact.first_name }}!');
    await step.getByRole('group', { name: 'Subject' }).getByLabel('English').fill('Welcome aboard, {{ contact.first_name }}!');
    const preview = step.getByRole('region', { name: 'Preview for Liisa Laine' });
    await preview.getByRole('article', { name: 'In Finnish' }).getByText('Tervetuloa, Liisa!').waitFor();
    await preview.getByRole('article', { name: 'In English' }).getByText('Welcome aboard, Liisa!').waitFor();
    await page.screenshot({ path: '/tmp/kanta-web-care-editor-en.png', fullPage: true });

    // A variable this customer does not have: the preview names the error before anything is saved.
    await step.getByRole('group', { name: 'Subject' }).getByLabel('English').fill('Welcome aboard, {{ contact.shoe_size }}!');
    await preview.getByText('shoe_size', { exact: false }).first().waitFor();
    const stored = (await getCareElement(shell.db, ws(), 'welcome-package')).definition.steps[0]!;
    expect(stored.kind === 'email' && stored.template.subject.en).not.toContain('shoe_size');

    // Broken Liquid is refused on save too, and the refusal sits on the step.
    await step.getByRole('group', { name: 'Subject' }).getByLabel('English').fill('Welcome aboard, {% if %}');
    const versionBefore = (await getCareElement(shell.db, ws(), 'welcome-package')).version;
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await step.locator('.field-issues').getByText('template/subject/en', { exact: false }).waitFor();
    expect((await getCareElement(shell.db, ws(), 'welcome-package')).version).toBe(versionBefore);

    await step.getByRole('group', { name: 'Subject' }).getByLabel('English').fill('Welcome aboard, {{ contact.first_name }}!');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText(`Saved as version ${versionBefore + 1}.`, { exact: false }).waitFor();
    // The results, explained: nobody has run it yet, so there is nothing to compare.
    const results = page.getByRole('region', { name: 'Results', exact: true });
    await results.getByText('Not measurable yet', { exact: false }).waitFor();
    expect(await results.getByRole('row', { name: /^Control group/ }).count()).toBe(1);
    const saved = await getCareElement(shell.db, ws(), 'welcome-package');
    const first = saved.definition.steps[0]!;
    expect(first.kind === 'email' && first.template.subject).toEqual({ fi: 'Tervetuloa, {{ contact.first_name }}!', en: 'Welcome aboard, {{ contact.first_name }}!' });
  });

  it('completes a care task in the KAM inbox with a note; the account shows its care calendar and the mail in the outbox', async () => {
    const { page } = shell;
    const now = new Date();
    // The real engine: Nokkela Oy enters "New customer" for the onboarding element and "Customer" for the welcome package.
    await page.goto(`${shell.baseUrl}/care`);
    await chip('new', '*', 'onboarding-kam-task').getByLabel('Onboarding kick-off (account manager) on').check();
    await page.getByText('“Onboarding kick-off (account manager)” is on.').waitFor();
    const onboarding = await getCareElement(shell.db, ws(), 'onboarding-kam-task');
    const welcome = await getCareElement(shell.db, ws(), 'welcome-package');
    const candidate = (stage: string) => ({ subjectId: seeded.nokkelaId, dedupeKey: 'manual:e2e', at: now, trigger: { kind: 'stage_entered', stage }, stage });
    expect((await enrolSubjects(shell.db, ws(), onboarding, [candidate('new')], now)).enrolled).toBe(1);
    expect((await enrolSubjects(shell.db, ws(), welcome, [candidate('customer')], now)).enrolled).toBe(1);
    await runDueActions(shell.db, ws(), outboxRuntime(), now);
    const [task] = await shell.db.query<{ id: number; title: string }>(`SELECT id, title FROM care_tasks WHERE workspace_id = $1`, [ws()]);
    expect(task).toBeDefined();

    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await page.getByRole('article', { name: task!.title }).waitFor();
    // The inbox of one account owner (the filter is kept in the address).
    await page.goto(`${shell.baseUrl}/tasks?assignee=${encodeURIComponent('Aino Virtanen')}`);
    expect(await page.getByLabel('Assignee').inputValue()).toBe('Aino Virtanen');
    const card = page.getByRole('article', { name: task!.title });
    await card.getByRole('link', { name: 'Nokkela Oy' }).waitFor();
    await card.getByLabel('Note (optional)').fill('Kick-off booked for Monday.');
    await card.getByRole('button', { name: 'Mark done' }).click();
    await card.getByText('Kick-off booked for Monday.').waitFor();
    expect(await card.locator('.badge-done').textContent()).toBe('done');
    const [done] = await shell.db.query<{ status: string; note: string; completed_by: string }>(
      'SELECT status, note, completed_by FROM care_tasks WHERE workspace_id = $1 AND id = $2',
      [ws(), task!.id],
    );
    expect(done).toEqual({ status: 'done', note: 'Kick-off booked for Monday.', completed_by: 'Aino Virtanen' });
    const events = await shell.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND name = 'Task Completed' AND account_id = $2`, [ws(), seeded.nokkelaId]);
    expect(events[0]!.n).toBe(1);
    // Done tasks are under "done", no longer in the open inbox.
    await page.getByLabel('Status').selectOption('done');
    await page.getByRole('article', { name: task!.title }).getByText('Kick-off booked for Monday.').waitFor();
    await page.getByLabel('Status').selectOption('open');
    await page.getByText('No tasks here.').waitFor();

    // The outbox holds the welcome mail (no SMTP server in this test).
    await page.getByRole('link', { name: 'Outbox', exact: true }).click();
    const outbox = page.getByRole('region', { name: 'Outbox', exact: true });
    await outbox.getByText('Welcome aboard, Liisa!').or(outbox.getByText('Tervetuloa, Liisa!')).first().waitFor();

    // The account's care calendar: the kick-off task done, the check a month later scheduled.
    await page.goto(`${shell.baseUrl}/accounts/${seeded.nokkelaId}`);
    const calendar = page.getByRole('region', { name: 'Care calendar' });
    await calendar.getByRole('table', { name: 'Done' }).getByText('Onboarding kick-off (account manager)').first().waitFor();
    await calendar.getByRole('table', { name: 'Coming up' }).getByText('Onboarding kick-off (account manager)').first().waitFor();
    await calendar.screenshot({ path: '/tmp/kanta-web-care-calendar-en.png' });
  });

  it('lists an action that failed for good with its reason, and retries it', async () => {
    const { page } = shell;
    const now = new Date();
    // A webhook to a loopback address, which the workspace does not allow: refused for good, at once.
    await createWebhookEndpoint(shell.db, ws(), { key: 'crm', url: 'http://127.0.0.1:9/hook' });
    const element = await createCareElement(shell.db, ws(), {
      key: 'crm-sync',
      subject_type: 'account',
      enabled: true,
      definition: {
        name: { fi: 'CRM-synkronointi', en: 'CRM sync' },
        phase: 'keep',
        placement: { stages: [], segments: [] },
        trigger: { kind: 'event', event: 'Order Completed' },
        steps: [{ id: 'notify', kind: 'webhook', endpoint: 'crm', event_type: 'customer.ordered' }],
        holdout_percent: 0,
      },
    });
    expect((await enrolSubjects(shell.db, ws(), element, [{ subjectId: seeded.nokkelaId, dedupeKey: 'manual:e2e-dead', at: now, trigger: { kind: 'event' } }], now)).enrolled).toBe(1);
    const ran = await runDueActions(shell.db, ws(), outboxRuntime(), now);
    expect(ran.map((r) => r.status)).toEqual(['dead']);
    const [dead] = await shell.db.query<{ id: number; last_error: string }>(`SELECT id, last_error FROM care_actions WHERE workspace_id = $1 AND status = 'dead'`, [ws()]);

    await page.getByRole('link', { name: 'Outbox', exact: true }).click();
    const failed = page.getByRole('region', { name: 'Failed actions', exact: true });
    const row = failed.getByRole('row', { name: /crm-sync/ });
    await row.getByText(dead!.last_error).waitFor();
    expect(await row.getByRole('link', { name: 'Nokkela Oy' }).count()).toBe(1);
    await row.getByRole('button', { name: 'Retry' }).click();
    await row.getByText('scheduled again', { exact: false }).waitFor();
    const [again] = await shell.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM care_actions WHERE workspace_id = $1 AND id = $2', [ws(), dead!.id]);
    expect(again).toEqual({ status: 'scheduled', attempts: 0 });
    // It is in the schedule again.
    const schedule = page.getByRole('region', { name: 'Actions', exact: true });
    await schedule.getByRole('button', { name: 'Refresh' }).click();
    await schedule.getByRole('row', { name: /crm-sync/ }).waitFor();
    await page.screenshot({ path: '/tmp/kanta-web-care-outbox-en.png', fullPage: true });
  });
});
