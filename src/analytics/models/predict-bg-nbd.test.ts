import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import type { BgNbdParams } from './fit-bg-nbd.js';
import { bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchasesNewCustomer, bgNbdProbabilityAlive } from './predict-bg-nbd.js';

const FHL: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

// Reference values: lifetimes' formulas (FHL eqs. 9, 10, 13) evaluated with scipy.special.hyp2f1
// (scipy 1.17) at the FHL estimates; see bench/analytics-baseline.py for the same code.
describe('BG/NBD predictions against scipy', () => {
  it('expected purchases of a new customer in (0, t] (eq. 9)', () => {
    const reference: [number, number][] = [
      [1, 0.05326789117165627],
      [39, 1.1967231933207985],
      [78, 1.8605190579427455],
      [520, 4.974617861849564],
    ];
    for (const [t, value] of reference) expect(bgNbdExpectedPurchasesNewCustomer(FHL, t)).toBeCloseTo(value, 12);
    expect(bgNbdExpectedPurchasesNewCustomer(FHL, 0)).toBe(0);
  });

  it('conditional expected purchases in the next 39 weeks and P(alive) (eqs. 10, 13)', () => {
    const reference: [number, number, number, number, number][] = [
      // x, tx, T, E[X(39) | ...], P(alive)
      [0, 0, 38.86, 0.19509805201125396, 1],
      [2, 30.43, 38.86, 1.226028174767135, 0.726578570080673],
      [50, 30, 38, 0.06293460705983187, 0.0017798111479719648],
      [400, 35, 38, 2.510830011659101e-8, 8.976410896132044e-11],
    ];
    for (const [x, tx, T, expected, alive] of reference) {
      const e = bgNbdConditionalExpectedPurchases(FHL, 39, x, tx, T);
      expect(Math.abs(e - expected) / expected).toBeLessThan(1e-10);
      const p = bgNbdProbabilityAlive(FHL, x, tx, T);
      expect(Math.abs(p - alive) / alive).toBeLessThan(1e-10);
    }
  });

  it('stays finite and continuous where the textbook formula divides 0 by 0 (a = 1)', () => {
    const at1 = bgNbdExpectedPurchasesNewCustomer({ ...FHL, a: 1 }, 39);
    const near = bgNbdExpectedPurchasesNewCustomer({ ...FHL, a: 1 + 1e-7 }, 39);
    expect(Number.isFinite(at1)).toBe(true);
    expect(Math.abs(at1 - near)).toBeLessThan(1e-6);
    const cond = bgNbdConditionalExpectedPurchases({ ...FHL, a: 1 }, 39, 3, 20, 38);
    expect(cond).toBeCloseTo(bgNbdConditionalExpectedPurchases({ ...FHL, a: 1 - 1e-8 }, 39, 3, 20, 38), 6);
  });

  it('handles very frequent buyers and long horizons without overflow', () => {
    // mpmath (60 digits, 10^6 series terms; scipy's hyp2f1 gives up here): 249.49079371026374
    const e = bgNbdConditionalExpectedPurchases(FHL, 52, 5000, 38.9, 39);
    expect(Math.abs(e - 249.49079371026374) / 249.49).toBeLessThan(1e-10);
    expect(Number.isFinite(bgNbdExpectedPurchasesNewCustomer(FHL, 52 * 50))).toBe(true);
  });

  it('increases with the horizon and with recency', () => {
    let previous = 0;
    for (const t of [1, 5, 10, 20, 40, 80]) {
      const e = bgNbdConditionalExpectedPurchases(FHL, t, 3, 20, 38);
      expect(e).toBeGreaterThan(previous);
      previous = e;
    }
    expect(bgNbdProbabilityAlive(FHL, 3, 37, 38)).toBeGreaterThan(bgNbdProbabilityAlive(FHL, 3, 10, 38));
  });

  it('throws instead of returning NaN for bad parameters or horizons', () => {
    expect(() => bgNbdExpectedPurchasesNewCustomer({ ...FHL, r: Number.NaN }, 10)).toThrow(AppError);
    expect(() => bgNbdExpectedPurchasesNewCustomer(FHL, -1)).toThrow(/Invalid BG\/NBD parameters or horizon/);
    expect(() => bgNbdExpectedPurchasesNewCustomer(FHL, Number.POSITIVE_INFINITY)).toThrow(AppError);
    // z = t / (alpha + t) within 1e-9 of 1: the series would need billions of terms
    expect(() => bgNbdExpectedPurchasesNewCustomer(FHL, 1e10)).toThrow(/does not converge/);
  });
});
