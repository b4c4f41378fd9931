import type { Rule, SubjectType } from '../rules/rule.js';

/** Dynamic segments evaluate their rule; static ones hold the members added by hand (API, CLI). */
export const SEGMENT_KINDS = ['dynamic', 'static'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];
export const SUBJECT_TYPES = ['account', 'contact'] as const;

export interface Segment {
  id: number;
  key: string;
  name: string;
  description: string | null;
  subject_type: SubjectType;
  kind: SegmentKind;
  /** The rule of a dynamic segment; null for a static one. */
  rule: Rule | null;
  /** The rule reads the clock (windows, relative dates, days in stage): re-evaluated on a schedule. */
  time_dependent: boolean;
  version: number;
  member_count: number;
  /** When the whole workspace was last evaluated against this segment (null: not yet). */
  evaluated_at: Date | null;
  /** The version that evaluation used; behind `version` until the worker has caught up. */
  evaluated_version: number | null;
  created_at: Date;
  updated_at: Date;
}

/** The select list of a Segment from `segments s`. */
export const SEGMENT_COLUMNS =
  's.id, s.key, s.name, s.description, s.subject_type, s.kind, s.rule, s.time_dependent, s.version, s.member_count, ' +
  's.evaluated_at, s.evaluated_version, s.created_at, s.updated_at';

/** A segment key: lower-case letters, digits, - and _, starting with a letter or digit (as the table checks). */
export const SEGMENT_KEY_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';

/**
 * Advisory lock (two-key form: this, workspace id) held by every change of a workspace's segment
 * definitions, so two concurrent edits cannot together make a reference cycle.
 */
export const SEGMENT_DEFINITIONS_LOCK = 7246802;
