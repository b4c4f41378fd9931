import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { fitGammaGamma, gammaGammaExpectedSpend } from './fit-gamma-gamma.js';
import { simulateBgNbd } from './simulate-bg-nbd.js';
import { dayNumberFromIsoDate, summarizeRfm } from './summarize-rfm.js';
import { readCdnowSample, readCdnowSummary } from './testing/read-cdnow.js';

// Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis":
// CDNOW sample, 946 customers with x > 0: p = 6.25, q = 3.74, gamma = 15.44.
const FHL = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('fitGammaGamma on CDNOW', () => {
  it('reproduces p, q, gamma from the raw transactions (exact zbar) to every published digit', () => {
    const s = summarizeRfm(readCdnowSample(), { calibrationEnd: dayNumberFromIsoDate('1997-09-30'), unit: 'weeks' });
    const fit = fitGammaGamma({ x: s.x, zbar: s.zbar! });
    if (!fit.ok) throw new Error(fit.message);
    expect(fit.observations).toBe(946);
    expect(Math.abs(fit.params.p - FHL.p)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(fit.params.q - FHL.q)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(fit.params.gamma - FHL.gamma)).toBeLessThanOrEqual(0.005);
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });

  it('reproduces them to 3 significant digits from the published summary (zbar rounded to cents)', () => {
    const fit = fitGammaGamma(readCdnowSummary());
    if (!fit.ok) throw new Error(fit.message);
    expect(Number(fit.params.p.toPrecision(3))).toBe(6.25);
    expect(Number(fit.params.q.toPrecision(3))).toBe(3.74);
    expect(Number(fit.params.gamma.toPrecision(3))).toBe(15.4);
    expect(fit.excludedZeroSpend).toBe(0);
  });
});

describe('gammaGammaExpectedSpend', () => {
  it('shrinks a customer’s mean towards the population mean p*gamma/(q-1), less so with more purchases', () => {
    const population = (FHL.p * FHL.gamma) / (FHL.q - 1);
    expect(gammaGammaExpectedSpend(FHL, 0, 0)).toBeCloseTo(population, 12);
    const one = gammaGammaExpectedSpend(FHL, 1, 100);
    const ten = gammaGammaExpectedSpend(FHL, 10, 100);
    expect(one).toBeGreaterThan(population);
    expect(ten).toBeGreaterThan(one);
    expect(ten).toBeLessThan(100);
    // weight p x / (p x + q - 1) on the customer's own mean
    const w = (FHL.p * 10) / (FHL.p * 10 + FHL.q - 1);
    expect(ten).toBeCloseTo(w * 100 + (1 - w) * population, 12);
  });
});

describe('fitGammaGamma recovers simulated spend parameters', () => {
  it('estimates the population mean spend within 3 % (20,000 customers)', () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const sim = simulateBgNbd({ customers: 20_000, params: { r: 0.8, alpha: 4, a: 0.8, b: 2.5 }, spend: truth, minT: 30, maxT: 52, seed: 11 });
    const fit = fitGammaGamma(sim);
    if (!fit.ok) throw new Error(fit.message);
    // p and gamma trade off against each other; the mean p*gamma/(q-1) is well determined.
    const mean = (f: { p: number; q: number; gamma: number }) => (f.p * f.gamma) / (f.q - 1);
    expect(Math.abs(mean(fit.params) / mean(truth) - 1)).toBeLessThan(0.03);
    expect(Math.abs(fit.params.p / truth.p - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.params.q / truth.q - 1)).toBeLessThan(0.25);
  });
});

describe('fitGammaGamma on data that cannot support the model', () => {
  it('refuses fewer than 20 customers with a positive repeat spend, and counts zero-spend repeaters', () => {
    const x = [...Array(19).fill(1), 2, 3, 0];
    const zbar = [...Array(19).fill(10), 0, 0, 0];
    const fit = fitGammaGamma({ x, zbar });
    expect(fit).toMatchObject({ ok: false, reason: 'insufficient_data' });
    if (!fit.ok) expect(fit.message).toMatch(/found 19$/);
    const cdnow = readCdnowSummary();
    const repeaters = [...cdnow.x.keys()].filter((i) => cdnow.x[i]! > 0);
    const zeroed = Float64Array.from(cdnow.zbar);
    zeroed[repeaters[0]!] = 0;
    zeroed[repeaters[1]!] = 0;
    const more = fitGammaGamma({ x: cdnow.x, zbar: zeroed });
    expect(more).toMatchObject({ ok: true, observations: 944, excludedZeroSpend: 2 });
  });

  it('reports spends too heavy-tailed for the model instead of an estimate', () => {
    const x = Array.from({ length: 400 }, (_, i) => 1 + (i % 3));
    const zbar = x.map((_, i) => 10 * ((i + 0.5) / 400) ** (-1 / 0.7)); // Pareto tail index 0.7: no mean
    const fit = fitGammaGamma({ x, zbar });
    expect(fit).toMatchObject({ ok: false, reason: 'degenerate' });
  });

  it('throws a validation error for NaN or negative spend', () => {
    let error: unknown;
    try {
      fitGammaGamma({ x: [1, 2, 1], zbar: [Number.NaN, -3, 5] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues.map((i) => i.path)).toEqual(['/summary/0/zbar', '/summary/1/zbar']);
  });
});
