import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { compressRfmRows, type CompressedRfm } from './compress-rfm-rows.js';
import { minimizeBfgs } from './minimize-bfgs.js';
import { checkRepeatCustomers, outcomeOfLogParameterFit, type FitOutcome } from './model-fit-outcome.js';
import { validateRfmColumns, type RfmColumns } from './validate-rfm-columns.js';

/** BG/NBD (Fader, Hardie & Lee 2005): purchase rate ~ Gamma(r, alpha), dropout p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface FitBgNbdOptions {
  /** Fewest customers with at least one repeat purchase (default 20). */
  minRepeatCustomers?: number;
  maxIterations?: number;
}

/**
 * Log-likelihood of FHL (2005) eq. (6), summed over the weighted distinct rows, with its
 * gradient with respect to log(r, alpha, a, b) written into `grad` when given.
 */
export function bgNbdLogLikelihood(params: BgNbdParams, rows: CompressedRfm, grad?: Float64Array): number {
  const { r, alpha, a, b } = params;
  const groups = rows.xValues.length;
  const c = new Float64Array(groups);
  const dr = new Float64Array(groups);
  const da = new Float64Array(groups);
  const db = new Float64Array(groups);
  const lnA4 = new Float64Array(groups);
  const lgr = gammaln(r);
  const lgb = gammaln(b);
  const lgab = gammaln(a + b);
  const dgr = digamma(r);
  const dgb = digamma(b);
  const dgab = digamma(a + b);
  const lnAlpha = Math.log(alpha);
  for (let g = 0; g < groups; g++) {
    const x = rows.xValues[g]!;
    if (x === 0) continue; // every x-dependent term is 0 at x = 0
    c[g] = gammaln(r + x) - lgr + gammaln(b + x) - lgb + lgab - gammaln(a + b + x);
    const dgabx = digamma(a + b + x);
    dr[g] = digamma(r + x) - dgr;
    da[g] = dgab - dgabx;
    db[g] = dgab + digamma(b + x) - dgb - dgabx;
    lnA4[g] = Math.log(a) - Math.log(b + x - 1);
  }
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  const n = rows.x.length;
  for (let i = 0; i < n; i++) {
    const w = rows.weight[i]!;
    const x = rows.x[i]!;
    const g = rows.xGroup[i]!;
    const rx = r + x;
    const aT = alpha + rows.T[i]!;
    const lT = Math.log(aT);
    const A3 = -rx * lT;
    if (x > 0) {
      const atx = alpha + rows.tx[i]!;
      const ltx = Math.log(atx);
      const A4 = lnA4[g]! - rx * ltx;
      const m = A3 > A4 ? A3 : A4;
      const e3 = Math.exp(A3 - m);
      const e4 = Math.exp(A4 - m);
      const s = e3 + e4;
      ll += w * (c[g]! + m + Math.log(s));
      const w3 = e3 / s;
      const w4 = e4 / s;
      gr += w * (dr[g]! - w3 * lT - w4 * ltx);
      gAlpha += w * -rx * (w3 / aT + w4 / atx);
      ga += w * (da[g]! + w4 / a);
      gb += w * (db[g]! - w4 / (b + x - 1));
    } else {
      ll += w * A3;
      gr -= w * lT;
      gAlpha -= w * (rx / aT);
    }
  }
  const total = rows.customers;
  ll += total * r * lnAlpha;
  if (grad) {
    grad[0] = r * (gr + total * lnAlpha);
    grad[1] = alpha * (gAlpha + (total * r) / alpha);
    grad[2] = a * ga;
    grad[3] = b * gb;
  }
  return ll;
}

/** Maximum-likelihood BG/NBD fit. Throws AppError on invalid input; typed failure otherwise. */
export function fitBgNbd(data: RfmColumns, options: FitBgNbdOptions = {}): FitOutcome<BgNbdParams> {
  validateRfmColumns(data);
  const rows = compressRfmRows(data);
  return fitBgNbdRows(rows, options);
}

/** The same fit on rows already compressed (lets scoring reuse the compression). */
export function fitBgNbdRows(rows: CompressedRfm, options: FitBgNbdOptions = {}): FitOutcome<BgNbdParams> {
  const check = checkRepeatCustomers('BG/NBD', rows, options.minRepeatCustomers ?? 20);
  if (!check.ok) return check.failure;
  const { sumX, sumT } = check.summary;
  const total = rows.customers;
  const grad = new Float64Array(4);
  const objective = (p: Float64Array, g: Float64Array): number => {
    const params = { r: Math.exp(p[0]!), alpha: Math.exp(p[1]!), a: Math.exp(p[2]!), b: Math.exp(p[3]!) };
    const ll = bgNbdLogLikelihood(params, rows, grad);
    for (let k = 0; k < 4; k++) g[k] = -grad[k]! / total;
    return -ll / total;
  };
  // Start at r = a = b = 1 with alpha matching the mean purchase rate (unit-independent).
  const start = [0, Math.log(Math.max(sumT, 1e-9) / Math.max(sumX, 1e-9)), 0, 0];
  const result = minimizeBfgs(objective, start, { maxIterations: options.maxIterations ?? 500, gradientTolerance: 1e-9 });
  return outcomeOfLogParameterFit<BgNbdParams>('BG/NBD', ['r', 'alpha', 'a', 'b'], result, total, rows.x.length);
}
