import gammainc from '@stdlib/math-base-special-gammainc';
import { AppError } from '../../errors/app-error.js';
import { validateSurvival, type SurvivalInput } from './estimate-kaplan-meier.js';

/**
 * Log-rank (Mantel-Cox) test that k groups share one survival curve: at each event time the
 * observed events per group are compared with those expected if the hazard were common, and
 * (O - E)' V^-1 (O - E) over k-1 groups is chi-square with k-1 degrees of freedom.
 */
export interface LogRankGroup {
  group: string | number;
  observations: number;
  observed: number;
  expected: number;
}

export interface LogRankResult {
  groups: LogRankGroup[];
  statistic: number;
  degreesOfFreedom: number;
  /** Upper tail of the chi-square distribution (can underflow to 0 for huge statistics). */
  pValue: number;
}

export function compareSurvivalLogRank(input: SurvivalInput & { group: ArrayLike<string | number> }): LogRankResult {
  const n = validateSurvival(input);
  if (input.group.length !== n) {
    throw new AppError('validation_failed', 'group must have one value per observation', [{ path: '/survival/group', message: `got ${input.group.length} for ${n} observations` }]);
  }
  const labels: (string | number)[] = [];
  const indexOf = new Map<string | number, number>();
  const groupOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = input.group[i]!;
    let k = indexOf.get(g);
    if (k === undefined) {
      k = labels.length;
      indexOf.set(g, k);
      labels.push(g);
    }
    groupOf[i] = k;
  }
  const k = labels.length;
  if (k < 2) throw new AppError('validation_failed', 'The log-rank test needs at least two groups', [{ path: '/survival/group', message: `found ${k}` }]);

  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => input.time[a]! - input.time[b]!);
  const atRisk = new Float64Array(k);
  const size = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    atRisk[groupOf[i]!]! += 1;
    size[groupOf[i]!]! += 1;
  }
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const V = new Float64Array(k * k);
  const d = new Float64Array(k);
  const leaving = new Float64Array(k);
  let at = 0;
  let N = n;
  while (at < n) {
    const t = input.time[order[at]!]!;
    d.fill(0);
    leaving.fill(0);
    let D = 0;
    let left = 0;
    while (at < n && input.time[order[at]!] === t) {
      const i = order[at]!;
      const g = groupOf[i]!;
      leaving[g]! += 1;
      left += 1;
      if (input.event[i]) {
        d[g]! += 1;
        D += 1;
      }
      at += 1;
    }
    if (D > 0) {
      const factor = N > 1 ? (D * (N - D)) / (N - 1) : 0;
      for (let g = 0; g < k; g++) {
        observed[g]! += d[g]!;
        expected[g]! += (atRisk[g]! * D) / N;
        const pg = atRisk[g]! / N;
        for (let h = 0; h < k; h++) {
          const ph = atRisk[h]! / N;
          V[g * k + h]! += factor * pg * ((g === h ? 1 : 0) - ph);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= leaving[g]!;
    N -= left;
  }
  const statistic = quadraticForm(observed, expected, V, k);
  if (!Number.isFinite(statistic)) {
    throw new AppError('validation_failed', 'The groups cannot be compared: a group has no events or no one at risk at any event time', [
      { path: '/survival/group', message: 'the variance matrix of the log-rank statistic is singular' },
    ]);
  }
  const df = k - 1;
  return {
    groups: labels.map((group, g) => ({ group, observations: size[g]!, observed: observed[g]!, expected: expected[g]! })),
    statistic,
    degreesOfFreedom: df,
    pValue: gammainc(statistic / 2, df / 2, true, true),
  };
}

/** (O-E)' V^-1 (O-E) over the first k-1 groups, by Gaussian elimination with partial pivoting. */
function quadraticForm(o: Float64Array, e: Float64Array, V: Float64Array, k: number): number {
  const m = k - 1;
  const A = new Float64Array(m * m);
  const u = new Float64Array(m);
  let scale = 0;
  for (let i = 0; i < m; i++) {
    u[i] = o[i]! - e[i]!;
    for (let j = 0; j < m; j++) {
      A[i * m + j] = V[i * k + j]!;
      scale = Math.max(scale, Math.abs(V[i * k + j]!));
    }
  }
  const y = Float64Array.from(u);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r * m + c]!) > Math.abs(A[p * m + c]!)) p = r;
    if (!(Math.abs(A[p * m + c]!) > 1e-12 * scale)) return Number.NaN;
    if (p !== c) {
      for (let j = 0; j < m; j++) {
        const tmp = A[c * m + j]!;
        A[c * m + j] = A[p * m + j]!;
        A[p * m + j] = tmp;
      }
      const tmp = y[c]!;
      y[c] = y[p]!;
      y[p] = tmp;
    }
    for (let r = c + 1; r < m; r++) {
      const f = A[r * m + c]! / A[c * m + c]!;
      for (let j = c; j < m; j++) A[r * m + j]! -= f * A[c * m + j]!;
      y[r]! -= f * y[c]!;
    }
  }
  const sol = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let acc = y[r]!;
    for (let j = r + 1; j < m; j++) acc -= A[r * m + j]! * sol[j]!;
    sol[r] = acc / A[r * m + r]!;
  }
  let q = 0;
  for (let i = 0; i < m; i++) q += u[i]! * sol[i]!;
  return q;
}
