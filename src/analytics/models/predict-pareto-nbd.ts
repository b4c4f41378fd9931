import { assertModelInputs } from './model-fit-outcome.js';
import { paretoNbdLogA0, type ParetoNbdParams } from './pareto-nbd-likelihood.js';

/**
 * Pareto/NBD predictions (Fader & Hardie's note, eqs. 18 and 22), per customer in the fit's
 * time unit. With u = s - 1 and L = ln((beta+T)/(beta+T+t)):
 *
 *   E[X(T, T+t] | alive] = (r+x)/(alpha+T) * (beta+T) * (1 - e^(uL))/u
 *
 * evaluated as -expm1(uL)/u, which tends to -L as s -> 1 instead of dividing 0 by 0.
 */
/** Expected purchases in (T, T + t] for a customer still active at T with x repeat purchases. */
export function paretoNbdExpectedPurchasesIfAlive(p: ParetoNbdParams, t: number, x: number, T: number): number {
  const u = p.s - 1;
  const L = -Math.log1p(t / (p.beta + T));
  const factor = u === 0 ? -L : -Math.expm1(u * L) / u;
  return ((p.r + x) / (p.alpha + T)) * (p.beta + T) * factor;
}

/** paretoNbdExpectedPurchasesIfAlive for every horizon in `t`, written into `out`. */
export function paretoNbdExpectedPurchasesIfAliveMany(p: ParetoNbdParams, t: Float64Array, x: number, T: number, out: Float64Array): void {
  for (let j = 0; j < t.length; j++) out[j] = paretoNbdExpectedPurchasesIfAlive(p, t[j]!, x, T);
}

/** Expected purchases in (0, t] for a customer just acquired; throws AppError on bad inputs. */
export function paretoNbdExpectedPurchasesNewCustomer(p: ParetoNbdParams, t: number): number {
  assertModelInputs('Pareto/NBD', p, t);
  return paretoNbdExpectedPurchasesIfAlive(p, t, 0, 0);
}

/** P(still active at T | x, tx, T) (Fader & Hardie's note, eq. 18). */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const logA0 = paretoNbdLogA0(p, x, tx, T);
  if (logA0 === Number.NEGATIVE_INFINITY) return 1;
  const logOdds = Math.log(p.s) - Math.log(p.r + p.s + x) + (p.r + x) * Math.log(p.alpha + T) + p.s * Math.log(p.beta + T) + logA0;
  return 1 / (1 + Math.exp(logOdds));
}

/** Expected purchases in (T, T + t] given the customer's calibration history. */
export function paretoNbdConditionalExpectedPurchases(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  return paretoNbdProbabilityAlive(p, x, tx, T) * paretoNbdExpectedPurchasesIfAlive(p, t, x, T);
}
