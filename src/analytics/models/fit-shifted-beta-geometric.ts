import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { minimizeBfgs } from './minimize-bfgs.js';
import { describeDegenerate, type FitOutcome } from './model-fit-outcome.js';

/**
 * Shifted-beta-geometric model of contractual retention (Fader & Hardie 2007, "How to Project
 * Customer Retention"): each customer churns at the end of a period with probability theta,
 * theta ~ Beta(alpha, beta) across customers.
 *
 *   P(T = t) = B(alpha+1, beta+t-1) / B(alpha, beta),  S(t) = B(alpha, beta+t) / B(alpha, beta)
 *
 * computed by the recursions P(1) = alpha/(alpha+beta), P(t) = P(t-1) (beta+t-2)/(alpha+beta+t-1),
 * S(t) = S(t-1) (beta+t-1)/(alpha+beta+t-1).
 */
export interface ShiftedBetaGeometricParams {
  alpha: number;
  beta: number;
}

export interface FitShiftedBetaGeometricOptions {
  maxIterations?: number;
}

/**
 * Fits from cohorts' counts of customers still active at the start (index 0) and at the end of
 * each period (index t). Cohorts may have different lengths (later cohorts are observed for
 * fewer periods); the last count of each is right-censored.
 */
export function fitShiftedBetaGeometric(
  cohorts: readonly (readonly number[])[],
  options: FitShiftedBetaGeometricOptions = {},
): FitOutcome<ShiftedBetaGeometricParams> {
  validateCohorts(cohorts);
  let churned = 0;
  let customers = 0;
  let maxLength = 0;
  for (const c of cohorts) {
    churned += c[0]! - c[c.length - 1]!;
    customers += c[0]!;
    maxLength = Math.max(maxLength, c.length - 1);
  }
  if (churned === 0 || churned === customers) {
    return {
      ok: false,
      reason: 'insufficient_data',
      message:
        churned === 0
          ? 'No customer has churned in the observed periods: the churn rate cannot be estimated yet'
          : 'Every customer churned: the data say nothing about how long the survivors stay',
      iterations: 0,
      lastLogLikelihood: null,
    };
  }
  // Churn counts per period (d[t] for t = 1..maxLength) and censored counts at each length.
  const died = new Float64Array(maxLength + 1);
  const censored = new Float64Array(maxLength + 1);
  for (const c of cohorts) {
    for (let t = 1; t < c.length; t++) died[t]! += c[t - 1]! - c[t]!;
    censored[c.length - 1]! += c[c.length - 1]!;
  }
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const a = Math.exp(theta[0]!);
    const b = Math.exp(theta[1]!);
    let ll = 0;
    let ga = 0;
    let gb = 0;
    // Running ln P(t), ln S(t) and their derivatives.
    let lnP = Math.log(a) - Math.log(a + b);
    let dPa = 1 / a - 1 / (a + b);
    let dPb = -1 / (a + b);
    let lnS = 0;
    let dSa = 0;
    let dSb = 0;
    for (let t = 1; t <= maxLength; t++) {
      if (t >= 2) {
        lnP += Math.log(b + t - 2) - Math.log(a + b + t - 1);
        dPa -= 1 / (a + b + t - 1);
        dPb += 1 / (b + t - 2) - 1 / (a + b + t - 1);
      }
      lnS += Math.log(b + t - 1) - Math.log(a + b + t - 1);
      dSa -= 1 / (a + b + t - 1);
      dSb += 1 / (b + t - 1) - 1 / (a + b + t - 1);
      const d = died[t]!;
      const c = censored[t]!;
      ll += d * lnP + c * lnS;
      ga += d * dPa + c * dSa;
      gb += d * dPb + c * dSb;
    }
    grad[0] = (-a * ga) / customers;
    grad[1] = (-b * gb) / customers;
    return -ll / customers;
  };
  const result = minimizeBfgs(objective, [0, 0], { maxIterations: options.maxIterations ?? 500, gradientTolerance: 1e-10 });
  const values = Array.from(result.x, Math.exp);
  const ll = -result.value * customers;
  const lastLogLikelihood = Number.isFinite(ll) ? ll : null;
  if (!result.converged) {
    return {
      ok: false,
      reason: 'not_converged',
      message: `Shifted-beta-geometric fit did not converge after ${result.iterations} iterations: ${result.message}`,
      iterations: result.iterations,
      lastLogLikelihood,
    };
  }
  const degenerate = describeDegenerate(['alpha', 'beta'], values);
  if (degenerate) {
    return {
      ok: false,
      reason: 'degenerate',
      message: `Shifted-beta-geometric likelihood has no interior maximum (${degenerate}): churn looks the same for every customer, so the heterogeneity cannot be estimated`,
      iterations: result.iterations,
      lastLogLikelihood,
    };
  }
  return {
    ok: true,
    params: { alpha: values[0]!, beta: values[1]! },
    logLikelihood: ll,
    converged: true,
    iterations: result.iterations,
    evaluations: result.evaluations,
    observations: customers,
    distinctRows: maxLength,
    message: result.message,
  };
}

function validateCohorts(cohorts: readonly (readonly number[])[]): void {
  const issues: FieldIssue[] = [];
  if (cohorts.length === 0) issues.push({ path: '/cohorts', message: 'needs at least one cohort' });
  cohorts.forEach((c, k) => {
    if (c.length < 2) issues.push({ path: `/cohorts/${k}`, message: 'needs the starting count and at least one period' });
    c.forEach((v, t) => {
      if (!Number.isInteger(v) || v < 0) issues.push({ path: `/cohorts/${k}/${t}`, message: `must be a whole number >= 0 (got ${v})` });
      else if (t > 0 && v > c[t - 1]!) issues.push({ path: `/cohorts/${k}/${t}`, message: `customers alive cannot grow (${v} > ${c[t - 1]})` });
    });
    if (c.length > 0 && !(c[0]! > 0)) issues.push({ path: `/cohorts/${k}/0`, message: 'the cohort must start with at least one customer' });
  });
  if (issues.length > 0) throw new AppError('validation_failed', `Invalid cohort survival counts (${issues.length} problems)`, issues.slice(0, 20));
}
