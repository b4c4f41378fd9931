import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Database } from '../db/database.js';
import { openPglite } from '../db/open-pglite.js';

/**
 * A new temporary folder and, in it (or in its `sub` folder), an embedded database made from the
 * test run's migrated template (global-setup.ts), opened: what a CLI test drives `kanta` on.
 * The caller closes the database before running the CLI and removes `dir` at the end.
 */
export async function openTemplateDataDir(prefix: string, sub?: string): Promise<{ dir: string; db: Database }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = await openPglite({ dataDir: sub ? join(dir, sub) : dir, loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
  return { dir, db };
}
