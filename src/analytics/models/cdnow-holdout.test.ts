import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './fit-bg-nbd.js';
import { fitParetoNbd } from './fit-pareto-nbd.js';
import { bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchasesNewCustomer } from './predict-bg-nbd.js';
import { paretoNbdConditionalExpectedPurchases, paretoNbdExpectedPurchasesNewCustomer } from './predict-pareto-nbd.js';
import { dayNumberFromIsoDate, summarizeRfm } from './summarize-rfm.js';
import { readCdnowSample } from './testing/read-cdnow.js';

/**
 * Holdout validation on CDNOW: calibrate to 1997-09-30, predict the 39 weeks to 1998-06-30,
 * compare with what the 2,357 customers actually did (FHL 2005, section 5).
 *
 * Numbers (this code; the numpy/scipy baseline gives the same to 6 digits):
 *   actual repeat purchase days in the holdout             1882
 *   BG/NBD    sum of E[X(39) | x, tx, T]                  1653  (-12.1 %)
 *   Pareto/NBD sum of E[X(39) | x, tx, T]                 1666  (-11.5 %)
 *   BG/NBD cohort forecast, cumulative to week 78          4161  vs 4339 actual (-4.1 %)
 *   BG/NBD cohort forecast, calibration period             2494  vs 2457 actual (+1.5 %)
 *
 * Tolerances: FHL report that the cumulative cohort forecast tracks the actuals
 * closely, so it gets 5 %; the calibration period, which the fit saw, 2 %. The conditional
 * 39-week total under-forecasts by 12 % with both models alike and with the independent scipy
 * implementation, so that gap belongs to the models on these data, not to this code (whose
 * formulas are checked to 1e-10 against scipy and mpmath elsewhere): it gets 15 %, and the two
 * models must agree with each other within 2 %.
 */
describe('CDNOW holdout (39 weeks after 1997-09-30)', () => {
  const s = summarizeRfm(readCdnowSample(), {
    calibrationEnd: dayNumberFromIsoDate('1997-09-30'),
    observationEnd: dayNumberFromIsoDate('1998-06-30'),
    unit: 'weeks',
  });
  const bg = fitBgNbd(s);
  const pn = fitParetoNbd(s);
  if (!bg.ok || !pn.ok) throw new Error('CDNOW fits failed');
  const n = s.x.length;
  const actualHoldout = s.holdoutX!.reduce((a, b) => a + b, 0);
  const actualCalibration = s.x.reduce((a, b) => a + b, 0);

  it('predicts the holdout total within the justified tolerance, both models alike', () => {
    let bgTotal = 0;
    let pnTotal = 0;
    for (let i = 0; i < n; i++) {
      bgTotal += bgNbdConditionalExpectedPurchases(bg.params, 39, s.x[i]!, s.tx[i]!, s.T[i]!);
      pnTotal += paretoNbdConditionalExpectedPurchases(pn.params, 39, s.x[i]!, s.tx[i]!, s.T[i]!);
    }
    expect(actualHoldout).toBe(1882);
    expect(Math.abs(bgTotal / actualHoldout - 1)).toBeLessThan(0.15);
    expect(Math.abs(pnTotal / actualHoldout - 1)).toBeLessThan(0.15);
    expect(Math.abs(bgTotal / pnTotal - 1)).toBeLessThan(0.02);
  });

  it('tracks cumulative repeat purchases of the cohort', () => {
    let calibration = 0;
    let week78 = 0;
    let pnWeek78 = 0;
    for (let i = 0; i < n; i++) {
      calibration += bgNbdExpectedPurchasesNewCustomer(bg.params, s.T[i]!);
      week78 += bgNbdExpectedPurchasesNewCustomer(bg.params, s.T[i]! + 39);
      pnWeek78 += paretoNbdExpectedPurchasesNewCustomer(pn.params, s.T[i]! + 39);
    }
    expect(actualCalibration).toBe(2457);
    expect(Math.abs(calibration / actualCalibration - 1)).toBeLessThan(0.02);
    expect(Math.abs(week78 / (actualCalibration + actualHoldout) - 1)).toBeLessThan(0.05);
    expect(Math.abs(pnWeek78 / (actualCalibration + actualHoldout) - 1)).toBeLessThan(0.05);
  });

  it('ranks customers: the more calibration purchases, the more holdout purchases, predicted and actual', () => {
    const buckets = Array.from({ length: 8 }, () => ({ n: 0, actual: 0, predicted: 0 }));
    for (let i = 0; i < n; i++) {
      const b = buckets[Math.min(s.x[i]!, 7)]!;
      b.n += 1;
      b.actual += s.holdoutX![i]!;
      b.predicted += bgNbdConditionalExpectedPurchases(bg.params, 39, s.x[i]!, s.tx[i]!, s.T[i]!);
    }
    const predicted = buckets.map((b) => b.predicted / b.n);
    const actual = buckets.map((b) => b.actual / b.n);
    for (let k = 1; k < 8; k++) {
      expect(predicted[k]).toBeGreaterThan(predicted[k - 1]!);
      expect(actual[k]).toBeGreaterThan(actual[k - 1]!);
    }
    // Customers with no repeat purchase: predicted 0.225, actual 0.237 a customer.
    expect(Math.abs(predicted[0]! / actual[0]! - 1)).toBeLessThan(0.1);
  });
});
