import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { compareSurvivalLogRank } from './compare-survival-log-rank.js';
import { readTelco } from './testing/read-telco.js';

describe('compareSurvivalLogRank on Telco churn by contract', () => {
  const telco = readTelco();

  it('separates month-to-month, one-year and two-year contracts (p < 0.001)', () => {
    const result = compareSurvivalLogRank({ ...telco, group: telco.contract });
    expect(result.degreesOfFreedom).toBe(2);
    expect(result.pValue).toBeLessThan(0.001);
    expect(result.statistic).toBeGreaterThan(1000);
    const byGroup = Object.fromEntries(result.groups.map((g) => [g.group, g]));
    // month-to-month churns far more than a common hazard would predict, two-year far less
    expect(byGroup['Month-to-month']!.observed).toBeGreaterThan(2 * byGroup['Month-to-month']!.expected);
    expect(byGroup['Two year']!.observed).toBeLessThan(0.1 * byGroup['Two year']!.expected);
    expect(result.groups.reduce((s, g) => s + g.observations, 0)).toBe(7043);
    // observed and expected events both total the 1,869 churners
    expect(result.groups.reduce((s, g) => s + g.observed, 0)).toBe(1869);
    expect(result.groups.reduce((s, g) => s + g.expected, 0)).toBeCloseTo(1869, 8);
  });

  it('matches scipy.stats.logrank pairwise (chi-square = z^2)', () => {
    // scipy 1.17: logrank(month-to-month, one year).statistic = 30.43130885493377,
    //             logrank(one year, two year).statistic = 16.006803766074192
    const pair = (a: string, b: string) => {
      const keep = telco.contract.map((c) => c === a || c === b);
      return compareSurvivalLogRank({
        time: telco.time.filter((_, i) => keep[i]),
        event: telco.event.filter((_, i) => keep[i]),
        group: telco.contract.filter((_, i) => keep[i]),
      });
    };
    expect(pair('Month-to-month', 'One year').statistic).toBeCloseTo(30.43130885493377 ** 2, 6);
    expect(pair('One year', 'Two year').statistic).toBeCloseTo(16.006803766074192 ** 2, 6);
  });
});

describe('compareSurvivalLogRank on a small example', () => {
  it('matches scipy.stats.logrank and gives a large p when the groups are alike', () => {
    // scipy: statistic -0.6047932029132986 (z), p = 0.5453164104905903
    const result = compareSurvivalLogRank({
      time: [1, 2, 2, 3, 4, 4, 5, 6, 6, 8],
      event: [1, 1, 0, 1, 1, 1, 0, 1, 0, 0],
      group: ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'],
    });
    expect(result.statistic).toBeCloseTo(0.6047932029132986 ** 2, 10);
    expect(result.pValue).toBeCloseTo(0.5453164104905903, 10);
  });

  it('needs two groups and one group value per observation', () => {
    expect(() => compareSurvivalLogRank({ time: [1, 2], event: [1, 1], group: ['x', 'x'] })).toThrow(/at least two groups/);
    expect(() => compareSurvivalLogRank({ time: [1, 2], event: [1, 1], group: ['x'] })).toThrow(AppError);
  });

  it('refuses groups that cannot be compared', () => {
    // group b has nobody at risk at any event time
    expect(() => compareSurvivalLogRank({ time: [1, 2, 3, 0.5], event: [1, 1, 1, 0], group: ['a', 'a', 'a', 'b'] })).toThrow(/cannot be compared/);
  });
});
