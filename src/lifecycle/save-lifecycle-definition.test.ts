import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { bootstrapWorkspace } from '../workspaces/bootstrap-workspace.js';
import { defaultLifecycle } from './default-lifecycle.js';
import { ensureDefaultLifecycle } from './ensure-default-lifecycle.js';
import { getLifecycleDefinition } from './get-lifecycle-definition.js';
import type { LifecycleDefinition } from './lifecycle-definition.js';
import { listLifecycleVersions } from './list-lifecycle-versions.js';
import { recomputeStages } from './recompute-stages.js';
import { saveLifecycleDefinition } from './save-lifecycle-definition.js';
import { daysBefore, insertAccount, insertEvent, stageOf } from './testing/lifecycle-test-data.js';

const NOW = new Date('2026-06-01T12:00:00Z');

/** The default account lifecycle without its decision stage (and the transitions that used it). */
function withoutDecision(): LifecycleDefinition {
  const def = defaultLifecycle('account');
  return {
    ...def,
    stages: def.stages.filter((s) => s.key !== 'decision'),
    transitions: def.transitions
      .filter((t) => t.to !== 'decision')
      .map((t) => (t.from === '*' ? t : { ...t, from: t.from.filter((f) => f !== 'decision') })),
  };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describeEachDatabase('saveLifecycleDefinition', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  const deciding: number[] = [];

  beforeAll(async () => {
    for (const name of ['Harkitsija Oy', 'Pohtija Oy']) {
      const id = await insertAccount(db(), w(), name);
      await insertEvent(db(), w(), { account: id }, 'Meeting Held', daysBefore(NOW, 5));
      deciding.push(id);
    }
    await insertAccount(db(), w(), 'Hiljainen Oy');
    await recomputeStages(db(), w(), 'account', { now: NOW });
  });

  it('gives a new workspace the default definitions as version 1, once', async () => {
    const other = await bootstrapWorkspace(db(), { slug: 'fresh', name: 'Fresh' });
    const account = await getLifecycleDefinition(db(), other.workspace.id, 'account');
    expect(account).toMatchObject({ subject: 'account', version: 1, note: 'Default lifecycle' });
    expect(account.definition).toEqual(JSON.parse(JSON.stringify(defaultLifecycle('account'))));
    expect((await getLifecycleDefinition(db(), other.workspace.id, 'contact')).definition).toEqual(JSON.parse(JSON.stringify(defaultLifecycle('contact'))));
    expect(await ensureDefaultLifecycle(db(), other.workspace.id)).toEqual([]);
    await db().query('DELETE FROM lifecycle_definitions WHERE workspace_id = $1 AND subject_type = $2', [other.workspace.id, 'contact']);
    expect(await ensureDefaultLifecycle(db(), other.workspace.id)).toEqual(['contact']);
  });

  it('refuses an invalid definition with paths into the input', async () => {
    const def = JSON.parse(JSON.stringify(defaultLifecycle('account')));
    def.transitions[0].rule = { all: [{ orders: 'count', within_days: -3, op: 'gte', value: 1 }] };
    def.initial = 'lead';
    const err = await refusal(saveLifecycleDefinition(db(), w(), 'account', { definition: def }));
    expect(err.code).toBe('unprocessable');
    expect(err.issues).toEqual([
      { path: '/definition/initial', message: expect.stringMatching(/must be the key of one of the stages/) },
      { path: '/definition/transitions/0/rule/all/0/within_days', message: expect.stringMatching(/at least 1 day/) },
    ]);
    expect((await getLifecycleDefinition(db(), w(), 'account')).version).toBe(1);
  });

  it('reports in a dry run how many subjects a deleted stage holds, and refuses to apply without a mapping', async () => {
    expect(await stageOf(db(), w(), 'account', deciding[0]!)).toBe('decision');
    const dry = await saveLifecycleDefinition(db(), w(), 'account', { definition: withoutDecision(), dryRun: true });
    expect(dry).toMatchObject({
      dry_run: true,
      changed: true,
      previous_version: 1,
      version: 2,
      deleted_stages: [{ stage: 'decision', subjects: 2, to: null }],
      moved: 0,
    });
    expect(dry.issues).toEqual([{ path: '/stageMapping', message: expect.stringMatching(/^2 subject\(s\) are in stage "decision"/) }]);

    const err = await refusal(saveLifecycleDefinition(db(), w(), 'account', { definition: withoutDecision() }));
    expect(err.code).toBe('unprocessable');
    expect(err.extra).toEqual({ deleted_stages: [{ stage: 'decision', subjects: 2, to: null }] });

    const bad = await refusal(saveLifecycleDefinition(db(), w(), 'account', { definition: withoutDecision(), stageMapping: { decision: 'limbo', new: 'awareness' } }));
    expect(bad.issues.map((i) => i.path)).toEqual(['/stageMapping/decision', '/stageMapping/new']);
    expect((await getLifecycleDefinition(db(), w(), 'account')).version).toBe(1);
  });

  it('says where the subjects go in a dry run, then moves them on apply with history in the new version', async () => {
    const input = { definition: withoutDecision(), stageMapping: { decision: 'interest' }, note: 'No decision step' };
    const dry = await saveLifecycleDefinition(db(), w(), 'account', { ...input, dryRun: true });
    expect(dry).toMatchObject({ version: 2, deleted_stages: [{ stage: 'decision', subjects: 2, to: 'interest' }], moved: 2, issues: [] });
    expect(await stageOf(db(), w(), 'account', deciding[0]!)).toBe('decision');

    const applied = await saveLifecycleDefinition(db(), w(), 'account', { ...input, now: NOW });
    expect(applied).toMatchObject({ dry_run: false, changed: true, version: 2, moved: 2 });
    for (const id of deciding) expect(await stageOf(db(), w(), 'account', id)).toBe('interest');
    const moves = await db().query<{ from_stage: string; to_stage: string; transition_key: string | null; definition_version: number; facts: Record<string, unknown> }>(
      `SELECT from_stage, to_stage, transition_key, definition_version, facts FROM stage_history
        WHERE workspace_id = $1 AND subject_type = 'account' AND definition_version = 2 ORDER BY subject_id`,
      [w()],
    );
    expect(moves).toEqual(
      deciding.map(() => ({
        from_stage: 'decision',
        to_stage: 'interest',
        transition_key: null,
        definition_version: 2,
        facts: { reason: 'stage deleted in version 2', mapped: 'decision -> interest' },
      })),
    );
    const [events] = await db().query<{ n: number }>(
      `SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND name = 'Stage Changed' AND properties->>'version' = '2'`,
      [w()],
    );
    expect(Number(events!.n)).toBe(2);
    const versions = await listLifecycleVersions(db(), w(), 'account');
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [2, 'No decision step'],
      [1, 'Default lifecycle'],
    ]);
  });

  it('makes no version when nothing changed, and recomputes with the new version', async () => {
    const same = await saveLifecycleDefinition(db(), w(), 'account', { definition: withoutDecision() });
    expect(same).toMatchObject({ changed: false, version: 2, previous_version: 2 });
    const r = await recomputeStages(db(), w(), 'account', { now: NOW });
    expect(r.version).toBe(2);
    // The meeting no longer leads anywhere: interest stays interest (no decision stage to go to).
    for (const id of deciding) expect(await stageOf(db(), w(), 'account', id)).toBe('interest');
  });
});
