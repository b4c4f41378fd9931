import type { Rule, ScalarValue, SubjectType } from '../../rules/rule.js';

/**
 * The care model's vocabulary: a care element is a small programme (trigger, optional
 * conditions in the shared rule language, steps) placed in cells of the care-model matrix
 * (lifecycle stages x segments; for contact elements also buyer personas: the micro matrix).
 * Stored as JSON (`care_elements.definition`, every edit a row in `care_element_versions`).
 */

/** The care phases of the domain brief's catalogue. */
export const CARE_PHASES = ['acquire', 'activate', 'keep', 'upsell', 'nextsell', 'crosssell', 'referrals'] as const;
export type CarePhase = (typeof CARE_PHASES)[number];

export interface LocalizedText {
  fi: string;
  en: string;
}

/** What a message is for: consent, frequency caps and unsubscribe work per purpose. */
export const MESSAGE_PURPOSES = ['marketing', 'service', 'survey'] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

/** A wait after the trigger before the first step is due. */
export interface Delay {
  days?: number;
  hours?: number;
  minutes?: number;
}

export type PropertyFilter = { property: string; op: 'eq' | 'neq' | 'in'; value: ScalarValue | ScalarValue[] };

export type CareTrigger =
  | { kind: 'stage_entered' | 'stage_exited'; stage: string; delay?: Delay }
  | { kind: 'segment_entered' | 'segment_exited'; segment: string; delay?: Delay }
  /** Any timeline event of this name (e.g. 'NPS Answered' with score <= 6, 'Order Completed'). Events older than max_age_days (default 3) when first seen never trigger: importing history does not send mail. */
  | { kind: 'event'; event: string; where?: PropertyFilter[]; max_age_days?: number; delay?: Delay }
  /** Every year on the anniversary of a date (first order, creation, or a date trait), at `hour` local time. */
  | { kind: 'anniversary'; of: 'first_order' | 'created_at' | { trait: string }; hour?: number }
  /** Once per value of a date trait, offset_days from it (contract renewal minus 60 days: offset_days -60). */
  | { kind: 'date_trait'; trait: string; offset_days: number; hour?: number };

export type CareTriggerKind = CareTrigger['kind'];

/** Who receives an email/survey of an account element: the account's contacts with an email, filtered. */
export interface RecipientFilter {
  roles?: ('decision_maker' | 'influencer' | 'user' | 'champion' | 'purchaser')[];
  personas?: string[];
}

/** Liquid templates. Variables: contact.*, account.*, stage, metrics.*, sender.*, unsubscribe_url, survey_url (survey steps). Strict: an undefined variable fails the action. */
export interface EmailTemplate {
  subject: LocalizedText;
  /** Plain text with blank-line paragraphs; the HTML part is derived from it. */
  body: LocalizedText;
  /** Variants per buyer persona (the micro matrix); missing parts fall back to the defaults above. */
  personas?: Record<string, { subject?: LocalizedText; body?: LocalizedText }>;
}

export type CareStep = { id: string; name?: LocalizedText } & (
  | { kind: 'email'; purpose: MessagePurpose; template: EmailTemplate; to?: RecipientFilter }
  | { kind: 'survey'; survey: 'nps'; template: EmailTemplate; to?: RecipientFilter }
  | { kind: 'task'; title: LocalizedText; body?: LocalizedText; due_in_days: number; assignee?: 'account_owner' | { user: string } }
  | { kind: 'webhook'; endpoint: string; event_type: string }
  | { kind: 'list_add' | 'list_remove'; segment: string }
  | { kind: 'wait'; delay: Delay }
  /** Goes to the step with id `then` when the condition holds for the subject now, else to `else`; null ends the run. Targets must come later in the list (no loops). */
  | { kind: 'branch'; condition: Rule; then: string | null; else: string | null }
);

export type CareStepKind = CareStep['kind'];

/** The outcome a programme is measured by, treated against control, within `days` of enrolment. */
export type CareOutcome =
  | { kind: 'repeat_purchase'; days: number }
  | { kind: 'retained'; days: number }
  | { kind: 'stage_reached'; stage: string; days: number };

export interface CareElementDefinition {
  name: LocalizedText;
  description?: LocalizedText;
  phase: CarePhase;
  /** The matrix cells: empty lists mean every stage / every segment / every persona. */
  placement: { stages: string[]; segments: string[]; personas?: string[] };
  trigger: CareTrigger;
  /** Checked at enrolment (the rule language, evaluated for this one subject). */
  conditions?: Rule;
  steps: CareStep[];
  /** Percent (0-50) of enrolled subjects held out as a stable random control group. */
  holdout_percent: number;
  outcome?: CareOutcome;
  /** May a subject run this element again? Default once (anniversary/date triggers run once per date). */
  reentry?: { kind: 'once' } | { kind: 'after_days'; days: number };
}

export interface CareElement {
  id: number;
  key: string;
  subjectType: SubjectType;
  version: number;
  enabled: boolean;
  definition: CareElementDefinition;
  createdAt: string;
  updatedAt: string;
}
