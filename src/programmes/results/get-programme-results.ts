import type { Queryable } from '../../db/database.js';
import { getLifecycleDefinition } from '../../lifecycle/get-lifecycle-definition.js';
import type { CareOutcome, LocalizedText } from '../model/care-element.js';
import { findCareElement } from '../model/find-care-element.js';
import { differenceOfProportions } from './difference-of-proportions.js';

export interface CohortOutcome {
  /** Runs whose outcome window has ended. */
  measured: number;
  successes: number;
  rate: number | null;
}

export interface ProgrammeResults {
  element: { id: number; key: string; name: LocalizedText; version: number };
  enrolled: number;
  treated: number;
  control: number;
  actions: Record<'scheduled' | 'running' | 'done' | 'skipped' | 'dead' | 'cancelled', number>;
  skip_reasons: { reason: string; count: number }[];
  messages: { total: number; sent: number; outboxed: number; bounced: number; opened: number; clicked: number; contacts_reached: number };
  tasks: { total: number; open: number; done: number; cancelled: number };
  outcome: {
    definition: CareOutcome;
    treated: CohortOutcome;
    control: CohortOutcome;
    /** Runs still inside their outcome window (not counted yet). */
    pending: number;
    /** Treated rate minus control rate, with its 95 % interval (Newcombe's hybrid score method); null until both cohorts have measured runs. */
    difference: number | null;
    ci95: { low: number; high: number } | null;
  } | null;
}

const ACTION_STATUSES = ['scheduled', 'running', 'done', 'skipped', 'dead', 'cancelled'] as const;

/**
 * What a care element has done and what it changed: runs by cohort, actions by status (with
 * the reasons for skips), messages sent (SMTP accepted them: a message that bounced later, by a
 * delivery report, counts as sent and as bounced), opened and clicked, tasks done, and the outcome the
 * element targets, treated against its control group, over runs whose window (outcome.days
 * from enrolment) has ended by `now`:
 * - repeat_purchase: an order (not cancelled) of the subject in the window;
 * - stage_reached: the subject moved to the stage in the window;
 * - retained: the subject did not move to a stage of kind 'former' in the window.
 */
export async function getProgrammeResults(db: Queryable, workspaceId: number, idOrKey: number | string, now: Date = new Date()): Promise<ProgrammeResults> {
  const element = await findCareElement(db, workspaceId, idOrKey);
  const w = workspaceId;
  const id = element.id;
  const [runs] = await db.query<{ enrolled: number; treated: number; control: number }>(
    `SELECT count(*)::int AS enrolled, count(*) FILTER (WHERE cohort = 'treated')::int AS treated, count(*) FILTER (WHERE cohort = 'control')::int AS control
       FROM care_runs WHERE workspace_id = $1 AND element_id = $2`,
    [w, id],
  );
  const actionRows = await db.query<{ status: (typeof ACTION_STATUSES)[number]; n: number }>(
    'SELECT status, count(*)::int AS n FROM care_actions WHERE workspace_id = $1 AND element_id = $2 GROUP BY status',
    [w, id],
  );
  const skip_reasons = await db.query<{ reason: string; count: number }>(
    `SELECT skip_reason AS reason, count(*)::int AS count FROM care_actions
      WHERE workspace_id = $1 AND element_id = $2 AND status = 'skipped' AND skip_reason IS NOT NULL
      GROUP BY skip_reason ORDER BY count(*) DESC, skip_reason LIMIT 20`,
    [w, id],
  );
  const [messages] = await db.query<ProgrammeResults['messages'] & Record<string, unknown>>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE m.status = 'sent' OR (m.status = 'bounced' AND m.sent_at IS NOT NULL))::int AS sent, count(*) FILTER (WHERE m.status = 'outboxed')::int AS outboxed,
            count(*) FILTER (WHERE m.status = 'bounced')::int AS bounced, count(m.opened_at)::int AS opened, count(m.clicked_at)::int AS clicked,
            count(DISTINCT m.contact_id) FILTER (WHERE m.status <> 'bounced')::int AS contacts_reached
       FROM care_messages m JOIN care_actions a ON a.workspace_id = m.workspace_id AND a.id = m.action_id
      WHERE m.workspace_id = $1 AND a.element_id = $2`,
    [w, id],
  );
  const [tasks] = await db.query<ProgrammeResults['tasks'] & Record<string, unknown>>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'done')::int AS done,
            count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
       FROM care_tasks WHERE workspace_id = $1 AND element_id = $2`,
    [w, id],
  );
  const actions = Object.fromEntries(ACTION_STATUSES.map((s) => [s, actionRows.find((r) => r.status === s)?.n ?? 0])) as ProgrammeResults['actions'];
  return {
    element: { id, key: element.key, name: element.definition.name, version: element.version },
    ...runs!,
    actions,
    skip_reasons,
    messages: messages!,
    tasks: tasks!,
    outcome: element.definition.outcome ? await measureOutcome(db, w, id, element.subjectType, element.definition.outcome, now) : null,
  };
}

