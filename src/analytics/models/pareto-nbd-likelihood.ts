import gammaln from '@stdlib/math-base-special-gammaln';
import type { CompressedRfm } from './compress-rfm-rows.js';

/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987) individual log-likelihood in the
 * numerically stable form of Fader & Hardie, "A Note on Deriving the Pareto/NBD Model and
 * Related Expressions" (2005, eqs. 19-22), as the lifetimes library implements it:
 *
 *   L = Gamma(r+x) alpha^r beta^s / Gamma(r) * [ 1/((alpha+T)^(r+x) (beta+T)^s) + s/(r+s+x) A0 ]
 *   A0 = 2F1(r+s+x, m; r+s+x+1; |alpha-beta|/(max+tx)) / (max+tx)^(r+s+x)
 *      - 2F1(r+s+x, m; r+s+x+1; |alpha-beta|/(max+T))  / (max+T)^(r+s+x)
 *
 * with max = max(alpha, beta) and m = r+x when alpha < beta, else s+1, so that the argument of
 * the hypergeometric function lies in [0, 1) where its Gauss series converges.
 */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

const MAX_TERMS = 200_000;
const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);

/** ln 2F1(a, b; a+1; z) for a, b > 0 and 0 <= z < 1, by the Gauss series kept in scaled form. */
export function logHyp2f1ShiftedC(a: number, b: number, z: number): number {
  if (z === 0) return 0;
  // 2F1(a, b; a+1; z) = sum_k a/(a+k) * (b)_k/k! z^k
  let v = 1;
  let sum = 1;
  let offset = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    const ratio = ((b + k) * z) / (k + 1);
    v *= ratio;
    const term = (v * a) / (a + k + 1);
    sum += term;
    if (sum > RESCALE) {
      sum /= RESCALE;
      v /= RESCALE;
      offset += LOG_RESCALE;
    }
    if (term <= 1e-17 * sum && ratio < 1) return offset + Math.log(sum);
  }
  return Number.NaN;
}

/** ln A0 of the note (can be -Infinity when tx = T). */
export function paretoNbdLogA0(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const alphaSmaller = alpha < beta;
  const max = alphaSmaller ? beta : alpha;
  const diff = Math.abs(alpha - beta);
  const m = alphaSmaller ? r + x : s + 1;
  const rsx = r + s + x;
  const l1 = logHyp2f1ShiftedC(rsx, m, diff / (max + tx)) - rsx * Math.log(max + tx);
  const l2 = logHyp2f1ShiftedC(rsx, m, diff / (max + T)) - rsx * Math.log(max + T);
  if (!(l2 < l1)) return Number.NEGATIVE_INFINITY;
  return l1 + Math.log(-Math.expm1(l2 - l1));
}

/** Log-likelihood of one customer's (x, tx, T). */
export function paretoNbdCustomerLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta);
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const died = Math.log(s) + paretoNbdLogA0(p, x, tx, T) - Math.log(r + s + x);
  const m = Math.max(alive, died);
  return a1 + m + Math.log(Math.exp(alive - m) + Math.exp(died - m));
}

/** Summed log-likelihood over weighted distinct rows. */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, rows: CompressedRfm): number {
  const { r, alpha, s, beta } = p;
  const groups = rows.xValues.length;
  const lg = new Float64Array(groups);
  const lgr = gammaln(r);
  for (let g = 0; g < groups; g++) lg[g] = gammaln(r + rows.xValues[g]!) - lgr;
  const lnS = Math.log(s);
  let ll = rows.customers * (r * Math.log(alpha) + s * Math.log(beta));
  for (let i = 0; i < rows.x.length; i++) {
    const x = rows.x[i]!;
    const T = rows.T[i]!;
    const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const died = lnS + paretoNbdLogA0(p, x, rows.tx[i]!, T) - Math.log(r + s + x);
    const m = Math.max(alive, died);
    ll += rows.weight[i]! * (lg[rows.xGroup[i]!]! + m + Math.log(Math.exp(alive - m) + Math.exp(died - m)));
  }
  return ll;
}
