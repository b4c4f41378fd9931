import { describe, expect, it } from 'vitest';
import type { OutcomeComparison } from '../api/programmes';
import { outcomeVerdict, percentPoints } from './outcome-verdict';

const base: OutcomeComparison = {
  definition: { kind: 'retained', days: 90 },
  treated: { measured: 100, successes: 60, rate: 0.6 },
  control: { measured: 20, successes: 8, rate: 0.4 },
  pending: 0,
  difference: 0.2,
  ci95: { low: 0.05, high: 0.35 },
};

describe('outcome verdict', () => {
  it('says the programme helps only when the whole interval is above zero', () => {
    expect(outcomeVerdict(base)).toBe('helps');
    expect(outcomeVerdict({ ...base, ci95: { low: -0.02, high: 0.35 } })).toBe('unclear');
    expect(outcomeVerdict({ ...base, difference: -0.2, ci95: { low: -0.35, high: -0.05 } })).toBe('hurts');
  });

  it('cannot measure without a control group', () => {
    expect(outcomeVerdict({ ...base, control: { measured: 0, successes: 0, rate: null }, difference: null, ci95: null })).toBe('unmeasured');
  });

  it('rounds to tenths of a percentage point', () => {
    expect(percentPoints(0.12345)).toBe(12.3);
    expect(percentPoints(-0.0456)).toBe(-4.6);
  });
});
