import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { compressRfmRows } from './compress-rfm-rows.js';
import { bgNbdLogLikelihood, fitBgNbd, type BgNbdParams } from './fit-bg-nbd.js';
import { simulateBgNbd } from './simulate-bg-nbd.js';
import { dayNumberFromIsoDate, summarizeRfm } from './summarize-rfm.js';
import { readCdnowSample, readCdnowSummary } from './testing/read-cdnow.js';

// Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", section 5: CDNOW sample.
const FHL = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };

/** |estimate - published| within half a unit of the last published digit. */
function expectPublished(value: number, published: number, decimals: number): void {
  expect(Math.abs(value - published)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
  expect(Number(value.toPrecision(3))).toBe(Number(published.toPrecision(3)));
}

function expectFhl(fit: ReturnType<typeof fitBgNbd>): void {
  if (!fit.ok) throw new Error(fit.message);
  expectPublished(fit.params.r, FHL.r, 3);
  expectPublished(fit.params.alpha, FHL.alpha, 3);
  expectPublished(fit.params.a, FHL.a, 3);
  expectPublished(fit.params.b, FHL.b, 3);
  expectPublished(fit.logLikelihood, FHL.logLikelihood, 1);
  expect(fit.converged).toBe(true);
  expect(fit.observations).toBe(2357);
}

describe('fitBgNbd on CDNOW (FHL 2005)', () => {
  it('reproduces r, alpha, a, b and the log-likelihood from the published summary', () => {
    const s = readCdnowSummary();
    const fit = fitBgNbd(s);
    expectFhl(fit);
    if (fit.ok) expect(fit.distinctRows).toBeLessThan(2357); // identical customers were merged
  });

  it('reproduces them from the raw transactions (same-day merged, weeks, calibration to 1997-09-30)', () => {
    const s = summarizeRfm(readCdnowSample(), { calibrationEnd: dayNumberFromIsoDate('1997-09-30'), unit: 'weeks' });
    expectFhl(fitBgNbd(s));
  });

  it('gives the same model in days: r, a, b unchanged and alpha seven times larger', () => {
    const days = summarizeRfm(readCdnowSample(), { calibrationEnd: dayNumberFromIsoDate('1997-09-30'), unit: 'days' });
    const weeks = summarizeRfm(readCdnowSample(), { calibrationEnd: dayNumberFromIsoDate('1997-09-30'), unit: 'weeks' });
    const d = fitBgNbd(days);
    const w = fitBgNbd(weeks);
    if (!d.ok || !w.ok) throw new Error('fit failed');
    expect(d.params.r).toBeCloseTo(w.params.r, 5);
    expect(d.params.a).toBeCloseTo(w.params.a, 5);
    expect(d.params.b).toBeCloseTo(w.params.b, 4);
    expect(d.params.alpha / 7).toBeCloseTo(w.params.alpha, 4);
    // the likelihood of times in days differs by the Jacobian: x ln 7 per customer
    const sumX = weeks.x.reduce((a, b) => a + b, 0);
    expect(d.logLikelihood).toBeCloseTo(w.logLikelihood - sumX * Math.log(7), 4);
  });
});

describe('bgNbdLogLikelihood', () => {
  it('has an analytic gradient equal to central differences', () => {
    const rows = compressRfmRows(readCdnowSummary());
    const p: BgNbdParams = { r: 0.4, alpha: 3, a: 1.3, b: 1.7 };
    const grad = new Float64Array(4);
    bgNbdLogLikelihood(p, rows, grad);
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    keys.forEach((key, k) => {
      const h = 1e-6;
      const up = bgNbdLogLikelihood({ ...p, [key]: p[key] * Math.exp(h) }, rows);
      const down = bgNbdLogLikelihood({ ...p, [key]: p[key] * Math.exp(-h) }, rows);
      expect(grad[k]!).toBeCloseTo((up - down) / (2 * h), 3);
    });
  });

  it('counts each customer once: weights reproduce the per-customer sum', () => {
    const s = readCdnowSummary();
    const p: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const one = (i: number) =>
      bgNbdLogLikelihood(p, compressRfmRows({ x: [s.x[i]!], tx: [s.tx[i]!], T: [s.T[i]!] }));
    let sum = 0;
    for (let i = 0; i < s.x.length; i++) sum += one(i);
    expect(bgNbdLogLikelihood(p, compressRfmRows(s))).toBeCloseTo(sum, 6);
  });
});

describe('fitBgNbd recovers known parameters from simulated customers', () => {
  it('lands within 4 standard errors of the truth (30,000 customers)', () => {
    const truth: BgNbdParams = { r: 0.5, alpha: 6, a: 0.9, b: 2.5 };
    const sim = simulateBgNbd({ customers: 30_000, params: truth, minT: 26, maxT: 52, seed: 7 });
    const fit = fitBgNbd(sim);
    if (!fit.ok) throw new Error(fit.message);
    // Standard errors from the observed information (Hessian of the log-likelihood in log-parameters).
    const rows = compressRfmRows(sim);
    const names = ['r', 'alpha', 'a', 'b'] as const;
    const H: number[][] = [];
    const h = 1e-5;
    for (let j = 0; j < 4; j++) {
      const gUp = new Float64Array(4);
      const gDown = new Float64Array(4);
      bgNbdLogLikelihood({ ...fit.params, [names[j]!]: fit.params[names[j]!] * Math.exp(h) }, rows, gUp);
      bgNbdLogLikelihood({ ...fit.params, [names[j]!]: fit.params[names[j]!] * Math.exp(-h) }, rows, gDown);
      H.push(Array.from(gUp, (v, k) => -(v - gDown[k]!) / (2 * h)));
    }
    const covariance = invert(H);
    names.forEach((name, k) => {
      const se = Math.sqrt(covariance[k]![k]!);
      expect(se).toBeGreaterThan(0);
      expect(se).toBeLessThan(0.2);
      expect(Math.abs(Math.log(fit.params[name] / truth[name])) / se).toBeLessThan(4);
    });
  });
});

describe('fitBgNbd on data that cannot support the model', () => {
  it('refuses fewer than 20 repeat customers with a typed result', () => {
    const x = [...Array(19).fill(2), ...Array(500).fill(0)];
    const tx = x.map((v) => (v ? 5 : 0));
    const T = x.map(() => 30);
    const fit = fitBgNbd({ x, tx, T });
    expect(fit).toMatchObject({ ok: false, reason: 'insufficient_data', lastLogLikelihood: null });
    if (!fit.ok) expect(fit.message).toBe('BG/NBD needs at least 20 customers with a repeat purchase in the calibration period; found 19 of 519');
  });

  it('reports a fit that does not converge', () => {
    const fit = fitBgNbd(readCdnowSummary(), { maxIterations: 2 });
    expect(fit.ok).toBe(false);
    if (fit.ok) return;
    expect(fit.reason).toBe('not_converged');
    expect(fit.message).toMatch(/did not converge after 2 iterations/);
    expect(Number.isFinite(fit.lastLogLikelihood)).toBe(true);
    expect(fit).not.toHaveProperty('params');
  });

  it('reports a likelihood without an interior maximum (nobody ever drops out)', () => {
    const x = Array.from({ length: 100 }, (_, i) => 1 + (i % 5));
    const fit = fitBgNbd({ x, tx: x.map((v) => 4 * v), T: x.map((v) => 4 * v) });
    expect(fit).toMatchObject({ ok: false, reason: 'degenerate' });
    if (!fit.ok) expect(fit.message).toMatch(/no interior maximum/);
  });

  it('throws a validation error naming each bad row', () => {
    let error: unknown;
    try {
      fitBgNbd({ x: [1, -1, 2.5, 1, 0], tx: [1, 0, 1, 5, 0], T: [2, 2, Number.NaN, 4, 3] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('validation_failed');
    expect(e.issues.map((i) => i.path)).toEqual(['/summary/1/x', '/summary/2/x', '/summary/2/T', '/summary/3/tx']);
    expect(e.issues[3]!.message).toBe('must not exceed T (5 > 4)');
  });
});

function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pivot = a[c]![c]!;
    for (let j = 0; j < 2 * n; j++) a[c]![j]! /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}
