import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { fitShiftedBetaGeometric } from './fit-shifted-beta-geometric.js';
import { projectShiftedBetaGeometric } from './project-shifted-beta-geometric.js';

// Fader & Hardie (2007), "How to Project Customer Retention", Journal of Interactive Marketing
// 21(1): customers alive at the start of years 1-8 for two segments of 1,000.
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe('fitShiftedBetaGeometric (Fader & Hardie 2007)', () => {
  it('reproduces the published estimates and log-likelihoods', () => {
    const regular = fitShiftedBetaGeometric([REGULAR]);
    const highEnd = fitShiftedBetaGeometric([HIGH_END]);
    if (!regular.ok || !highEnd.ok) throw new Error('fit failed');
    expect(regular.params.alpha).toBeCloseTo(0.704, 3);
    expect(regular.params.beta).toBeCloseTo(1.182, 3);
    expect(regular.logLikelihood).toBeCloseTo(-1680.3, 1);
    expect(highEnd.params.alpha).toBeCloseTo(0.668, 3);
    expect(highEnd.params.beta).toBeCloseTo(3.806, 3);
    expect(highEnd.logLikelihood).toBeCloseTo(-1611.2, 1);
    expect(regular.converged && highEnd.converged).toBe(true);
  });

  it('combines cohorts observed for different lengths (log-likelihoods add up)', () => {
    const both = fitShiftedBetaGeometric([REGULAR, REGULAR.slice(0, 4)]);
    if (!both.ok) throw new Error(both.message);
    expect(both.observations).toBe(2000);
    // The shorter cohort has the same early churn, so the estimate moves only a little.
    expect(Math.abs(both.params.alpha / 0.704 - 1)).toBeLessThan(0.1);
    expect(Math.abs(both.params.beta / 1.182 - 1)).toBeLessThan(0.1);
  });

  it('refuses cohorts with no churn yet, and invalid counts', () => {
    expect(fitShiftedBetaGeometric([[100, 100, 100]])).toMatchObject({ ok: false, reason: 'insufficient_data' });
    expect(fitShiftedBetaGeometric([[100, 0]])).toMatchObject({ ok: false, reason: 'insufficient_data' });
    let error: unknown;
    try {
      fitShiftedBetaGeometric([[100, 90, 95], [0, 0], [50, 40.5]]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues.map((i) => i.path)).toEqual(['/cohorts/0/2', '/cohorts/1/0', '/cohorts/2/1']);
  });

  it('reports a fit that does not converge', () => {
    expect(fitShiftedBetaGeometric([REGULAR], { maxIterations: 1 })).toMatchObject({ ok: false, reason: 'not_converged' });
  });
});

describe('projectShiftedBetaGeometric', () => {
  it('equals the closed form S(t) = B(alpha, beta + t) / B(alpha, beta) and r(t) = (beta+t-1)/(alpha+beta+t-1)', () => {
    const params = { alpha: 0.704, beta: 1.182 };
    const lnB = (a: number, b: number) => gammaln(a) + gammaln(b) - gammaln(a + b);
    const projection = projectShiftedBetaGeometric(params, 12);
    for (let t = 0; t <= 12; t++) {
      expect(projection.survival[t]).toBeCloseTo(Math.exp(lnB(params.alpha, params.beta + t) - lnB(params.alpha, params.beta)), 12);
    }
    for (let t = 1; t <= 12; t++) {
      expect(projection.retention[t]).toBeCloseTo((params.beta + t - 1) / (params.alpha + params.beta + t - 1), 12);
      expect(projection.churnProbability[t]).toBeCloseTo(projection.survival[t - 1]! - projection.survival[t]!, 12);
    }
    // Retention rises with tenure: the heterogeneity effect the model exists to capture.
    expect(projection.retention[12]).toBeGreaterThan(projection.retention[2]!);
  });

  it('projects the regular segment forward from 7 years of data', () => {
    const fit = fitShiftedBetaGeometric([REGULAR]);
    if (!fit.ok) throw new Error(fit.message);
    const alive = Array.from(projectShiftedBetaGeometric(fit.params, 12).survival, (s) => Math.round(1000 * s));
    // fitted over years 1-7 it stays within 2 % of the data it saw
    for (let t = 1; t < REGULAR.length; t++) expect(Math.abs(alive[t]! - REGULAR[t]!)).toBeLessThanOrEqual(20);
    // and keeps falling ever more slowly beyond it
    for (let t = 8; t <= 12; t++) expect(alive[t - 1]! - alive[t]!).toBeLessThan(alive[t - 2]! - alive[t - 1]! + 1);
  });

  it('rejects bad parameters', () => {
    expect(() => projectShiftedBetaGeometric({ alpha: -1, beta: 1 }, 3)).toThrow(AppError);
    expect(() => projectShiftedBetaGeometric({ alpha: 1, beta: 1 }, 2.5)).toThrow(/whole number/);
  });
});
