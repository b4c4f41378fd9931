import { AppError, type FieldIssue } from '../../errors/app-error.js';

/**
 * What a model fit returns: the estimate with its diagnostics, or a typed failure whose
 * message says what is missing. A failure never carries numbers posing as an estimate.
 */
export interface FitDiagnostics {
  /** Maximised log-likelihood (summed over customers / observations). */
  logLikelihood: number;
  converged: true;
  iterations: number;
  evaluations: number;
  /** Customers (or observations) the fit used. */
  observations: number;
  /** Distinct rows the likelihood was evaluated over after compression. */
  distinctRows: number;
  /** The optimiser's stopping reason. */
  message: string;
}

export type FitFailureReason =
  /** Too little data to identify the model (e.g. fewer than 20 repeat customers). */
  | 'insufficient_data'
  /** The optimiser stopped before reaching a maximum. */
  | 'not_converged'
  /** The maximum lies on the edge of the parameter space (a parameter runs to 0 or infinity). */
  | 'degenerate';

export interface FitFailure {
  ok: false;
  reason: FitFailureReason;
  message: string;
  iterations: number;
  /** Log-likelihood at the last point, when it was finite. */
  lastLogLikelihood: number | null;
}

export type FitOutcome<P> = ({ ok: true; params: P } & FitDiagnostics) | FitFailure;

/** Parameters beyond these bounds mean the likelihood keeps rising towards an edge. */
export const PARAMETER_FLOOR = 1e-6;
export const PARAMETER_CEILING = 1e6;

export function describeDegenerate(names: readonly string[], values: ArrayLike<number>): string | null {
  const bad: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || v < PARAMETER_FLOOR || v > PARAMETER_CEILING) bad.push(`${names[i]} = ${v.toPrecision(3)}`);
  }
  return bad.length === 0 ? null : bad.join(', ');
}

/** Throws AppError unless every parameter is positive and finite and the horizon t >= 0 is finite. */
export function assertModelInputs(model: string, params: object, t: number): void {
  const issues: FieldIssue[] = [];
  for (const [name, v] of Object.entries(params)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) issues.push({ path: `/params/${name}`, message: `must be a positive finite number (got ${String(v)})` });
  }
  if (!Number.isFinite(t) || t < 0) issues.push({ path: '/t', message: `must be a finite time >= 0 (got ${t})` });
  if (issues.length > 0) throw new AppError('validation_failed', `Invalid ${model} parameters or horizon`, issues);
}

/**
 * Turns an optimiser result over log-parameters (the objective being the mean negative
 * log-likelihood over `observations`) into a FitOutcome: not converged and degenerate fits
 * become typed failures, a good fit the named parameters with its diagnostics.
 */
export function outcomeOfLogParameterFit<P>(
  model: string,
  names: readonly (keyof P & string)[],
  result: { x: Float64Array; value: number; iterations: number; evaluations: number; converged: boolean; message: string },
  observations: number,
  distinctRows: number,
): FitOutcome<P> {
  const values = Array.from(result.x, Math.exp);
  const ll = -result.value * observations;
  const lastLogLikelihood = Number.isFinite(ll) ? ll : null;
  if (!result.converged) {
    return {
      ok: false,
      reason: 'not_converged',
      message: `${model} fit did not converge after ${result.iterations} iterations: ${result.message}`,
      iterations: result.iterations,
      lastLogLikelihood,
    };
  }
  const degenerate = describeDegenerate(names, values);
  if (degenerate) {
    return {
      ok: false,
      reason: 'degenerate',
      message: `${model} likelihood has no interior maximum for these data (${degenerate}): too little variation in purchasing or dropout to estimate the model`,
      iterations: result.iterations,
      lastLogLikelihood,
    };
  }
  const params = Object.fromEntries(names.map((n, i) => [n, values[i]!])) as P;
  return {
    ok: true,
    params,
    logLikelihood: ll,
    converged: true,
    iterations: result.iterations,
    evaluations: result.evaluations,
    observations,
    distinctRows,
    message: result.message,
  };
}

export interface RepeatSummary {
  /** Weighted sums over the compressed rows, for starting values. */
  sumX: number;
  sumT: number;
}

/**
 * The data check every repeat-purchase model starts with: enough customers with a repeat
 * purchase, or a typed insufficient_data failure; otherwise the sums the start values need.
 */
export function checkRepeatCustomers(
  model: string,
  rows: { x: ArrayLike<number>; T: ArrayLike<number>; weight: ArrayLike<number>; customers: number },
  minRepeat: number,
): { ok: true; summary: RepeatSummary } | { ok: false; failure: FitFailure } {
  let repeaters = 0;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const w = rows.weight[i]!;
    if (rows.x[i]! > 0) repeaters += w;
    sumX += w * rows.x[i]!;
    sumT += w * rows.T[i]!;
  }
  if (repeaters < minRepeat) {
    return {
      ok: false,
      failure: {
        ok: false,
        reason: 'insufficient_data',
        message: `${model} needs at least ${minRepeat} customers with a repeat purchase in the calibration period; found ${repeaters} of ${rows.customers}`,
        iterations: 0,
        lastLogLikelihood: null,
      },
    };
  }
  return { ok: true, summary: { sumX, sumT } };
}
