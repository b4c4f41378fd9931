import type { Database, Queryable } from '../db/database.js';
import { AppError, type FieldIssue } from '../errors/app-error.js';
import type { SubjectType } from '../rules/rule.js';
import { getLifecycleDefinition } from './get-lifecycle-definition.js';
import type { LifecycleDefinition } from './lifecycle-definition.js';
import { lockLifecycle } from './lock-lifecycle.js';
import { recordStageMovesSql } from './record-stage-moves.js';
import { validateLifecycleDefinition } from './validate-lifecycle-definition.js';

export interface SaveLifecycleInput {
  definition: unknown;
  /** { deleted stage: stage of the new definition } for every deleted stage that holds subjects. */
  stageMapping?: Record<string, string> | undefined;
  note?: string | undefined;
  /** Check and report what would happen, change nothing. */
  dryRun?: boolean | undefined;
  /** The time of the moves (default: now). */
  now?: Date | undefined;
}

export interface DeletedStage {
  stage: string;
  /** Subjects in it now. */
  subjects: number;
  /** Where they go (from stageMapping), or null when the mapping does not say. */
  to: string | null;
}

export interface SaveLifecycleResult {
  subject: SubjectType;
  dry_run: boolean;
  /** False when the definition equals the current one: no new version. */
  changed: boolean;
  /** The version before the edit. */
  previous_version: number;
  /** The version made (or, in a dry run, the one that would be made). */
  version: number;
  /** Stages the edit deletes (and stages of older versions that still hold subjects). */
  deleted_stages: DeletedStage[];
  /** Subjects moved out of deleted stages (in a dry run: that would be moved). */
  moved: number;
  /** Problems that stop the edit from being applied (only in a dry run; otherwise it throws). */
  issues: FieldIssue[];
  definition: LifecycleDefinition;
}

async function segmentTypes(tx: Queryable, workspaceId: number): Promise<Map<string, SubjectType>> {
  const rows = await tx.query<{ key: string; subject_type: SubjectType }>('SELECT key, subject_type FROM segments WHERE workspace_id = $1', [workspaceId]);
  return new Map(rows.map((r) => [r.key, r.subject_type]));
}

