import type { Database } from '../../../db/database.js';
import type { SubjectType } from '../../../rules/rule.js';
import type { CareRuntime } from '../../engine/care-runtime.js';
import type { StepContext } from '../../engine/step-executor.js';
import type { CareElement, CareElementDefinition, CareStep } from '../../model/care-element.js';

let counter = 0;

/**
 * Inserts what a step executor reads (a care element whose definition holds `step`, a run and
 * a claimed action of that step for the subject) and returns the StepContext the engine would
 * pass (tests only; the engine's claim loop is not involved).
 */
export async function careStepContext(
  db: Database,
  workspaceId: number,
  options: { subject: { type: SubjectType; id: number }; step: CareStep; runtime: CareRuntime; now?: Date; dueAt?: Date },
): Promise<StepContext> {
  const n = ++counter;
  const now = options.now ?? new Date();
  const definition: CareElementDefinition = {
    name: { fi: `Testi ${n}`, en: `Test ${n}` },
    phase: 'keep',
    placement: { stages: [], segments: [] },
    trigger: { kind: 'event', event: 'Test Event' },
    steps: [options.step],
    holdout_percent: 0,
  };
  const key = `channels-test-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const [element] = await db.query<{ id: number; created_at: Date; updated_at: Date }>(
    `INSERT INTO care_elements (workspace_id, key, subject_type, version, enabled, definition) VALUES ($1, $2, $3, 1, true, $4::jsonb) RETURNING id, created_at, updated_at`,
    [workspaceId, key, options.subject.type, JSON.stringify(definition)],
  );
  const [run] = await db.query<{ id: number }>(
    `INSERT INTO care_runs (workspace_id, element_id, element_version, subject_type, subject_id, dedupe_key, trigger, cohort, status)
     VALUES ($1, $2, 1, $3, $4, $5, '{}'::jsonb, 'treated', 'active') RETURNING id`,
    [workspaceId, element!.id, options.subject.type, options.subject.id, `manual:${n}`],
  );
  const dueAt = options.dueAt ?? now;
  const [action] = await db.query<{ id: number }>(
    `INSERT INTO care_actions (workspace_id, run_id, element_id, subject_type, subject_id, step_id, kind, due_at, status, attempts, locked_by, locked_until, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'running', 1, $9, now() + interval '5 minutes', now()) RETURNING id`,
    [workspaceId, run!.id, element!.id, options.subject.type, options.subject.id, options.step.id, options.step.kind, dueAt, options.runtime.workerId],
  );
  const careElement: CareElement = {
    id: element!.id,
    key,
    subjectType: options.subject.type,
    version: 1,
    enabled: true,
    definition,
    createdAt: new Date(element!.created_at).toISOString(),
    updatedAt: new Date(element!.updated_at).toISOString(),
  };
  return {
    db,
    runtime: options.runtime,
    element: careElement,
    step: options.step,
    now,
    action: {
      id: action!.id,
      workspaceId,
      runId: run!.id,
      elementId: element!.id,
      subjectType: options.subject.type,
      subjectId: options.subject.id,
      stepId: options.step.id,
      dueAt,
      attempt: 1,
    },
  };
}

/** The same action again, as a retry would see it (attempt + 1). */
export function retryOf(ctx: StepContext, now?: Date): StepContext {
  return { ...ctx, now: now ?? ctx.now, action: { ...ctx.action, attempt: ctx.action.attempt + 1 } };
}
