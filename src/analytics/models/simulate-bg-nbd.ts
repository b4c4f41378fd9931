import beta from '@stdlib/random-base-beta';
import gamma from '@stdlib/random-base-gamma';
import randu from '@stdlib/random-base-randu';
import { AppError } from '../../errors/app-error.js';
import type { BgNbdParams } from './fit-bg-nbd.js';
import type { GammaGammaParams } from './fit-gamma-gamma.js';

/**
 * Draws customers from the BG/NBD generative process (FHL 2005, section 3) with Gamma-Gamma
 * spend, for benchmarks and for checking that the fits recover known parameters:
 *   lambda ~ Gamma(r, rate alpha), p ~ Beta(a, b); from the first purchase at time 0 the
 *   customer buys at the times of a Poisson(lambda) process and after each repeat purchase
 *   drops out with probability p; observation ends at T.
 *   nu ~ Gamma(q, rate gamma); each repeat purchase is worth Gamma(p, rate nu).
 * Seeded (Mersenne Twister), so the same options give the same customers.
 */
export interface SimulateBgNbdOptions {
  customers: number;
  params: BgNbdParams;
  spend?: GammaGammaParams;
  /** T is uniform in [minT, maxT] (time units since the first purchase). */
  minT: number;
  maxT: number;
  seed?: number;
  /** Also emit day-level transactions (first purchases included) with this many days per unit. */
  transactionsWithDaysPerUnit?: number;
  /** Day number of the calibration end for emitted transactions (default 10000). */
  calibrationEndDay?: number;
}

export interface SimulatedCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean repeat purchase value (0 when x = 0); all zero without spend parameters. */
  zbar: Float64Array;
  transactions: { customer: Int32Array; day: Int32Array; amount: Float64Array } | null;
}

export function simulateBgNbd(options: SimulateBgNbdOptions): SimulatedCustomers {
  const { customers: n, params, spend, minT, maxT } = options;
  if (!Number.isInteger(n) || n < 1 || n > 50_000_000) {
    throw new AppError('validation_failed', 'customers must be a whole number from 1 to 50,000,000', [{ path: '/customers', message: `got ${n}` }]);
  }
  if (!(minT >= 0 && maxT >= minT && Number.isFinite(maxT))) {
    throw new AppError('validation_failed', 'Need 0 <= minT <= maxT', [{ path: '/minT', message: `got ${minT}..${maxT}` }]);
  }
  const seed = options.seed ?? 20050401;
  const uniform = randu.factory({ name: 'mt19937', seed });
  const drawRate = gamma.factory(params.r, params.alpha, { seed: seed + 1 });
  const drawDropout = beta.factory(params.a, params.b, { seed: seed + 2 });
  const drawGamma = gamma.factory({ seed: seed + 3 });

  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const zbar = new Float64Array(n);
  const daysPerUnit = options.transactionsWithDaysPerUnit;
  const calEnd = options.calibrationEndDay ?? 10_000;
  const txCustomer: number[] = [];
  const txDay: number[] = [];
  const txAmount: number[] = [];

  for (let i = 0; i < n; i++) {
    const age = minT + (maxT - minT) * uniform();
    T[i] = age;
    const lambda = drawRate();
    const p = drawDropout();
    const nu = spend ? drawGamma(spend.q, spend.gamma) : 0;
    const firstDay = daysPerUnit ? calEnd - Math.floor(age * daysPerUnit) : 0;
    if (daysPerUnit) {
      txCustomer.push(i);
      txDay.push(firstDay);
      txAmount.push(spend ? drawGamma(spend.p, nu) : 1);
    }
    let t = 0;
    let count = 0;
    let total = 0;
    for (;;) {
      t += -Math.log(1 - uniform()) / lambda;
      if (!(t <= age)) break;
      count += 1;
      tx[i] = t;
      const value = spend ? drawGamma(spend.p, nu) : 0;
      total += value;
      if (daysPerUnit) {
        txCustomer.push(i);
        txDay.push(firstDay + Math.floor(t * daysPerUnit));
        txAmount.push(spend ? value : 1);
      }
      if (uniform() < p) break;
    }
    x[i] = count;
    zbar[i] = count > 0 ? total / count : 0;
  }
  return {
    x,
    tx,
    T,
    zbar,
    transactions: daysPerUnit
      ? { customer: Int32Array.from(txCustomer), day: Int32Array.from(txDay), amount: Float64Array.from(txAmount) }
      : null,
  };
}
