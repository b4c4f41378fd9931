import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import { evaluateRule } from '../../rules/evaluate-rule.js';
import { loadSubjectFacts } from '../../rules/load-subject-facts.js';
import type { CareElement, Delay } from '../model/care-element.js';

/** One subject a trigger fired for. */
export interface EnrolCandidate {
  subjectId: number;
  /** 'event:<events.id>' | 'date:<YYYY-MM-DD>' | 'manual:<n>': a second enrolment with the same key is a no-op. */
  dedupeKey: string;
  /** When the trigger happened: the first step falls due at this time plus the trigger's delay. */
  at: Date;
  /** What fired, stored on the run. */
  trigger: Record<string, unknown>;
  /** The stage the trigger is about (the stage entered or left): placement is checked against it instead of the current stage. */
  stage?: string;
  /** The segment the trigger is about (entered or left): it counts as a placement segment match. */
  segment?: string;
}

export interface EnrolResult {
  enrolled: number;
  control: number;
  /** Candidates not enrolled, by reason: not_found, placement, conditions, reentry, duplicate. */
  skipped: Record<string, number>;
}

const MINUTE = 60_000;

export function delayMs(delay: Delay | undefined): number {
  if (!delay) return 0;
  return ((delay.days ?? 0) * 1440 + (delay.hours ?? 0) * 60 + (delay.minutes ?? 0)) * MINUTE;
}

/** Stable per element and subject: sha256("<element id>:<subject id>") as a fraction of 100; below the holdout share = control. */
export function isInControlGroup(elementId: number, subjectId: number, holdoutPercent: number): boolean {
  if (holdoutPercent <= 0) return false;
  const h = createHash('sha256').update(`${elementId}:${subjectId}`).digest();
  return (h.readUInt32BE(0) / 2 ** 32) * 100 < holdoutPercent;
}

interface SubjectPlacementRow extends Record<string, unknown> {
  id: number;
  stage: string | null;
  persona: string | null;
  segments: string[] | null;
  last_run: Date | null;
}

/**
 * Enrols subjects into one element, inside the caller's transaction: for each candidate,
 * checks the placement (stage in placement.stages, member of one of placement.segments, a
 * contact's persona in placement.personas; empty lists mean all), the element's conditions
 * (evaluateRule over loadSubjectFacts, at `now`) and re-entry (default once: a subject that
 * ran the element before is not enrolled again by an event; date triggers dedupe per date).
 * Each enrolment is a care_runs row (UNIQUE per element, subject and dedupe key); a subject in
 * the stable control group gets a run with cohort 'control' and no actions, the others the
 * first step's action due at the trigger time plus the trigger's delay.
 */
