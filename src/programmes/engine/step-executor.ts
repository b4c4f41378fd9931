import type { Database } from '../../db/database.js';
import type { CareElement, CareStep } from '../model/care-element.js';
import type { CareRuntime } from './care-runtime.js';

/** One claimed action, as a step executor sees it. */
export interface ClaimedAction {
  id: number;
  workspaceId: number;
  runId: number;
  elementId: number;
  subjectType: 'account' | 'contact';
  subjectId: number;
  stepId: string;
  dueAt: Date;
  /** 1 on the first try (the claim counts the attempt). */
  attempt: number;
}

export interface StepContext {
  db: Database;
  runtime: CareRuntime;
  action: ClaimedAction;
  /** The element's CURRENT version: an edit applies to what has not run yet. */
  element: CareElement;
  step: CareStep;
  now: Date;
}

/**
 * What a step did. Executors never throw for expected failures; a thrown error counts as
 * { kind: 'failed' } (retried with backoff, then dead-lettered).
 * - done: the effect happened (or had already happened: executors are idempotent per action id).
 * - skipped: governance refused (no consent, suppressed, capped for good, no recipient); the run goes on.
 * - deferred: not now (quiet hours, a frequency cap window): the same action is rescheduled to `until`, no attempt counted.
 * - failed: retry later unless `permanent` (a template that does not render, a refused webhook target): then dead.
 * - goto: a branch chose the next step (null ends the run).
 */
export type StepOutcome =
  | { kind: 'done'; result?: Record<string, unknown> }
  | { kind: 'skipped'; reason: string; result?: Record<string, unknown> }
  | { kind: 'deferred'; until: Date; reason: string }
  | { kind: 'failed'; error: string; permanent?: boolean }
  | { kind: 'goto'; stepId: string | null; result?: Record<string, unknown> };

export type StepExecutor = (ctx: StepContext) => Promise<StepOutcome>;
