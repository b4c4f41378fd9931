import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapWorkspace } from '../../workspaces/bootstrap-workspace.js';
import { createCareElement } from '../model/create-care-element.js';
import { enrolSubjects } from './enrol-subjects.js';
import { executeAction } from './execute-action.js';
import { claimDueActions } from './claim-due-actions.js';
import { loadCareElement } from './load-care-elements.js';
import { definition, outboxRuntime } from './testing/care-engine-fixture.js';
import { runKanta as kanta } from '../../testing/run-kanta-cli.js';
import { openTemplateDataDir } from '../../testing/open-template-data-dir.js';

/** Runs the CLI from source as its own process on the given data directory, with a clean environment for the database. */

// The CLI is a thin shell over the use cases tested on both databases; this drives it end to end on PGlite.
describe('kanta actions and kanta worker (CLI)', () => {
  let dir = '';
  let deadId = 0;
  let accountId = 0;
  beforeAll(async () => {
    const { dir: made, db } = await openTemplateDataDir('kanta-care-cli-');
    dir = made;
    const { workspace } = await bootstrapWorkspace(db, { slug: 'cli', name: 'CLI' });
    await db.query(`INSERT INTO segments (workspace_id, key, name, subject_type, kind) VALUES ($1, 'cli-list', 'CLI list', 'account', 'static')`, [workspace.id]);
    const el = await createCareElement(db, workspace.id, {
      key: 'cli-element',
      subject_type: 'account',
      enabled: true,
      definition: definition({ trigger: { kind: 'event', event: 'Cli' }, steps: [{ id: 'add', kind: 'list_add', segment: 'cli-list' }, { id: 'pause', kind: 'wait', delay: { days: 3 } }] }),
    });
    const [a] = await db.query<{ id: number }>(`INSERT INTO accounts (workspace_id, name, traits) VALUES ($1, 'Komento Oy', '{"since": "2020-01-15"}') RETURNING id`, [workspace.id]);
    accountId = a!.id;
    const now = new Date();
    await db.transaction(async (tx) => enrolSubjects(tx, workspace.id, (await loadCareElement(tx, workspace.id, el.id))!, [{ subjectId: accountId, dedupeKey: 'manual:1', at: now, trigger: {} }], now));
    // The list is gone when the step runs: the action is dead.
    await db.query(`DELETE FROM segments WHERE workspace_id = $1 AND key = 'cli-list'`, [workspace.id]);
    const [claimed] = await claimDueActions(db, workspace.id, { workerId: 'cli', limit: 1, leaseMs: 60_000, now });
    expect((await executeAction(db, outboxRuntime('cli'), claimed!)).status).toBe('dead');
    deadId = claimed!.id;
    await db.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the dead-letter list, retries it, and shows a calendar', { timeout: 240_000 }, async () => {
    const dead = await kanta(dir, ['--json', 'actions', 'list', '--status', 'dead']);
    expect(dead.code, dead.stderr).toBe(0);
    expect(JSON.parse(dead.stdout).data).toMatchObject([{ id: deadId, status: 'dead', element_key: 'cli-element', subject_name: 'Komento Oy' }]);

    const retry = await kanta(dir, ['actions', 'retry', String(deadId)]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toMatch(new RegExp(`Action #${deadId} is scheduled again`));

    const cal = await kanta(dir, ['--json', 'actions', 'calendar', `account:${accountId}`]);
    expect(cal.code, cal.stderr).toBe(0);
    expect(JSON.parse(cal.stdout)).toMatchObject({ subject_type: 'account', subject_id: accountId, scheduled: [{ id: deadId, step_id: 'add' }], history: [] });
  });

  it('refuses to run a separate worker on the embedded database', { timeout: 60_000 }, async () => {
    const r = await kanta(dir, ['worker']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kanta worker needs PostgreSQL/);
  });
});
