import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKanta as kanta } from '../../testing/run-kanta-cli.js';
import { openTemplateDataDir } from '../../testing/open-template-data-dir.js';
import { bootstrapWorkspace } from '../../workspaces/bootstrap-workspace.js';
import type { CareStep } from '../model/care-element.js';
import { executeEmailStep } from './execute-email-step.js';
import { careStepContext } from './testing/care-step-fixture.js';
import { exchangeBounce, plainEmail, postfixBounce } from './testing/delivery-status-samples.js';

// The use case and the HTTP route run on both databases in their suites; this drives `kanta programmes bounces` on an embedded data directory.
describe('kanta programmes bounces (CLI)', () => {
  let dir = '';
  const files: Record<string, string> = {};
  beforeAll(async () => {
    const { dir: made, db } = await openTemplateDataDir('kanta-bounces-cli-', 'data');
    dir = made;
    const { workspace } = await bootstrapWorkspace(db, { slug: 'cli', name: 'CLI' });
    await db.query(`INSERT INTO care_settings (workspace_id, quiet_start, quiet_end) VALUES ($1, '00:00', '00:00') ON CONFLICT (workspace_id) DO UPDATE SET quiet_start = '00:00', quiet_end = '00:00'`, [workspace.id]);
    const runtime = { mailer: null, publicUrl: 'http://127.0.0.1:3000', workerId: 'cli-test', webhookTimeoutMs: 1000 };
    const mail: CareStep = { id: 'm', kind: 'email', purpose: 'service', template: { subject: { fi: 'Tervetuloa', en: 'Welcome' }, body: { fi: 'Hei!', en: 'Hi!' } } };
    const ids: Record<string, string> = {};
    for (const email of ['maija@asiakas.example', 'matti@vanha.example']) {
      const [c] = await db.query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name, locale) VALUES ($1, $2, 'M', 'fi') RETURNING id`, [workspace.id, email]);
      const ctx = await careStepContext(db, workspace.id, { subject: { type: 'contact', id: c!.id }, step: mail, runtime, now: new Date('2026-06-10T09:00:00Z') });
      expect(await executeEmailStep(ctx)).toMatchObject({ kind: 'done' });
      const [m] = await db.query<{ message_id: string }>(`SELECT message_id FROM care_messages WHERE workspace_id = $1 AND action_id = $2`, [workspace.id, ctx.action.id]);
      ids[email] = m!.message_id;
    }
    await db.close();
    files.postfix = join(dir, 'postfix.eml');
    writeFileSync(files.postfix, postfixBounce({ messageId: ids['maija@asiakas.example']!, recipient: 'maija@asiakas.example' }));
    files.exchange = join(dir, 'exchange.eml');
    writeFileSync(files.exchange, exchangeBounce({ messageId: ids['matti@vanha.example']!, recipient: 'matti@vanha.example' }));
    files.unknown = join(dir, 'unknown.eml');
    writeFileSync(files.unknown, postfixBounce({ messageId: '<kanta-a999-c999@kanta.localhost>', recipient: 'x@y.example' }));
    files.plain = join(dir, 'reply.eml');
    writeFileSync(files.plain, plainEmail);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records bounce emails, reports unmatched ones, changes nothing the second time, and names the file of a non-DSN', { timeout: 120_000 }, async () => {
    const data = join(dir, 'data');
    const first = await kanta(data, ['programmes', 'bounces', files.postfix!, files.exchange!, files.unknown!]);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^hard\\t${files.postfix}\\tmaija@asiakas\\.example\\t<kanta-a\\d+-c\\d+@kanta\\.localhost>\\tsuppressed$`));
    expect(lines[1]).toMatch(/^hard\t.*exchange\.eml\tmatti@vanha\.example\t.*\tsuppressed$/);
    expect(lines[2]).toMatch(/^unmatched\t.*unknown\.eml\tx@y\.example\t<kanta-a999-c999@kanta\.localhost>\tunknown_message$/);
    expect(lines[3]).toBe('Recorded 2 (2 hard, 0 soft; 2 addresses suppressed), unmatched 1, ignored 0.');

    const again = await kanta(data, ['programmes', 'bounces', '--json', files.postfix!]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ recorded: [{ file: files.postfix, kind: 'hard', suppressed: false, changed: false }], counts: { recorded: 1, suppressed: 0 } });

    const bad = await kanta(data, ['programmes', 'bounces', files.postfix!, files.plain!]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(`${files.plain}: The email is not a delivery status notification`);
    expect(bad.stderr).toContain(`${files.plain}: Content-Type: expected multipart/report; report-type=delivery-status, got text/plain`);
  });
});
