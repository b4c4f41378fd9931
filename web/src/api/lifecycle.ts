import type { ApiClient } from './api-client';
import type { Page } from './page';
import type { SubjectType } from './rule';

export interface LocalizedText {
  fi: string;
  en: string;
}

export type StageKind = 'prospect' | 'customer' | 'former';

export interface BoardStage {
  key: string;
  name: LocalizedText;
  kind: StageKind | null;
  group: string | null;
  count: number;
  median_days_in_stage: number | null;
  entered: number;
  exited: number;
  median_days_before_exit: number | null;
}

export interface BoardFlow {
  /** null: the first placement of a subject. */
  from: string | null;
  to: string;
  count: number;
}

export interface LifecycleBoard {
  subject: SubjectType;
  version: number;
  from: string;
  to: string;
  stages: BoardStage[];
  flows: BoardFlow[];
  unplaced: number;
}

export interface LifecycleStage {
  key: string;
  name: LocalizedText;
  description?: LocalizedText;
  kind: StageKind;
  group?: string;
}

export interface StoredLifecycle {
  subject: SubjectType;
  version: number;
  note: string | null;
  created_at: string;
  definition: { stages: LifecycleStage[]; initial: string; transitions: { key: string; from: string[] | '*'; to: string; rule: unknown; description: LocalizedText }[] };
}

export interface StageHistoryEntry {
  id: number;
  from_stage: string | null;
  to_stage: string;
  moved_at: string;
  transition_key: string | null;
  definition_version: number;
  facts: Record<string, unknown>;
}

export interface SubjectStage {
  subject: SubjectType;
  subject_id: number;
  current: {
    stage: string;
    name: LocalizedText;
    kind: StageKind | null;
    entered_at: string;
    days_in_stage: number;
    definition_version: number;
    transition_key: string | null;
  } | null;
  history: Page<StageHistoryEntry>;
}

export interface ExplainedStage {
  key: string;
  name: LocalizedText;
  kind: StageKind | null;
  group: string | null;
}

/** A rule evaluated node by node: leaves carry the value they compared. */
export interface Evaluation {
  result: boolean;
  text: LocalizedText;
  actual?: unknown;
  children?: Evaluation[];
}

export interface StageExplanation {
  subject: SubjectType;
  subject_id: number;
  stage: ExplainedStage | null;
  entered_at: string | null;
  days_in_stage: number | null;
  placed_by: {
    from: ExplainedStage | null;
    transition: string | null;
    description: LocalizedText | null;
    rule_text: LocalizedText | null;
    version: number;
    moved_at: string;
    facts: Record<string, unknown>;
  } | null;
  current_version: number;
  transitions: {
    transition: string;
    to: ExplainedStage;
    description: LocalizedText;
    rule_text: LocalizedText;
    holds: boolean;
    next: boolean;
    evaluation: Evaluation;
  }[];
  text: LocalizedText;
  evaluated_at: string;
}

/** The text in the language shown (Finnish or English; anything else reads English). */
export function localized(text: LocalizedText, language: string): string {
  return language === 'fi' ? text.fi : text.en;
}

const subjectPath = (subject: SubjectType, id: string | number) => `/api/v1/${subject}s/${encodeURIComponent(String(id))}`;

export function fetchLifecycleBoard(
  api: ApiClient,
  query: { subject: SubjectType; from: string; to: string },
  signal?: AbortSignal,
): Promise<LifecycleBoard> {
  return api.get<LifecycleBoard>('/api/v1/lifecycle/board', query, signal);
}

export function fetchLifecycle(api: ApiClient, subject: SubjectType, signal?: AbortSignal): Promise<StoredLifecycle> {
  return api.get<StoredLifecycle>('/api/v1/lifecycle', { subject }, signal);
}

export function fetchSubjectStage(api: ApiClient, subject: SubjectType, id: string | number, cursor: string | null, signal?: AbortSignal): Promise<SubjectStage> {
  return api.get<SubjectStage>(`${subjectPath(subject, id)}/stage`, { cursor, limit: 20 }, signal);
}

export function fetchStageWhy(api: ApiClient, subject: SubjectType, id: string | number, signal?: AbortSignal): Promise<StageExplanation> {
  return api.get<StageExplanation>(`${subjectPath(subject, id)}/stage/why`, undefined, signal);
}