function mappingToken(stage: string): string {
  return `/stageMapping/${stage.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Checks the mapping against the deleted stages: each holding subjects needs a target of the new definition. */
function planDeletions(
  current: LifecycleDefinition,
  next: LifecycleDefinition,
  occupied: ReadonlyMap<string, number>,
  mapping: Record<string, string>,
): { deleted: DeletedStage[]; issues: FieldIssue[] } {
  const nextKeys = new Set(next.stages.map((s) => s.key));
  const deletedKeys = new Set([...current.stages.map((s) => s.key), ...occupied.keys()].filter((k) => !nextKeys.has(k)));
  const issues: FieldIssue[] = [];
  for (const [from, to] of Object.entries(mapping)) {
    if (!deletedKeys.has(from)) issues.push({ path: mappingToken(from), message: `"${from}" is not a stage this edit deletes` });
    else if (!nextKeys.has(to)) issues.push({ path: mappingToken(from), message: `"${to}" is not a stage of the new definition (${[...nextKeys].join(', ')})` });
  }
  const deleted = [...deletedKeys].map((stage) => {
    const subjects = occupied.get(stage) ?? 0;
    const to = mapping[stage] !== undefined && nextKeys.has(mapping[stage]) ? mapping[stage] : null;
    if (subjects > 0 && mapping[stage] === undefined) {
      issues.push({
        path: '/stageMapping',
        message: `${subjects} subject(s) are in stage "${stage}", which this edit deletes: map it to a stage of the new definition, e.g. {"${stage}": "${next.initial}"}`,
      });
    }
    return { stage, subjects, to };
  });
  return { deleted, issues };
}

/**
 * Saves an edited lifecycle definition as version n+1 (the old versions stay: history rows
 * keep the version that made each move). When the edit deletes a stage that holds subjects,
 * `stageMapping` must say where they go; a dry run reports how many are in each deleted stage
 * and where they would go, and changes nothing. Applying moves them in the same transaction,
 * each move in stage_history (with the new version) and on the timeline.
 * An invalid definition or mapping is refused (unprocessable) with JSON pointers into the
 * input ({ definition, stageMapping }).
 */
export async function saveLifecycleDefinition(
  db: Database,
  workspaceId: number,
  subject: SubjectType,
  input: SaveLifecycleInput,
): Promise<SaveLifecycleResult> {
  const dryRun = input.dryRun ?? false;
  const mapping = input.stageMapping ?? {};
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    await lockLifecycle(tx, workspaceId, subject);
    const current = await getLifecycleDefinition(tx, workspaceId, subject);
    const contactStages = subject === 'account' ? (await getLifecycleDefinition(tx, workspaceId, 'contact')).definition.stages.map((s) => s.key) : undefined;
    const checked = validateLifecycleDefinition(input.definition, {
      subject,
      segments: await segmentTypes(tx, workspaceId),
      ...(contactStages ? { contactStages } : {}),
    });
    if (!checked.ok) {
      const issues = checked.issues.map((i) => ({ path: `/definition${i.path === '/' ? '' : i.path}`, message: i.message }));
      throw new AppError('unprocessable', `The lifecycle definition is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
    }
    const next = checked.definition;
    const counts = await tx.query<{ stage: string; n: number }>(
      `SELECT stage, count(*) AS n FROM subject_stages
        WHERE workspace_id = $1 AND subject_type = $2 AND stage <> ALL($3::text[])
        GROUP BY stage ORDER BY stage`,
      [workspaceId, subject, next.stages.map((s) => s.key)],
    );
    const occupied = new Map(counts.map((r) => [r.stage, Number(r.n)]));
    const { deleted, issues } = planDeletions(current.definition, next, occupied, mapping);
    const moved = deleted.reduce((sum, d) => sum + (d.to ? d.subjects : 0), 0);
    const [same] = await tx.query<{ same: boolean }>('SELECT $1::jsonb = $2::jsonb AS same', [JSON.stringify(next), JSON.stringify(current.definition)]);
    const changed = !same?.same || deleted.some((d) => d.subjects > 0);
    const result: SaveLifecycleResult = {
      subject,
      dry_run: dryRun,
      changed,
      previous_version: current.version,
      version: changed ? current.version + 1 : current.version,
      deleted_stages: deleted,
      moved,
      issues,
      definition: next,
    };
    if (issues.length > 0 && !dryRun) {
      throw new AppError('unprocessable', `The stage mapping is not complete: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues, {
        deleted_stages: deleted,
      });
    }
    if (dryRun || !changed) return result;

    await tx.execute(
      `INSERT INTO lifecycle_definitions (workspace_id, subject_type, version, definition, note) VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [workspaceId, subject, result.version, JSON.stringify(next), input.note ?? null],
    );
    const targets = Object.fromEntries(deleted.filter((d) => d.to && d.subjects > 0).map((d) => [d.stage, d.to]));
    if (Object.keys(targets).length > 0) {
      await tx.query(
        recordStageMovesSql(
          subject,
          `SELECT s.subject_id, s.stage AS from_stage, m.value AS to_stage, NULL::text AS transition_key,
                  jsonb_build_object('reason', $6::text, 'mapped', s.stage || ' -> ' || m.value) AS facts
             FROM subject_stages s JOIN jsonb_each_text($4::jsonb) m ON m.key = s.stage
            WHERE s.workspace_id = $1 AND s.subject_type = $5`,
          { workspaceId: '$1', now: '$2', version: '$3' },
        ),
        [workspaceId, now, result.version, JSON.stringify(targets), subject, `stage deleted in version ${result.version}`],
      );
    }
    return result;
  });
}