async function measureOutcome(db: Queryable, w: number, elementId: number, subjectType: 'account' | 'contact', outcome: CareOutcome, now: Date): Promise<NonNullable<ProgrammeResults['outcome']>> {
  const formerStages =
    outcome.kind === 'retained' ? (await getLifecycleDefinition(db, w, subjectType)).definition.stages.filter((s) => s.kind === 'former').map((s) => s.key) : [];
  const window = `h.moved_at > r.started_at AND h.moved_at <= r.started_at + make_interval(days => $4)`;
  const moved = `EXISTS (SELECT 1 FROM stage_history h WHERE h.workspace_id = r.workspace_id AND h.subject_type = r.subject_type AND h.subject_id = r.subject_id
                         AND ${window} AND h.to_stage = ANY($5::text[]))`;
  const ordered = `EXISTS (SELECT 1 FROM orders o WHERE o.workspace_id = r.workspace_id AND o.${subjectType === 'account' ? 'account_id' : 'contact_id'} = r.subject_id
                           AND o.status <> 'cancelled' AND o.ordered_at > r.started_at AND o.ordered_at <= r.started_at + make_interval(days => $4))`;
  const success = outcome.kind === 'repeat_purchase' ? ordered : outcome.kind === 'stage_reached' ? moved : `NOT ${moved}`;
  const stages = outcome.kind === 'stage_reached' ? [outcome.stage] : formerStages;
  const rows = await db.query<{ cohort: 'treated' | 'control'; measured: number; successes: number; pending: number }>(
    `SELECT r.cohort,
            count(*) FILTER (WHERE r.started_at + make_interval(days => $4) <= $3::timestamptz)::int AS measured,
            count(*) FILTER (WHERE r.started_at + make_interval(days => $4) <= $3::timestamptz AND ${success})::int AS successes,
            count(*) FILTER (WHERE r.started_at + make_interval(days => $4) > $3::timestamptz)::int AS pending
       FROM care_runs r WHERE r.workspace_id = $1 AND r.element_id = $2 GROUP BY r.cohort`,
    outcome.kind === 'repeat_purchase' ? [w, elementId, now.toISOString(), outcome.days] : [w, elementId, now.toISOString(), outcome.days, stages],
  );
  const cohort = (c: 'treated' | 'control'): CohortOutcome => {
    const r = rows.find((x) => x.cohort === c);
    const measured = r?.measured ?? 0;
    const successes = r?.successes ?? 0;
    return { measured, successes, rate: measured > 0 ? successes / measured : null };
  };
  const treated = cohort('treated');
  const control = cohort('control');
  const diff = differenceOfProportions(treated.successes, treated.measured, control.successes, control.measured);
  return {
    definition: outcome,
    treated,
    control,
    pending: rows.reduce((n, r) => n + r.pending, 0),
    difference: diff?.difference ?? null,
    ci95: diff ? { low: diff.low, high: diff.high } : null,
  };
}
