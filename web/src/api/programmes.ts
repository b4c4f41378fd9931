import type { ApiClient } from './api-client';
import type { ActionStatus } from './care-actions';
import type { CareElement, CareElementDefinition, CareOutcome, CarePhase } from './care-element';
import type { LocalizedText } from './lifecycle';
import type { SubjectType } from './rule';

const elementPath = (id: number | string) => `/api/v1/programmes/elements/${encodeURIComponent(String(id))}`;

export interface ElementListQuery {
  subject_type?: SubjectType;
  phase?: CarePhase | '';
  enabled?: boolean;
}

export function listCareElements(api: ApiClient, query: ElementListQuery, signal?: AbortSignal): Promise<{ data: CareElement[] }> {
  return api.get<{ data: CareElement[] }>('/api/v1/programmes/elements', { ...query }, signal);
}

export function fetchCareElement(api: ApiClient, id: number | string, signal?: AbortSignal): Promise<CareElement> {
  return api.get<CareElement>(elementPath(id), undefined, signal);
}

export interface NewCareElement {
  key: string;
  subject_type: SubjectType;
  definition: CareElementDefinition;
  enabled?: boolean;
}

export function createCareElement(api: ApiClient, input: NewCareElement): Promise<CareElement> {
  return api.request<CareElement>('POST', '/api/v1/programmes/elements', { json: input });
}

export interface CareElementPatch {
  definition?: CareElementDefinition;
  enabled?: boolean;
  /** Refused with 409 when someone else saved a newer version meanwhile. */
  expected_version?: number;
}

export function updateCareElement(api: ApiClient, id: number, patch: CareElementPatch): Promise<CareElement> {
  return api.request<CareElement>('PATCH', elementPath(id), { json: patch });
}

/** A saved version of a care element (every save makes one). */
export interface CareElementVersion {
  version: number;
  enabled: boolean;
  definition: CareElementDefinition;
  created_at: string;
}

/** Every saved version of an element, newest first. */
export function listCareElementVersions(api: ApiClient, id: number, signal?: AbortSignal): Promise<{ data: CareElementVersion[] }> {
  return api.get<{ data: CareElementVersion[] }>(`${elementPath(id)}/versions`, undefined, signal);
}

export function deleteCareElement(api: ApiClient, id: number): Promise<void> {
  return api.request<void>('DELETE', elementPath(id));
}

/** A cell of the coverage report: segment null is the stage as a whole (the "every segment" column). */
export interface CareCoverageCell {
  stage: string;
  segment: string | null;
  /** Keys of the enabled elements placed in the cell. */
  elements: string[];
  subjects: number;
  /** Subjects in the cell no enabled element is placed for. */
  uncovered: number;
}

/** A buyer persona in the coverage report: its contacts and the enabled elements (keys) by what their content gives it. */
export interface PersonaCoverageRow {
  persona: string;
  /** 0: only the care model names this persona. */
  contacts: number;
  /** Every email and survey that reaches the persona has its own variant. */
  variant: string[];
  /** Some email or survey gives the persona the default text. */
  default: string[];
  /** The emails and surveys leave the persona out. */
  excluded: string[];
}

export interface CareCoverage {
  subject_type: SubjectType;
  cells: CareCoverageCell[];
  empty_cells: { stage: string; segment: string | null }[];
  totals: { subjects: number; uncovered: number };
  /** The micro matrix (content x buyer personas) of the enabled elements. */
  micro: { personas: PersonaCoverageRow[]; contacts_without_persona: number };
}

export function fetchCareCoverage(api: ApiClient, subject: SubjectType, signal?: AbortSignal): Promise<CareCoverage> {
  return api.get<CareCoverage>('/api/v1/programmes/coverage', { subject_type: subject }, signal);
}

export interface CohortOutcome {
  /** Runs whose outcome window has ended. */
  measured: number;
  successes: number;
  rate: number | null;
}

export interface OutcomeComparison {
  definition: CareOutcome;
  treated: CohortOutcome;
  control: CohortOutcome;
  /** Runs still inside their outcome window. */
  pending: number;
  /** Treated rate minus control rate, with its 95 % confidence interval. */
  difference: number | null;
  ci95: { low: number; high: number } | null;
}

export interface ProgrammeResults {
  element: { id: number; key: string; name: LocalizedText; version: number };
  enrolled: number;
  treated: number;
  control: number;
  actions: Record<ActionStatus, number>;
  skip_reasons: { reason: string; count: number }[];
  messages: { total: number; sent: number; outboxed: number; bounced: number; opened: number; clicked: number; contacts_reached: number };
  tasks: { total: number; open: number; done: number; cancelled: number };
  outcome: OutcomeComparison | null;
}

export function fetchProgrammeResults(api: ApiClient, elementId: number, signal?: AbortSignal): Promise<ProgrammeResults> {
  return api.get<ProgrammeResults>(`${elementPath(elementId)}/results`, undefined, signal);
}

export type PersonaContent = 'variant' | 'default' | 'excluded';

/** The care model matrix as the server lays it out; the page uses its micro matrix (content x buyer personas). */
export interface CareMatrix {
  subject_type: SubjectType;
  micro: {
    personas: string[];
    rows: { element: string; step: string; kind: string; personas: Record<string, PersonaContent> }[];
  };
}

export function fetchCareMatrix(api: ApiClient, subject: SubjectType, signal?: AbortSignal): Promise<CareMatrix> {
  return api.get<CareMatrix>('/api/v1/programmes/matrix', { subject_type: subject }, signal);
}
