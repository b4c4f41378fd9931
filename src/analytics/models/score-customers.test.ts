import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { fitBgNbd } from './fit-bg-nbd.js';
import { fitGammaGamma, gammaGammaExpectedSpend } from './fit-gamma-gamma.js';
import { fitParetoNbd } from './fit-pareto-nbd.js';
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from './predict-bg-nbd.js';
import { paretoNbdConditionalExpectedPurchases } from './predict-pareto-nbd.js';
import { scoreCustomers } from './score-customers.js';
import { readCdnowSummary } from './testing/read-cdnow.js';

const summary = readCdnowSummary();
const bg = fitBgNbd(summary);
const gg = fitGammaGamma(summary);
if (!bg.ok || !gg.ok) throw new Error('CDNOW fits failed');
const clv = { periods: 12, periodLength: 4.345, discountRate: 0.01 };

const sum = (a: Float64Array | null): number => (a ? a.reduce((s, v) => s + v, 0) : Number.NaN);

describe('scoreCustomers on CDNOW with BG/NBD + Gamma-Gamma', () => {
  const scores = scoreCustomers({ summary, transactionModel: { kind: 'bg-nbd', params: bg.params }, spendModel: gg.params, horizon: 39, clv });

  it('matches the numpy/scipy baseline (lifetimes formulas) on every total', () => {
    // python3 bench/analytics-baseline.py cdnow_customers_summary_with_transactions.csv
    //   (its own BFGS fit; parameters agree with ours to about 1e-8)
    const baseline = { expectedPurchases: 1653.423343205664, probabilityAlive: 1917.2763505210492, expectedSpend: 83091.22231452394, clv: 71509.9019034913 };
    expect(Math.abs(sum(scores.expectedPurchases) / baseline.expectedPurchases - 1)).toBeLessThan(1e-6);
    expect(Math.abs(sum(scores.probabilityAlive) / baseline.probabilityAlive - 1)).toBeLessThan(1e-6);
    expect(Math.abs(sum(scores.expectedSpend) / baseline.expectedSpend - 1)).toBeLessThan(1e-6);
    expect(Math.abs(sum(scores.clv) / baseline.clv - 1)).toBeLessThan(1e-6);
  });

  it('gives each customer the single-customer model values', () => {
    for (const i of [0, 1, 2, 100, 1000, 2356]) {
      const x = summary.x[i]!;
      const tx = summary.tx[i]!;
      const T = summary.T[i]!;
      expect(scores.expectedPurchases[i]).toBeCloseTo(bgNbdConditionalExpectedPurchases(bg.params, 39, x, tx, T), 12);
      expect(scores.probabilityAlive[i]).toBeCloseTo(bgNbdProbabilityAlive(bg.params, x, tx, T), 12);
      expect(scores.expectedSpend![i]).toBeCloseTo(gammaGammaExpectedSpend(gg.params, x, summary.zbar[i]!), 10);
    }
  });

  it('computes CLV as discounted expected spend per period (lifetimes customer_lifetime_value)', () => {
    const i = 0; // x = 2, tx = 30.43, T = 38.86
    let expected = 0;
    let previous = 0;
    for (let k = 1; k <= 12; k++) {
      const cumulative = bgNbdConditionalExpectedPurchases(bg.params, k * 4.345, summary.x[i]!, summary.tx[i]!, summary.T[i]!);
      expected += (scores.expectedSpend![i]! * (cumulative - previous)) / 1.01 ** k;
      previous = cumulative;
    }
    expect(scores.clv![i]).toBeCloseTo(expected, 10);
    const margin = scoreCustomers({ summary, transactionModel: { kind: 'bg-nbd', params: bg.params }, spendModel: gg.params, horizon: 39, clv: { ...clv, margin: 0.3 } });
    expect(margin.clv![i]).toBeCloseTo(0.3 * scores.clv![i]!, 10);
    const dearer = scoreCustomers({ summary, transactionModel: { kind: 'bg-nbd', params: bg.params }, spendModel: gg.params, horizon: 39, clv: { ...clv, discountRate: 0.05 } });
    expect(sum(dearer.clv)).toBeLessThan(sum(scores.clv));
  });

  it('leaves spend and CLV out when no spend model is given', () => {
    const plain = scoreCustomers({ summary, transactionModel: { kind: 'bg-nbd', params: bg.params }, horizon: 10 });
    expect(plain.expectedSpend).toBeNull();
    expect(plain.clv).toBeNull();
  });
});

describe('scoreCustomers with Pareto/NBD', () => {
  it('scores with the Pareto/NBD formulas', () => {
    const pn = fitParetoNbd(summary);
    if (!pn.ok) throw new Error(pn.message);
    const scores = scoreCustomers({ summary, transactionModel: { kind: 'pareto-nbd', params: pn.params }, spendModel: gg.params, horizon: 39, clv });
    expect(scores.expectedPurchases[1]).toBeCloseTo(paretoNbdConditionalExpectedPurchases(pn.params, 39, summary.x[1]!, summary.tx[1]!, summary.T[1]!), 12);
    expect(scores.clv!.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });
});

describe('scoreCustomers rejects bad requests', () => {
  function issues(fn: () => unknown): string[] {
    try {
      fn();
    } catch (e) {
      if (e instanceof AppError) return e.issues.map((i) => i.path);
      throw e;
    }
    throw new Error('expected an AppError');
  }

  it('names bad options and parameters', () => {
    expect(
      issues(() =>
        scoreCustomers({
          summary,
          transactionModel: { kind: 'bg-nbd', params: { ...bg.params, alpha: Number.NaN } },
          horizon: -1,
          clv: { periods: 0, periodLength: 4, discountRate: -0.1 },
        }),
      ),
    ).toEqual(['/transactionModel/params/alpha', '/horizon', '/clv/periods', '/clv/discountRate', '/spendModel']);
  });

  it('refuses a spend model without zbar or with q <= 1', () => {
    const { zbar: _zbar, ...noSpend } = summary;
    expect(issues(() => scoreCustomers({ summary: noSpend, transactionModel: { kind: 'bg-nbd', params: bg.params }, spendModel: gg.params, horizon: 1 }))).toEqual(['/summary/zbar']);
    expect(issues(() => scoreCustomers({ summary, transactionModel: { kind: 'bg-nbd', params: bg.params }, spendModel: { ...gg.params, q: 0.9 }, horizon: 1 }))).toEqual(['/spendModel/q']);
  });
});
