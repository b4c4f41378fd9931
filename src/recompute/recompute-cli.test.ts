import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccount } from '../lifecycle/testing/lifecycle-test-data.js';
import { runKanta as kanta } from '../testing/run-kanta-cli.js';
import { openTemplateDataDir } from '../testing/open-template-data-dir.js';
import { bootstrapWorkspace } from '../workspaces/bootstrap-workspace.js';

// The CLI is a thin shell over recomputeWorkspace, which recompute-workspace.test.ts covers on
// both databases; this drives `kanta recompute` end to end on an embedded data directory.
describe('kanta recompute (CLI)', () => {
  let dir = '';
  beforeAll(async () => {
    const { dir: made, db } = await openTemplateDataDir('kanta-recompute-cli-');
    dir = made;
    const { workspace } = await bootstrapWorkspace(db, { slug: 'cli', name: 'CLI' });
    for (const name of ['Yksi Oy', 'Kaksi Oy', 'Kolme Oy']) await insertAccount(db, workspace.id, name);
    await db.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recomputes in batches, as JSON, and refuses a bad --parallel or --batch-size by name', { timeout: 120_000 }, async () => {
    const run = await kanta(dir, ['--json', 'recompute', '--batch-size', '2', '--parallel', '2']);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.subjects).toEqual({ account: 3, contact: 0 });
    expect(body.stages).toMatchObject({ placed: 3 });
    // Contacts: one (empty) batch; accounts: [first, 3rd) and [3rd, end).
    expect(body.batches).toBe(3);

    const zero = await kanta(dir, ['recompute', '--parallel', '0']);
    expect(zero.code).not.toBe(0);
    expect(zero.stderr).toContain('--parallel must be a positive number, got "0"');
    const word = await kanta(dir, ['recompute', '--batch-size', 'many']);
    expect(word.code).not.toBe(0);
    expect(word.stderr).toContain('--batch-size must be a positive number, got "many"');
  });
});
