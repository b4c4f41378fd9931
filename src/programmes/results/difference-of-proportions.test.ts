import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { differenceOfProportions, wilsonInterval } from './difference-of-proportions.js';

describe('differenceOfProportions (Newcombe hybrid score interval)', () => {
  // Newcombe 1998, Table II, method 10 (score interval from Wilson limits).
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
    [6, 7, 2, 7, 0.5714, 0.0582, 0.8062],
    [5, 56, 0, 29, 0.0893, -0.0381, 0.1926],
    [0, 10, 0, 20, 0, -0.1611, 0.2775],
  ])('%i/%i vs %i/%i gives %f (%f to %f) as published', (x1, n1, x2, n2, d, low, high) => {
    const r = differenceOfProportions(x1, n1, x2, n2)!;
    expect(r.difference).toBeCloseTo(d, 4);
    expect(r.low).toBeCloseTo(low, 3);
    expect(r.high).toBeCloseTo(high, 3);
  });

  it('matches the Wilson interval of a published example (Newcombe 1998a: 81/263 -> 0.2553 to 0.3662)', () => {
    const w = wilsonInterval(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 4);
    expect(w.high).toBeCloseTo(0.3662, 4);
  });

  it('is null when a group is empty', () => {
    expect(differenceOfProportions(1, 0, 1, 2)).toBeNull();
    expect(differenceOfProportions(1, 2, 0, 0)).toBeNull();
  });

  it('always holds the difference, stays within [-1, 1] and narrows as groups grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n1, n2, f1, f2) => {
        const x1 = Math.round(f1 * n1);
        const x2 = Math.round(f2 * n2);
        const r = differenceOfProportions(x1, n1, x2, n2)!;
        expect(r.low).toBeLessThanOrEqual(r.difference + 1e-12);
        expect(r.high).toBeGreaterThanOrEqual(r.difference - 1e-12);
        expect(r.low).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(r.high).toBeLessThanOrEqual(1 + 1e-12);
        const bigger = differenceOfProportions(x1 * 10, n1 * 10, x2 * 10, n2 * 10)!;
        expect(bigger.high - bigger.low).toBeLessThan(r.high - r.low);
      }),
    );
  });
});
