import type { LocalizedText } from './lifecycle';
import type { Rule, ScalarValue, SubjectType } from './rule';

/**
 * A care element as the API stores it (the server's src/programmes/model/care-element.ts):
 * a small programme with a trigger, optional conditions in the rule language and steps,
 * placed in cells of the care-model matrix (lifecycle stages x segments).
 */
export const CARE_PHASES = ['acquire', 'activate', 'keep', 'upsell', 'nextsell', 'crosssell', 'referrals'] as const;
export type CarePhase = (typeof CARE_PHASES)[number];

export const MESSAGE_PURPOSES = ['marketing', 'service', 'survey'] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

export interface Delay {
  days?: number;
  hours?: number;
  minutes?: number;
}

export type PropertyFilter = { property: string; op: 'eq' | 'neq' | 'in'; value: ScalarValue | ScalarValue[] };

export type AnniversaryOf = 'first_order' | 'created_at' | { trait: string };

export type CareTrigger =
  | { kind: 'stage_entered' | 'stage_exited'; stage: string; delay?: Delay }
  | { kind: 'segment_entered' | 'segment_exited'; segment: string; delay?: Delay }
  | { kind: 'event'; event: string; where?: PropertyFilter[]; max_age_days?: number; delay?: Delay }
  | { kind: 'anniversary'; of: AnniversaryOf; hour?: number }
  | { kind: 'date_trait'; trait: string; offset_days: number; hour?: number };

export type CareTriggerKind = CareTrigger['kind'];
export const CARE_TRIGGER_KINDS: readonly CareTriggerKind[] = [
  'stage_entered',
  'stage_exited',
  'segment_entered',
  'segment_exited',
  'event',
  'anniversary',
  'date_trait',
];

export const BUYING_ROLES = ['decision_maker', 'influencer', 'user', 'champion', 'purchaser'] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export interface RecipientFilter {
  roles?: BuyingRole[];
  personas?: string[];
}

export interface EmailTemplate {
  subject: LocalizedText;
  body: LocalizedText;
  personas?: Record<string, { subject?: LocalizedText; body?: LocalizedText }>;
}

export type TaskAssignee = 'account_owner' | { user: string };

export type CareStepBody =
  | { kind: 'email'; purpose: MessagePurpose; template: EmailTemplate; to?: RecipientFilter }
  | { kind: 'survey'; survey: 'nps'; template: EmailTemplate; to?: RecipientFilter }
  | { kind: 'task'; title: LocalizedText; body?: LocalizedText; due_in_days: number; assignee?: TaskAssignee }
  | { kind: 'webhook'; endpoint: string; event_type: string }
  | { kind: 'list_add' | 'list_remove'; segment: string }
  | { kind: 'wait'; delay: Delay }
  | { kind: 'branch'; condition: Rule; then: string | null; else: string | null };

export type CareStep = { id: string; name?: LocalizedText } & CareStepBody;
export type CareStepKind = CareStep['kind'];
export const CARE_STEP_KINDS: readonly CareStepKind[] = ['email', 'survey', 'task', 'webhook', 'wait', 'branch', 'list_add', 'list_remove'];

export type CareOutcome =
  | { kind: 'repeat_purchase'; days: number }
  | { kind: 'retained'; days: number }
  | { kind: 'stage_reached'; stage: string; days: number };
export type CareOutcomeKind = CareOutcome['kind'];
export const CARE_OUTCOME_KINDS: readonly CareOutcomeKind[] = ['repeat_purchase', 'retained', 'stage_reached'];

export type Reentry = { kind: 'once' } | { kind: 'after_days'; days: number };

export interface CareElementDefinition {
  name: LocalizedText;
  description?: LocalizedText;
  phase: CarePhase;
  placement: { stages: string[]; segments: string[]; personas?: string[] };
  trigger: CareTrigger;
  conditions?: Rule;
  steps: CareStep[];
  holdout_percent: number;
  outcome?: CareOutcome;
  reentry?: Reentry;
}

export const MAX_HOLDOUT_PERCENT = 50;

export interface CareElement {
  id: number;
  key: string;
  subject_type: SubjectType;
  version: number;
  enabled: boolean;
  definition: CareElementDefinition;
  created_at: string;
  updated_at: string;
}
