import type { ApiClient } from './api-client';
import type { CareStepKind } from './care-element';
import type { LocalizedText } from './lifecycle';
import type { Page } from './page';
import type { SubjectType } from './rule';

export const ACTION_STATUSES = ['scheduled', 'running', 'done', 'skipped', 'dead', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A durable scheduled action: one step of one run for one subject. */
export interface CareAction {
  id: number;
  run_id: number;
  element_id: number;
  element_key: string;
  subject_type: SubjectType;
  subject_id: number;
  /** Null when the subject has been deleted since. */
  subject_name: string | null;
  step_id: string;
  kind: CareStepKind;
  status: ActionStatus;
  due_at: string;
  attempts: number;
  /** The element version that executed it (null until it ran). */
  element_version: number | null;
  result: Record<string, unknown> | null;
  last_error: string | null;
  skip_reason: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
}

export interface ActionQuery {
  status?: ActionStatus;
  element_id?: number;
  subject_type?: SubjectType;
  subject_id?: number;
  cursor?: string | null;
}

export function listCareActions(api: ApiClient, query: ActionQuery, signal?: AbortSignal): Promise<Page<CareAction>> {
  return api.get<Page<CareAction>>('/api/v1/programmes/actions', { ...query, limit: 50 }, signal);
}

export interface RetriedAction {
  id: number;
  status: 'scheduled';
  due_at: string;
}

export function retryCareAction(api: ApiClient, id: number): Promise<RetriedAction> {
  return api.request<RetriedAction>('POST', `/api/v1/programmes/actions/${id}/retry`);
}

/** A date trigger that will fire for the subject (if its placement and conditions hold then). */
export interface UpcomingTrigger {
  element_id: number;
  element_key: string;
  element_name: LocalizedText;
  kind: 'anniversary' | 'date_trait';
  /** The local day it fires (YYYY-MM-DD). */
  on: string;
  /** The date it counts from. */
  from_date: string;
}

export type CalendarAction = CareAction & { element_name: LocalizedText };

export interface CareCalendar {
  subject_type: SubjectType;
  subject_id: number;
  /** Scheduled and running actions, soonest first. */
  scheduled: CalendarAction[];
  upcoming: UpcomingTrigger[];
  /** What ran, newest first. */
  history: CalendarAction[];
}

export function fetchCareCalendar(api: ApiClient, subject: SubjectType, id: string | number, signal?: AbortSignal): Promise<CareCalendar> {
  return api.get<CareCalendar>(`/api/v1/${subject}s/${encodeURIComponent(String(id))}/care-calendar`, undefined, signal);
}
