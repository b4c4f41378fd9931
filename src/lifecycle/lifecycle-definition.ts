import type { Rule, SubjectType } from '../rules/rule.js';

/**
 * A lifecycle definition: the stages an account (or a contact) can be in and the explicit
 * rules that move it between them, forward and back. One per workspace and subject type,
 * versioned in lifecycle_definitions (the highest version is current).
 *
 * Semantics (recompute-stages.ts): a subject without a stage is placed in `initial`. Then,
 * pass after pass, a subject in stage S takes the FIRST transition (in this order) that lists
 * S in `from` (or has `from: '*'`, never to S itself) and whose rule is true. Passes repeat at
 * most once per stage, so a subject can chain prospect -> new -> customer in one recompute.
 */
export interface LocalizedText {
  fi: string;
  en: string;
}

export const STAGE_KINDS = ['prospect', 'customer', 'former'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export interface LifecycleStage {
  /** Lower-case key, stored in subject_stages and history. */
  key: string;
  name: LocalizedText;
  /** Longer explanation of what the stage means in this business. */
  description?: LocalizedText;
  kind: StageKind;
  /** Stages shown together on the board, e.g. 'prospect' for the AIDA steps. */
  group?: string;
}

export interface LifecycleTransition {
  key: string;
  /** The stages it leaves, or '*' for any stage (except its own target). */
  from: string[] | '*';
  to: string;
  rule: Rule;
  description: LocalizedText;
}

export interface LifecycleSettings {
  /** Days without a purchase after which a customer becomes former (default definition's parameter). */
  formerAfterDays?: number;
}

export interface LifecycleDefinition {
  stages: LifecycleStage[];
  initial: string;
  transitions: LifecycleTransition[];
  settings?: LifecycleSettings;
}

/** One stored version of a definition. */
export interface StoredLifecycleDefinition {
  subject: SubjectType;
  version: number;
  definition: LifecycleDefinition;
  note: string | null;
  created_at: Date;
}

/** A transition leaves `stage` when it lists it, or when it leaves any stage and goes elsewhere. */
export function transitionLeaves(t: LifecycleTransition, stage: string): boolean {
  return t.from === '*' ? t.to !== stage : t.from.includes(stage);
}
