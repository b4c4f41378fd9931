import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { minimizeBfgs } from './minimize-bfgs.js';
import { describeDegenerate, type FitOutcome } from './model-fit-outcome.js';

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999):
 * each transaction's value ~ Gamma(p, nu), nu ~ Gamma(q, gamma) across customers. Fitted on
 * customers with at least one repeat purchase, from x and the mean repeat spend zbar.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendColumns {
  /** Repeat purchases in calibration. */
  x: ArrayLike<number>;
  /** Mean value of those repeat purchases (0 when x = 0). */
  zbar: ArrayLike<number>;
}

export interface FitGammaGammaOptions {
  /** Fewest customers with a repeat purchase of positive value (default 20). */
  minCustomers?: number;
  maxIterations?: number;
}

export type GammaGammaFit = FitOutcome<GammaGammaParams> & { excludedZeroSpend?: number };

export function fitGammaGamma(data: SpendColumns, options: FitGammaGammaOptions = {}): GammaGammaFit {
  const n = validateSpend(data);
  // Keep customers with x > 0 and zbar > 0 (a zero mean has zero density under the model).
  let used = 0;
  let zeroSpend = 0;
  for (let i = 0; i < n; i++) {
    if (data.x[i]! > 0) {
      if (data.zbar[i]! > 0) used += 1;
      else zeroSpend += 1;
    }
  }
  const minCustomers = options.minCustomers ?? 20;
  if (used < minCustomers) {
    return {
      ok: false,
      reason: 'insufficient_data',
      message: `Gamma-Gamma needs at least ${minCustomers} customers with a repeat purchase of positive value; found ${used}`,
      iterations: 0,
      lastLogLikelihood: null,
    };
  }
  const x = new Float64Array(used);
  const lnM = new Float64Array(used);
  const m = new Float64Array(used);
  let k = 0;
  let sumM = 0;
  for (let i = 0; i < n; i++) {
    const xi = data.x[i]!;
    const zi = data.zbar[i]!;
    if (xi > 0 && zi > 0) {
      x[k] = xi;
      m[k] = zi;
      lnM[k] = Math.log(zi);
      sumM += zi;
      k += 1;
    }
  }
  const xValues = Float64Array.from(new Set(x)).sort();
  const groupOf = new Map<number, number>();
  xValues.forEach((v, g) => groupOf.set(v, g));
  const group = Int32Array.from(x, (v) => groupOf.get(v)!);
  const lnX = Float64Array.from(xValues, Math.log);
  const G = xValues.length;
  const cst = new Float64Array(G);
  const dP = new Float64Array(G);
  const dQ = new Float64Array(G);

  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const p = Math.exp(theta[0]!);
    const q = Math.exp(theta[1]!);
    const v = Math.exp(theta[2]!);
    const lgq = gammaln(q);
    const dgq = digamma(q);
    for (let g = 0; g < G; g++) {
      const px = p * xValues[g]!;
      cst[g] = gammaln(px + q) - gammaln(px) - lgq + px * lnX[g]!;
      const dpq = digamma(px + q);
      dP[g] = xValues[g]! * (dpq - digamma(px) + lnX[g]!);
      dQ[g] = dpq - dgq;
    }
    const lnV = Math.log(v);
    let ll = 0;
    let gp = 0;
    let gq = 0;
    let gv = 0;
    for (let i = 0; i < used; i++) {
      const g = group[i]!;
      const xi = x[i]!;
      const px = p * xi;
      const s = xi * m[i]! + v;
      const lnS = Math.log(s);
      ll += cst[g]! + q * lnV + (px - 1) * lnM[i]! - (px + q) * lnS;
      gp += dP[g]! + xi * (lnM[i]! - lnS);
      gq += dQ[g]! + lnV - lnS;
      gv += q / v - (px + q) / s;
    }
    grad[0] = (-p * gp) / used;
    grad[1] = (-q * gq) / used;
    grad[2] = (-v * gv) / used;
    return -ll / used;
  };
  // Start where the population mean spend p*gamma/(q-1) equals the sample mean.
  const start = [0, Math.log(2), Math.log(sumM / used)];
  const result = minimizeBfgs(objective, start, { maxIterations: options.maxIterations ?? 500, gradientTolerance: 1e-9 });
  const values = Array.from(result.x, Math.exp);
  const ll = -result.value * used;
  const lastLogLikelihood = Number.isFinite(ll) ? ll : null;
  if (!result.converged) {
    return {
      ok: false,
      reason: 'not_converged',
      message: `Gamma-Gamma fit did not converge after ${result.iterations} iterations: ${result.message}`,
      iterations: result.iterations,
      lastLogLikelihood,
    };
  }
  const degenerate = describeDegenerate(['p', 'q', 'gamma'], values);
  if (degenerate || values[1]! <= 1) {
    return {
      ok: false,
      reason: 'degenerate',
      message: degenerate
        ? `Gamma-Gamma likelihood has no interior maximum for these data (${degenerate})`
        : `Gamma-Gamma estimate q = ${values[1]!.toPrecision(3)} <= 1 makes the mean spend infinite: the spend data are too heavy-tailed for this model`,
      iterations: result.iterations,
      lastLogLikelihood,
    };
  }
  return {
    ok: true,
    params: { p: values[0]!, q: values[1]!, gamma: values[2]! },
    logLikelihood: ll,
    converged: true,
    iterations: result.iterations,
    evaluations: result.evaluations,
    observations: used,
    distinctRows: used,
    message: result.message,
    excludedZeroSpend: zeroSpend,
  };
}

/**
 * E[mean transaction value | x, zbar] (FHL 2005 "RFM and CLV", eq. 5): a weighted average of
 * the population mean p*gamma/(q-1) and the customer's own zbar. Requires q > 1 (fits with
 * q <= 1 are reported as degenerate).
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  const populationMean = (p * gamma) / (q - 1);
  if (x === 0) return populationMean;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * zbar;
}

function validateSpend(data: SpendColumns): number {
  const n = data.x.length;
  if (data.zbar.length !== n) {
    throw new AppError('validation_failed', 'The spend columns x and zbar must have the same length', [
      { path: '/summary', message: `x has ${n} rows, zbar ${data.zbar.length}` },
    ]);
  }
  const issues: FieldIssue[] = [];
  for (let i = 0; i < n && issues.length < 20; i++) {
    const x = data.x[i]!;
    const z = data.zbar[i]!;
    if (!Number.isFinite(x) || x < 0 || !Number.isInteger(x)) issues.push({ path: `/summary/${i}/x`, message: `must be a whole number >= 0 (got ${x})` });
    if (!Number.isFinite(z) || z < 0) issues.push({ path: `/summary/${i}/zbar`, message: `must be a finite amount >= 0 (got ${z})` });
  }
  if (issues.length > 0) throw new AppError('validation_failed', `The spend summary has invalid values (${issues.length} problems)`, issues);
  return n;
}
