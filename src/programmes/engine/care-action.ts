import type { CareStepKind } from '../model/care-element.js';

export type CareActionStatus = 'scheduled' | 'running' | 'done' | 'skipped' | 'dead' | 'cancelled';
export const CARE_ACTION_STATUSES: readonly CareActionStatus[] = ['scheduled', 'running', 'done', 'skipped', 'dead', 'cancelled'];

/** A durable scheduled step of a run, as the API and the UI show it. */
export interface CareAction {
  id: number;
  run_id: number;
  element_id: number;
  element_key: string;
  subject_type: 'account' | 'contact';
  subject_id: number;
  /** Null when the subject has been deleted since. */
  subject_name: string | null;
  step_id: string;
  kind: CareStepKind;
  status: CareActionStatus;
  due_at: Date;
  attempts: number;
  /** The element version that executed it (null until it ran). */
  element_version: number | null;
  result: Record<string, unknown> | null;
  last_error: string | null;
  skip_reason: string | null;
  locked_by: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
}

/** The select list of a CareAction over `care_actions a` joined to `care_elements e`, `accounts xa` and `contacts xc`. */
export const CARE_ACTION_SELECT = `a.id, a.run_id, a.element_id, e.key AS element_key, a.subject_type, a.subject_id,
  CASE a.subject_type WHEN 'account' THEN xa.name
       ELSE coalesce(nullif(btrim(coalesce(xc.first_name, '') || ' ' || coalesce(xc.last_name, '')), ''), xc.email, xc.external_id) END AS subject_name,
  a.step_id, a.kind, a.status, a.due_at, a.attempts, a.element_version, a.result, a.last_error, a.skip_reason, a.locked_by,
  a.started_at, a.finished_at, a.created_at`;

export const CARE_ACTION_FROM = `care_actions a
  JOIN care_elements e ON e.workspace_id = a.workspace_id AND e.id = a.element_id
  LEFT JOIN accounts xa ON a.subject_type = 'account' AND xa.workspace_id = a.workspace_id AND xa.id = a.subject_id
  LEFT JOIN contacts xc ON a.subject_type = 'contact' AND xc.workspace_id = a.workspace_id AND xc.id = a.subject_id`;
