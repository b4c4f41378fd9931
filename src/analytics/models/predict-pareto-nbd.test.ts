import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { logHyp2f1ShiftedC, paretoNbdCustomerLogLikelihood, type ParetoNbdParams } from './pareto-nbd-likelihood.js';
import {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchasesNewCustomer,
  paretoNbdProbabilityAlive,
} from './predict-pareto-nbd.js';

const FHL: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

describe('logHyp2f1ShiftedC = ln 2F1(a, b; a+1; z)', () => {
  it('matches mpmath (30 digits) including where scipy overflows', () => {
    // mpmath.log(mpmath.hyp2f1(a, b, a + 1, z)) with mp.dps = 30
    const reference: [number, number, number, number][] = [
      [1.5, 0.7, 0.3, 0.14428336956072344],
      [3.2, 1.6, 0.9, 2.4241967305433197],
      [0.8, 400.3, 0.5, 271.25446334516662],
      [1200.5, 1000.2, 0.6, 915.66369423246795], // scipy.special.hyp2f1 returns inf here
      [2.0, 1.0, 0.999, 2.4715833777697733],
    ];
    for (const [a, b, z, value] of reference) {
      expect(Math.abs(logHyp2f1ShiftedC(a, b, z) - value) / Math.max(1, Math.abs(value))).toBeLessThan(1e-12);
    }
    expect(logHyp2f1ShiftedC(2, 3, 0)).toBe(0);
  });
});

// Reference values: lifetimes' ParetoNBDFitter formulas evaluated with scipy.special.hyp2f1.
describe('Pareto/NBD predictions against scipy', () => {
  it('log-likelihood of single customers', () => {
    expect(paretoNbdCustomerLogLikelihood(FHL, 2, 30.43, 38.86)).toBeCloseTo(-9.554283245150407, 10);
    expect(paretoNbdCustomerLogLikelihood(FHL, 0, 0, 38.86)).toBeCloseTo(-0.5210462940808904, 10);
    expect(paretoNbdCustomerLogLikelihood({ ...FHL, alpha: 20 }, 5, 10, 38.86)).toBeCloseTo(-16.014659268409392, 10);
  });

  it('expected purchases of a new customer', () => {
    expect(paretoNbdExpectedPurchasesNewCustomer(FHL, 1)).toBeCloseTo(0.050979843245990884, 12);
    expect(paretoNbdExpectedPurchasesNewCustomer(FHL, 39)).toBeCloseTo(1.2130028442810157, 12);
    expect(paretoNbdExpectedPurchasesNewCustomer(FHL, 78)).toBeCloseTo(1.9093981293136852, 12);
  });

  it('conditional expectations and P(alive)', () => {
    const reference: [number, number, number, number, number][] = [
      [0, 0, 38.86, 0.10708146821530894, 0.29528660461689427],
      [2, 30.43, 38.86, 1.4551231932576025, 0.8691675591530111],
      [5, 10, 38.86, 0.17000355468701722, 0.04668580900803828],
      [20, 38.86, 38.86, 13.477851349211404, 1],
    ];
    for (const [x, tx, T, expected, alive] of reference) {
      expect(Math.abs(paretoNbdConditionalExpectedPurchases(FHL, 39, x, tx, T) - expected) / expected).toBeLessThan(1e-10);
      expect(Math.abs(paretoNbdProbabilityAlive(FHL, x, tx, T) - alive) / alive).toBeLessThan(1e-10);
    }
  });

  it('takes the limit at s = 1 instead of dividing by zero', () => {
    const at1 = paretoNbdExpectedPurchasesNewCustomer({ ...FHL, s: 1 }, 39);
    expect(at1).toBeCloseTo(paretoNbdExpectedPurchasesNewCustomer({ ...FHL, s: 1 + 1e-9 }, 39), 8);
    // r/alpha * beta * ln(1 + t/beta)
    expect(at1).toBeCloseTo((FHL.r / FHL.alpha) * FHL.beta * Math.log(1 + 39 / FHL.beta), 12);
  });

  it('uses the other branch of the note when alpha > beta', () => {
    const swapped: ParetoNbdParams = { r: 0.553, alpha: 15, s: 0.606, beta: 8 };
    const p = paretoNbdProbabilityAlive(swapped, 4, 12, 38);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    // At alpha = beta both branches meet: compare just either side.
    const left = paretoNbdProbabilityAlive({ ...FHL, alpha: 10 - 1e-9, beta: 10 }, 3, 20, 38);
    const right = paretoNbdProbabilityAlive({ ...FHL, alpha: 10 + 1e-9, beta: 10 }, 3, 20, 38);
    expect(left).toBeCloseTo(right, 7);
  });

  it('throws instead of returning NaN for bad parameters or horizons', () => {
    expect(() => paretoNbdExpectedPurchasesNewCustomer({ ...FHL, s: -1 }, 10)).toThrow(AppError);
    expect(() => paretoNbdExpectedPurchasesNewCustomer(FHL, Number.NaN)).toThrow(/Invalid Pareto\/NBD/);
  });
});
