import type { OutcomeComparison } from '../api/programmes';

/**
 * What a treated-vs-control comparison says, in one word: the programme helps (the whole 95 %
 * interval of the difference is above zero), hurts (below zero), cannot be told apart from
 * doing nothing yet (the interval spans zero), or cannot be measured (no one in one group).
 */
export type OutcomeVerdict = 'helps' | 'hurts' | 'unclear' | 'unmeasured';

export function outcomeVerdict(outcome: OutcomeComparison): OutcomeVerdict {
  if (outcome.treated.measured === 0 || outcome.control.measured === 0 || outcome.ci95 === null) return 'unmeasured';
  if (outcome.ci95.low > 0) return 'helps';
  if (outcome.ci95.high < 0) return 'hurts';
  return 'unclear';
}

/** A rate (0..1) or difference as percentage points with one decimal, sign kept for differences. */
export function percentPoints(value: number): number {
  return Math.round(value * 1000) / 10;
}
