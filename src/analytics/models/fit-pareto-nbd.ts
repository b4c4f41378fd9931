import { compressRfmRows, type CompressedRfm } from './compress-rfm-rows.js';
import { minimizeBfgs } from './minimize-bfgs.js';
import { checkRepeatCustomers, outcomeOfLogParameterFit, type FitOutcome } from './model-fit-outcome.js';
import { paretoNbdLogLikelihood, type ParetoNbdParams } from './pareto-nbd-likelihood.js';
import { validateRfmColumns, type RfmColumns } from './validate-rfm-columns.js';

export interface FitParetoNbdOptions {
  /** Fewest customers with at least one repeat purchase (default 20). */
  minRepeatCustomers?: number;
  maxIterations?: number;
}

/** Step for central differences on the log-parameters: truncation ~1e-10, rounding ~1e-11. */
const H = 1e-5;

/**
 * Maximum-likelihood Pareto/NBD fit over log(r, alpha, s, beta). The gradient is taken by
 * central differences: the analytic derivatives of the hypergeometric terms with respect to
 * their parameters have no closed form worth the risk, and 9 likelihood evaluations per step
 * over the compressed rows cost milliseconds at CDNOW size.
 */
export function fitParetoNbd(data: RfmColumns, options: FitParetoNbdOptions = {}): FitOutcome<ParetoNbdParams> {
  validateRfmColumns(data);
  return fitParetoNbdRows(compressRfmRows(data), options);
}

export function fitParetoNbdRows(rows: CompressedRfm, options: FitParetoNbdOptions = {}): FitOutcome<ParetoNbdParams> {
  const check = checkRepeatCustomers('Pareto/NBD', rows, options.minRepeatCustomers ?? 20);
  if (!check.ok) return check.failure;
  const { sumX, sumT } = check.summary;
  const total = rows.customers;
  const mean = (p: ArrayLike<number>): number =>
    paretoNbdLogLikelihood({ r: Math.exp(p[0]!), alpha: Math.exp(p[1]!), s: Math.exp(p[2]!), beta: Math.exp(p[3]!) }, rows) / total;
  const probe = new Float64Array(4);
  const objective = (p: Float64Array, g: Float64Array): number => {
    const f = -mean(p);
    if (!Number.isFinite(f)) return Number.POSITIVE_INFINITY;
    for (let k = 0; k < 4; k++) {
      probe.set(p);
      probe[k] = p[k]! + H;
      const up = mean(probe);
      probe[k] = p[k]! - H;
      const down = mean(probe);
      g[k] = -(up - down) / (2 * H);
    }
    return f;
  };
  const scale = Math.log(Math.max(sumT, 1e-9) / Math.max(sumX, 1e-9));
  const start = [0, scale, 0, scale];
  const result = minimizeBfgs(objective, start, { maxIterations: options.maxIterations ?? 500, gradientTolerance: 1e-7 });
  return outcomeOfLogParameterFit<ParetoNbdParams>('Pareto/NBD', ['r', 'alpha', 's', 'beta'], result, total, rows.x.length);
}
