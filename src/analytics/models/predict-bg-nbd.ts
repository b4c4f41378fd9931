import { AppError } from '../../errors/app-error.js';
import type { BgNbdParams } from './fit-bg-nbd.js';
import { assertModelInputs } from './model-fit-outcome.js';

/**
 * BG/NBD predictions (Fader, Hardie & Lee 2005), per customer (x, tx, T) in the fit's time unit.
 *
 * The expectations use eq. (10) of FHL with the Gaussian hypergeometric function rewritten by
 * Euler's transformation, 2F1(r+x, b+x; c; z) = (1-z)^(c-r-b-2x) 2F1(c-r-x, c-b-x; c; z) with
 * c = a+b+x-1, so every power and series stays bounded however large x is:
 *
 *   E[X(t) | x, tx, T] = F / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+tx))^(r+x))
 *   F = c/(a-1) * (1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; c; z)),  z = t/(alpha+T+t)
 *
 * F is evaluated as c*(-expm1((a-1) ln(1-z))/(a-1)) - (1-z)^(a-1) * c*S with
 * 2F1 = 1 + (a-1) S, which has the right limit at a = 1 and no 1/c singularity at c -> 0.
 */

/** Largest number of series terms before giving up (z would have to be within 1e-5 of 1). */
const MAX_TERMS = 2_000_000;

/** Scratch space reused across calls (JavaScript runs one call at a time). */
let scratchZ = new Float64Array(16);
let scratchU = new Float64Array(16);
let scratchS = new Float64Array(16);
const scalarOut = new Float64Array(1);

function ensureScratch(m: number): void {
  if (scratchZ.length >= m) return;
  scratchZ = new Float64Array(m);
  scratchU = new Float64Array(m);
  scratchS = new Float64Array(m);
}

/**
 * F for several horizons at once: the series coefficients do not depend on z, so one pass over
 * k serves every z (scoring needs the next-period horizon and each CLV period together).
 */
function purchaseFactors(p: BgNbdParams, x: number, z: Float64Array, count: number, out: Float64Array, u: Float64Array, cs: Float64Array): void {
  const eps = p.a - 1;
  const A = p.a + p.b - 1 - p.r;
  const c = p.a + p.b + x - 1;
  let zMax = 0;
  let jMax = 0;
  for (let j = 0; j < count; j++) {
    const zj = z[j]!;
    u[j] = A * zj;
    cs[j] = u[j]!;
    if (zj > zMax) {
      zMax = zj;
      jMax = j;
    }
  }
  // c*S = sum_{k>=1} u_k, u_1 = A z, u_{k+1} = u_k (A+k)(eps+k) z / ((c+k)(k+1)).
  // Terms shrink relative to the sum fastest for the smallest z, so the largest z decides when
  // every series has converged.
  let converged = zMax === 0;
  for (let k = 1; k < MAX_TERMS && !converged; k++) {
    const ratio = ((A + k) * (eps + k)) / ((c + k) * (k + 1));
    for (let j = 0; j < count; j++) {
      const uj = u[j]! * ratio * z[j]!;
      u[j] = uj;
      cs[j] = cs[j]! + uj;
    }
    converged = Math.abs(u[jMax]!) <= 1e-16 * Math.abs(cs[jMax]!) && Math.abs(ratio * zMax) < 1;
  }
  for (let j = 0; j < count; j++) {
    const zj = z[j]!;
    if (zj <= 0) {
      out[j] = 0;
      continue;
    }
    if (!converged) {
      out[j] = Number.NaN;
      continue;
    }
    const L = Math.log1p(-zj);
    const first = eps === 0 ? -L : -Math.expm1(eps * L) / eps;
    out[j] = c * first - Math.exp(eps * L) * cs[j]!;
  }
}

function purchaseFactor(p: BgNbdParams, x: number, z: number): number {
  scratchZ[0] = z;
  purchaseFactors(p, x, scratchZ, 1, scalarOut, scratchU, scratchS);
  return scalarOut[0]!;
}

/**
 * Expected purchases in (T, T + t_j] if still active at T, for every horizon in `t`, written
 * into `out` (the same as bgNbdExpectedPurchasesIfAlive per horizon, in one series pass).
 */
export function bgNbdExpectedPurchasesIfAliveMany(p: BgNbdParams, t: Float64Array, x: number, T: number, out: Float64Array): void {
  const m = t.length;
  ensureScratch(m);
  for (let j = 0; j < m; j++) scratchZ[j] = t[j]! / (p.alpha + T + t[j]!);
  purchaseFactors(p, x, scratchZ, m, out, scratchU, scratchS);
}

/**
 * Expected purchases in (0, t] for a customer just acquired (FHL eq. 9). Checks its inputs and
 * throws AppError rather than return a non-finite number.
 */
export function bgNbdExpectedPurchasesNewCustomer(p: BgNbdParams, t: number): number {
  assertModelInputs('BG/NBD', p, t);
  const value = purchaseFactor(p, 0, t / (p.alpha + t));
  if (!Number.isFinite(value)) {
    throw new AppError('validation_failed', `The BG/NBD expectation does not converge for t = ${t}: the horizon is too long for the fitted purchase rate`, [
      { path: '/t', message: 'horizon too long for this model' },
    ]);
  }
  return value;
}

/** Expected purchases in (T, T + t] for a customer still active at T with x repeat purchases. */
export function bgNbdExpectedPurchasesIfAlive(p: BgNbdParams, t: number, x: number, T: number): number {
  return purchaseFactor(p, x, t / (p.alpha + T + t));
}

/** Expected purchases in (T, T + t] given the customer's calibration history (FHL eq. 10). */
export function bgNbdConditionalExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return bgNbdExpectedPurchasesIfAlive(p, t, x, T) * bgNbdProbabilityAlive(p, x, tx, T);
}

/** P(still active at T | x, tx, T) (FHL eq. 13; 1 for customers without a repeat purchase). */
export function bgNbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}
