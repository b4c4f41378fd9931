import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapWorkspace } from '../../workspaces/bootstrap-workspace.js';
import type { CareStep } from '../model/care-element.js';
import { executeEmailStep } from '../email/execute-email-step.js';
import { careStepContext } from '../email/testing/care-step-fixture.js';
import { executeTaskStep } from './execute-task-step.js';
import { runKanta as kanta } from '../../testing/run-kanta-cli.js';
import { openTemplateDataDir } from '../../testing/open-template-data-dir.js';


// The use cases run on both databases in the API suites; this drives `kanta tasks` and `kanta outbox` on an embedded data directory.
describe('kanta tasks and kanta outbox (CLI)', () => {
  let dir = '';
  beforeAll(async () => {
    const { dir: made, db } = await openTemplateDataDir('kanta-channels-cli-');
    dir = made;
    const { workspace } = await bootstrapWorkspace(db, { slug: 'cli', name: 'CLI' });
    await db.query(`INSERT INTO care_settings (workspace_id, quiet_start, quiet_end) VALUES ($1, '00:00', '00:00') ON CONFLICT (workspace_id) DO UPDATE SET quiet_start = '00:00', quiet_end = '00:00'`, [workspace.id]);
    const [a] = await db.query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, owner) VALUES ($1, 'Aalto Oy', 'kaisa') RETURNING id`, [workspace.id]);
    const [c] = await db.query<{ id: number }>(`INSERT INTO contacts (workspace_id, account_id, email, first_name, locale) VALUES ($1, $2, 'anna@aalto.example', 'Anna', 'fi') RETURNING id`, [workspace.id, a!.id]);
    const runtime = { mailer: null, publicUrl: 'http://127.0.0.1:3000', workerId: 'cli-test', webhookTimeoutMs: 1000 };
    const task: CareStep = { id: 't', kind: 'task', title: { fi: 'Vuosikatsaus', en: 'Annual review' }, due_in_days: 7 };
    expect(await executeTaskStep(await careStepContext(db, workspace.id, { subject: { type: 'account', id: a!.id }, step: task, runtime }))).toMatchObject({ kind: 'done' });
    const mail: CareStep = { id: 'm', kind: 'email', purpose: 'service', template: { subject: { fi: 'Tervetuloa {{ contact.first_name }}', en: 'Welcome' }, body: { fi: 'Hei!', en: 'Hi!' } } };
    expect(await executeEmailStep(await careStepContext(db, workspace.id, { subject: { type: 'contact', id: c!.id }, step: mail, runtime, now: new Date('2026-06-10T09:00:00Z') }))).toMatchObject({ kind: 'done' });
    await db.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists and completes tasks, and shows the outbox', { timeout: 120_000 }, async () => {
    const list = await kanta(dir, ['tasks', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const page = JSON.parse(list.stdout);
    expect(page.data).toMatchObject([{ title: 'Vuosikatsaus', assignee: 'kaisa', status: 'open', account_name: 'Aalto Oy' }]);
    const done = await kanta(dir, ['tasks', 'complete', String(page.data[0].id), '--note', 'Pidetty']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^Done: \d+\tdone\t.*\tkaisa\tAalto Oy\tVuosikatsaus/);
    expect((await kanta(dir, ['tasks', 'list'])).stdout.trim()).toBe('No tasks.');
    const again = await kanta(dir, ['tasks', 'complete', String(page.data[0].id)]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already done/);

    const outbox = await kanta(dir, ['outbox', '--full']);
    expect(outbox.code, outbox.stderr).toBe(0);
    expect(outbox.stdout).toMatch(/outboxed\tanna@aalto\.example\tTervetuloa Anna\nMessage-ID: <kanta-a\d+-c\d+@kanta\.localhost>\n\nHei!/);
  });
});
