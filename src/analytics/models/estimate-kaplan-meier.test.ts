import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { estimateKaplanMeier, survivalAt } from './estimate-kaplan-meier.js';
import { readTelco } from './testing/read-telco.js';

/** Independent product-limit estimate: S(t) = prod over event times u <= t of (1 - d(u)/n(u)). */
function directProductLimit(time: ArrayLike<number>, event: ArrayLike<number>, t: number): number {
  const eventTimes = [...new Set(Array.from(time).filter((_, i) => event[i] === 1))].filter((u) => u <= t);
  let s = 1;
  for (const u of eventTimes) {
    let atRisk = 0;
    let deaths = 0;
    for (let i = 0; i < time.length; i++) {
      if (time[i]! >= u) atRisk += 1;
      if (time[i] === u && event[i] === 1) deaths += 1;
    }
    s *= 1 - deaths / atRisk;
  }
  return s;
}

describe('estimateKaplanMeier on IBM Telco churn (7,043 customers, tenure in months)', () => {
  const telco = readTelco();
  const km = estimateKaplanMeier(telco);

  it('reads the data as documented', () => {
    expect(telco.time.length).toBe(7043);
    expect(km.totalEvents).toBe(1869);
    expect(km.observations).toBe(7043);
    expect(km.time[0]).toBe(0); // 11 customers with tenure 0, all censored
    expect(km.censored[0]).toBe(11);
    expect(km.survival[0]).toBe(1);
  });

  it('matches a direct product-limit computation at chosen months', () => {
    for (const month of [1, 6, 12, 24, 36, 48, 60, 72]) {
      expect(survivalAt(km, month)).toBeCloseTo(directProductLimit(telco.time, telco.event, month), 12);
    }
    expect(survivalAt(km, 30.5)).toBe(survivalAt(km, 30));
    expect(survivalAt(km, -1)).toBe(1);
  });

  it('agrees with scipy.stats.ecdf (log-log bands) at chosen months', () => {
    // scipy 1.17: ecdf(CensoredData(...)).sf and .confidence_interval(0.95, method='log-log')
    const scipy: [number, number, number, number][] = [
      [1, 0.9459613196814562, 0.9404183713158353, 0.95100212095724],
      [12, 0.8431995538158313, 0.8341686858114631, 0.8517833206931245],
      [36, 0.7485454148763729, 0.737078562120866, 0.7595970312942907],
      [72, 0.5927901520522304, 0.5730628910042945, 0.6119362091926649],
    ];
    for (const [month, s, lower, upper] of scipy) {
      const j = km.time.indexOf(month);
      expect(km.survival[j]).toBeCloseTo(s, 12);
      expect(km.lower[j]).toBeCloseTo(lower, 12);
      expect(km.upper[j]).toBeCloseTo(upper, 12);
    }
  });

  it('has no median when retention stays above one half, and finds it per contract type', () => {
    expect(km.median).toBeNull();
    const monthly = telco.contract.map((c) => c === 'Month-to-month');
    const time = telco.time.filter((_, i) => monthly[i]);
    const event = telco.event.filter((_, i) => monthly[i]);
    const mtm = estimateKaplanMeier({ time, event });
    expect(mtm.median).not.toBeNull();
    expect(directProductLimit(time, event, mtm.median!)).toBeLessThanOrEqual(0.5);
    expect(directProductLimit(time, event, mtm.median! - 1)).toBeGreaterThan(0.5);
    expect(mtm.medianLower!).toBeLessThanOrEqual(mtm.median!);
    expect(mtm.medianUpper!).toBeGreaterThanOrEqual(mtm.median!);
  });
});

describe('estimateKaplanMeier on a small example with ties and censoring', () => {
  // Events before censorings at a tied time; reference: scipy.stats.ecdf, log-log bands.
  const time = [1, 2, 2, 3, 4, 4, 5, 6, 6, 8];
  const event = [1, 1, 0, 1, 1, 1, 0, 1, 0, 0];
  const km = estimateKaplanMeier({ time, event: event.map((e) => e === 1) });

  it('counts risk sets, events and censorings per time', () => {
    expect(Array.from(km.time)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    expect(Array.from(km.atRisk)).toEqual([10, 9, 7, 6, 4, 3, 1]);
    expect(Array.from(km.events)).toEqual([1, 1, 1, 2, 0, 1, 0]);
    expect(Array.from(km.censored)).toEqual([0, 1, 0, 0, 1, 1, 1]);
  });

  it('gives the product-limit estimate, Greenwood bands and median', () => {
    const survival = [0.9, 0.8, 0.68571429, 0.45714286, 0.45714286, 0.3047619, 0.3047619];
    const lower = [0.47300927, 0.40869078, 0.30458507, 0.14298216, 0.14298216, 0.05353388, 0.05353388];
    const upper = [0.98528139, 0.94587265, 0.8871485, 0.72977911, 0.72977911, 0.61736756, 0.61736756];
    survival.forEach((s, j) => expect(km.survival[j]).toBeCloseTo(s, 7));
    lower.forEach((s, j) => expect(km.lower[j]).toBeCloseTo(s, 7));
    upper.forEach((s, j) => expect(km.upper[j]).toBeCloseTo(s, 7));
    // Greenwood: Var S(1) = 0.9^2 * 1/(10*9)
    expect(km.standardError[0]).toBeCloseTo(0.9 * Math.sqrt(1 / 90), 12);
    expect(km.median).toBe(4);
    expect(km.medianLower).toBe(1); // the lower band starts below 0.5 (10 customers say little)
    expect(km.medianUpper).toBeNull(); // upper band never reaches 0.5
  });

  it('ends at exactly 0 with a degenerate band when the last at risk all have the event', () => {
    const all = estimateKaplanMeier({ time: [1, 2, 3], event: [1, 1, 1] });
    expect(all.survival[0]).toBeCloseTo(2 / 3, 15);
    expect(all.survival[1]).toBeCloseTo(1 / 3, 15);
    expect(all.survival[2]).toBe(0);
    expect(all.lower[2]).toBe(0);
    expect(all.upper[2]).toBe(0);
    expect([...all.lower, ...all.upper, ...all.standardError].every(Number.isFinite)).toBe(true);
  });

  it('rejects bad input with the row named', () => {
    let error: unknown;
    try {
      estimateKaplanMeier({ time: [1, Number.NaN, -2], event: [1, 0, 2] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues.map((i) => i.path)).toEqual(['/survival/1/time', '/survival/2/time', '/survival/2/event']);
    expect(() => estimateKaplanMeier({ time: [], event: [] })).toThrow(/no observations/i);
    expect(() => estimateKaplanMeier({ time: [1], event: [1] }, { confidence: 1.5 })).toThrow(/between 0 and 1/);
  });
});
