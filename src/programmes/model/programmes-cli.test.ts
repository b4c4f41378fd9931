import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapWorkspace } from '../../workspaces/bootstrap-workspace.js';
import { runKanta as kanta } from '../../testing/run-kanta-cli.js';
import { openTemplateDataDir } from '../../testing/open-template-data-dir.js';


// The use cases are tested on both databases in the API suites; this drives the CLI end to end
// on an embedded data directory: export, edit, import (all or nothing), enable, matrix, results.
describe('kanta programmes (CLI)', () => {
  let dir = '';
  beforeAll(async () => {
    const { dir: made, db } = await openTemplateDataDir('kanta-programmes-cli-');
    dir = made;
    await bootstrapWorkspace(db, { slug: 'cli', name: 'CLI' });
    await db.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports, imports an edited model all or nothing, enables and shows the matrix and results', { timeout: 180_000 }, async () => {
    const file = join(dir, 'model.json');
    const exported = await kanta(dir, ['programmes', 'export', '-o', file]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/Wrote 16 care elements/);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.format).toBe('kanta-care-model');

    const unchanged = await kanta(dir, ['--json', 'programmes', 'import', file]);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(JSON.parse(unchanged.stdout)).toMatchObject({ created: [], updated: [], unchanged: expect.any(Array) });

    const win = doc.elements.find((e: { key: string }) => e.key === 'win-back-offer');
    win.definition.holdout_percent = 25;
    const copy = structuredClone(win);
    copy.key = 'win-back-2';
    doc.elements.push(copy);
    const broken = structuredClone(win);
    broken.key = 'broken';
    broken.definition.trigger = { kind: 'stage_entered', stage: 'gone' };
    writeFileSync(file, JSON.stringify({ ...doc, elements: [...doc.elements, broken] }));
    const refused = await kanta(dir, ['programmes', 'import', file]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('/elements/17/definition/trigger/stage');

    writeFileSync(file, JSON.stringify(doc));
    const imported = await kanta(dir, ['--json', 'programmes', 'import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: ['win-back-2'], updated: ['win-back-offer'] });

    const enabled = await kanta(dir, ['programmes', 'enable', 'win-back-offer']);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(enabled.stdout).toMatch(/^on \twin-back-offer\taccount\treferrals\tformer \/ all segments\tWin-back offer\t\(v3\)/);

    const matrix = await kanta(dir, ['programmes', 'matrix', '--lang', 'fi']);
    expect(matrix.code, matrix.stderr).toBe(0);
    expect(matrix.stdout).toContain('Entinen asiakas (former)');
    expect(matrix.stdout).toContain('[all segments] (critical-moment-detractor), (exit-survey), (win-back-2), win-back-offer');

    const show = await kanta(dir, ['programmes', 'show', 'win-back-offer', '--lang', 'fi']);
    expect(show.stdout).toContain('Olisiko aika palata?');
    expect(show.stdout).toContain('Control group: 25 %');

    const results = await kanta(dir, ['programmes', 'results', 'win-back-offer']);
    expect(results.code, results.stderr).toBe(0);
    expect(results.stdout).toContain('win-back-offer: 0 enrolled (0 treated, 0 control)');
    expect(results.stdout).toContain('no difference yet');
  });
});
