import { AppError } from '../../errors/app-error.js';
import type { ShiftedBetaGeometricParams } from './fit-shifted-beta-geometric.js';

export interface RetentionProjection {
  /** S(t) for t = 0..periods (S(0) = 1). */
  survival: Float64Array;
  /** Retention rate r(t) = S(t)/S(t-1) = (beta+t-1)/(alpha+beta+t-1), at index t (index 0 unused, 1). */
  retention: Float64Array;
  /** P(churn at the end of period t) at index t (index 0 is 0). */
  churnProbability: Float64Array;
}

/** Survival and retention curves of a fitted shifted-beta-geometric model (Fader & Hardie 2007). */
export function projectShiftedBetaGeometric(params: ShiftedBetaGeometricParams, periods: number): RetentionProjection {
  const { alpha, beta } = params;
  if (!(Number.isFinite(alpha) && alpha > 0 && Number.isFinite(beta) && beta > 0)) {
    throw new AppError('validation_failed', 'Shifted-beta-geometric parameters must be positive', [{ path: '/params', message: `alpha=${alpha}, beta=${beta}` }]);
  }
  if (!Number.isInteger(periods) || periods < 0 || periods > 100_000) {
    throw new AppError('validation_failed', 'periods must be a whole number from 0 to 100000', [{ path: '/periods', message: `got ${periods}` }]);
  }
  const survival = new Float64Array(periods + 1);
  const retention = new Float64Array(periods + 1);
  const churnProbability = new Float64Array(periods + 1);
  survival[0] = 1;
  retention[0] = 1;
  for (let t = 1; t <= periods; t++) {
    const r = (beta + t - 1) / (alpha + beta + t - 1);
    retention[t] = r;
    survival[t] = survival[t - 1]! * r;
    churnProbability[t] = survival[t - 1]! * (1 - r);
  }
  return { survival, retention, churnProbability };
}