export async function enrolSubjects(tx: Queryable, workspaceId: number, element: CareElement, candidates: readonly EnrolCandidate[], now: Date): Promise<EnrolResult> {
  const result: EnrolResult = { enrolled: 0, control: 0, skipped: {} };
  const skip = (reason: string, n = 1) => {
    result.skipped[reason] = (result.skipped[reason] ?? 0) + n;
  };
  if (candidates.length === 0) return result;
  const def = element.definition;
  const ids = [...new Set(candidates.map((c) => c.subjectId))];
  const table = element.subjectType === 'account' ? 'accounts' : 'contacts';
  const rows = await tx.query<SubjectPlacementRow>(
    `SELECT t.id, st.stage, ${element.subjectType === 'contact' ? 't.persona' : 'NULL::text AS persona'},
            (SELECT array_agg(s.key) FROM segment_members m JOIN segments s ON s.workspace_id = m.workspace_id AND s.id = m.segment_id
              WHERE m.workspace_id = $1 AND m.subject_id = t.id AND s.subject_type = $3) AS segments,
            (SELECT max(r.started_at) FROM care_runs r WHERE r.workspace_id = $1 AND r.element_id = $4 AND r.subject_id = t.id) AS last_run
       FROM ${table} t
       LEFT JOIN subject_stages st ON st.workspace_id = t.workspace_id AND st.subject_type = $3 AND st.subject_id = t.id
      WHERE t.workspace_id = $1 AND t.id = ANY($2::bigint[])`,
    [workspaceId, ids, element.subjectType, element.id],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const dateTrigger = def.trigger.kind === 'anniversary' || def.trigger.kind === 'date_trait';
  const reentry = def.reentry ?? { kind: 'once' };
  const firstStep = def.steps[0] ?? null;
  const due = delayMs('delay' in def.trigger ? def.trigger.delay : undefined);
  const accepted: { subject_id: number; dedupe_key: string; trigger: Record<string, unknown>; cohort: string; due_at: string }[] = [];
  const seen = new Set<number>();

  for (const c of candidates) {
    const row = byId.get(c.subjectId);
    if (!row) {
      skip('not_found');
      continue;
    }
    const stage = c.stage ?? row.stage;
    if (def.placement.stages.length > 0 && (stage === null || !def.placement.stages.includes(stage))) {
      skip('placement');
      continue;
    }
    const segments = row.segments ?? [];
    if (def.placement.segments.length > 0 && !def.placement.segments.some((s) => segments.includes(s) || s === c.segment)) {
      skip('placement');
      continue;
    }
    const personas = def.placement.personas ?? [];
    if (element.subjectType === 'contact' && personas.length > 0 && (row.persona === null || !personas.includes(row.persona))) {
      skip('placement');
      continue;
    }
    if (!dateTrigger || reentry.kind === 'after_days') {
      // One enrolment per subject per batch under 'once'; after_days compares with the last run.
      const ranBefore = row.last_run !== null || seen.has(c.subjectId);
      if (reentry.kind === 'once' && ranBefore) {
        skip('reentry');
        continue;
      }
      if (reentry.kind === 'after_days' && (seen.has(c.subjectId) || (row.last_run !== null && now.getTime() - row.last_run.getTime() < reentry.days * 86_400_000))) {
        skip('reentry');
        continue;
      }
    }
    if (def.conditions) {
      const facts = await loadSubjectFacts(tx, workspaceId, element.subjectType, c.subjectId, [def.conditions], now);
      if (!facts || !evaluateRule(def.conditions, facts, now).result) {
        skip('conditions');
        continue;
      }
    }
    seen.add(c.subjectId);
    accepted.push({
      subject_id: c.subjectId,
      dedupe_key: c.dedupeKey,
      trigger: c.trigger,
      cohort: isInControlGroup(element.id, c.subjectId, def.holdout_percent) ? 'control' : 'treated',
      due_at: new Date(c.at.getTime() + due).toISOString(),
    });
  }
  if (accepted.length === 0) return result;

  const counts = await tx.query<{ cohort: string; n: number }>(
    `WITH c AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS c(subject_id bigint, dedupe_key text, trigger jsonb, cohort text, due_at timestamptz)
     ),
     runs AS (
       INSERT INTO care_runs (workspace_id, element_id, element_version, subject_type, subject_id, dedupe_key, trigger, cohort, status, started_at, finished_at)
       SELECT $1, $2, $4, $5, c.subject_id, c.dedupe_key, c.trigger, c.cohort,
              CASE WHEN c.cohort = 'control' THEN 'control' WHEN $6::text IS NULL THEN 'completed' ELSE 'active' END, $8,
              CASE WHEN c.cohort = 'control' OR $6::text IS NULL THEN $8::timestamptz END
         FROM c ORDER BY c.subject_id
       ON CONFLICT (workspace_id, element_id, subject_id, dedupe_key) DO NOTHING
       RETURNING id, subject_id, dedupe_key, cohort
     ),
     actions AS (
       INSERT INTO care_actions (workspace_id, run_id, element_id, subject_type, subject_id, step_id, kind, due_at)
       SELECT $1, r.id, $2, $5, r.subject_id, $6, $7, c.due_at
         FROM runs r JOIN c ON c.subject_id = r.subject_id AND c.dedupe_key = r.dedupe_key
        WHERE r.cohort = 'treated' AND $6::text IS NOT NULL
       RETURNING 1
     )
     SELECT cohort, count(*) AS n FROM runs GROUP BY cohort`,
    [workspaceId, element.id, JSON.stringify(accepted), element.version, element.subjectType, firstStep?.id ?? null, firstStep?.kind ?? null, now.toISOString()],
  );
  for (const r of counts) {
    if (r.cohort === 'control') result.control += r.n;
    else result.enrolled += r.n;
  }
  const duplicates = accepted.length - result.enrolled - result.control;
  if (duplicates > 0) skip('duplicate', duplicates);
  return result;
}
