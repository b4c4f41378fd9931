import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { AppError, type FieldIssue } from '../../errors/app-error.js';

/**
 * Kaplan-Meier product-limit estimate of the survival (retention) curve with Greenwood
 * confidence bands on the log(-log) scale, the default of R's survival package and lifelines:
 *
 *   S(t) = prod_{t_j <= t} (1 - d_j / n_j)
 *   se[log(-log S(t))] = sqrt( sum_{t_j <= t} d_j / (n_j (n_j - d_j)) ) / |log S(t)|
 *   band = S(t)^exp(+-z se)
 *
 * Ties: at a time with both events and censorings the events come first (the censored are
 * still at risk at that time), the usual convention.
 */
export interface SurvivalInput {
  /** Time to event or censoring, >= 0. */
  time: ArrayLike<number>;
  /** 1/true = the event (churn) happened at `time`; 0/false = still active (censored). */
  event: ArrayLike<number | boolean>;
}

export interface KaplanMeierOptions {
  /** Confidence level of the bands (default 0.95). */
  confidence?: number;
}

export interface KaplanMeierCurve {
  /** Distinct observed times (events or censorings), ascending. */
  time: Float64Array;
  atRisk: Float64Array;
  events: Float64Array;
  censored: Float64Array;
  /** S(t) just after each time. */
  survival: Float64Array;
  /** Greenwood standard error of S(t). */
  standardError: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  confidence: number;
  observations: number;
  totalEvents: number;
  /** Smallest time with S(t) <= 0.5, or null when the curve stays above one half. */
  median: number | null;
  /** Median read off the lower and upper bands (null when that band stays above one half). */
  medianLower: number | null;
  medianUpper: number | null;
}

export function estimateKaplanMeier(input: SurvivalInput, options: KaplanMeierOptions = {}): KaplanMeierCurve {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new AppError('validation_failed', 'The confidence level must be between 0 and 1', [{ path: '/confidence', message: `got ${confidence}` }]);
  }
  const n = validateSurvival(input);
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const all = Float64Array.from(input.time).sort();
  let eventCount = 0;
  for (let i = 0; i < n; i++) if (input.event[i]) eventCount += 1;
  const eventTimes = new Float64Array(eventCount);
  for (let i = 0, k = 0; i < n; i++) if (input.event[i]) eventTimes[k++] = input.time[i]!;
  eventTimes.sort();

  // Walk the distinct times of the sorted arrays together.
  const time: number[] = [];
  const atRisk: number[] = [];
  const events: number[] = [];
  const censored: number[] = [];
  let i = 0;
  let e = 0;
  while (i < n) {
    const t = all[i]!;
    let total = 0;
    while (i < n && all[i] === t) {
      total += 1;
      i += 1;
    }
    let d = 0;
    while (e < eventCount && eventTimes[e] === t) {
      d += 1;
      e += 1;
    }
    time.push(t);
    atRisk.push(n - (i - total));
    events.push(d);
    censored.push(total - d);
  }
  const m = time.length;
  const survival = new Float64Array(m);
  const standardError = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  let s = 1;
  let greenwood = 0;
  for (let j = 0; j < m; j++) {
    const nj = atRisk[j]!;
    const dj = events[j]!;
    if (dj > 0) {
      s *= 1 - dj / nj;
      greenwood = nj > dj ? greenwood + dj / (nj * (nj - dj)) : Number.POSITIVE_INFINITY;
    }
    survival[j] = s;
    if (s === 0) {
      // Everyone left at risk had the event: the estimate is exactly 0, the band degenerate.
      standardError[j] = 0;
      lower[j] = 0;
      upper[j] = 0;
    } else if (greenwood === 0) {
      standardError[j] = 0;
      lower[j] = 1;
      upper[j] = 1;
    } else {
      standardError[j] = s * Math.sqrt(greenwood);
      const logS = Math.log(s);
      const se = Math.sqrt(greenwood) / Math.abs(logS);
      lower[j] = s ** Math.exp(z * se);
      upper[j] = s ** Math.exp(-z * se);
    }
  }
  return {
    time: Float64Array.from(time),
    atRisk: Float64Array.from(atRisk),
    events: Float64Array.from(events),
    censored: Float64Array.from(censored),
    survival,
    standardError,
    lower,
    upper,
    confidence,
    observations: n,
    totalEvents: eventCount,
    median: firstAtOrBelowHalf(time, survival),
    medianLower: firstAtOrBelowHalf(time, lower),
    medianUpper: firstAtOrBelowHalf(time, upper),
  };
}

/** S(t) of a fitted curve at any time t (a right-continuous step function; 1 before the first time). */
export function survivalAt(curve: KaplanMeierCurve, t: number): number {
  let lo = 0;
  let hi = curve.time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (curve.time[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 1 : curve.survival[lo - 1]!;
}

function firstAtOrBelowHalf(time: ArrayLike<number>, curve: Float64Array): number | null {
  for (let j = 0; j < curve.length; j++) if (curve[j]! <= 0.5) return time[j]!;
  return null;
}

export function validateSurvival(input: SurvivalInput, path = '/survival'): number {
  const n = input.time.length;
  if (input.event.length !== n) {
    throw new AppError('validation_failed', 'time and event must have the same length', [{ path, message: `time has ${n} rows, event ${input.event.length}` }]);
  }
  if (n === 0) throw new AppError('validation_failed', 'There are no observations', [{ path, message: 'no rows' }]);
  const issues: FieldIssue[] = [];
  for (let i = 0; i < n && issues.length < 20; i++) {
    const t = input.time[i]!;
    if (!Number.isFinite(t) || t < 0) issues.push({ path: `${path}/${i}/time`, message: `must be a finite time >= 0 (got ${t})` });
    const ev = input.event[i];
    if (!(ev === true || ev === false || ev === 0 || ev === 1)) issues.push({ path: `${path}/${i}/event`, message: `must be 0/1 or true/false (got ${String(ev)})` });
  }
  if (issues.length > 0) throw new AppError('validation_failed', `Invalid survival data (${issues.length} problems)`, issues);
  return n;
}
