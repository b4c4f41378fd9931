/**
 * Unconstrained minimisation by BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed.,
 * algorithm 6.1) with a strong-Wolfe line search (algorithms 3.5 and 3.6).
 *
 * Why hand-written: the npm candidates do not fit a maximum-likelihood fit that has to
 * report convergence honestly. `fmin` (0.0.4) has no quasi-Newton method, hard-codes an
 * absolute gradient tolerance of 1e-5 (scale-dependent: a log-likelihood over 1M customers
 * never gets there) and returns neither an iteration count nor a convergence flag;
 * `numeric` (uncmin) is an unmaintained 2012 global script without types;
 * `optimization-js` ships browserify/jsdoc as runtime dependencies; `ml-levenberg-marquardt`
 * solves least squares, not likelihoods. The models here have 2 to 4 parameters on a log
 * scale and analytic (or cheap numeric) gradients, where BFGS is the textbook choice.
 *
 * The objective writes its gradient into `grad` and returns the value. A non-finite value
 * is treated as "too far": the line search shrinks the step.
 */

export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  /** Stop when max |gradient| falls below this (default 1e-8). */
  gradientTolerance?: number;
  /** Iteration cap (default 500). */
  maxIterations?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why it stopped, in words a log or an error message can show. */
  message: string;
}

const C1 = 1e-4;
const C2 = 0.9;

interface Probe {
  x: Float64Array;
  g: Float64Array;
  f: number;
}

export function minimizeBfgs(objective: Objective, start: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const n = start.length;
  const gradientTolerance = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 500;
  let evaluations = 0;
  const evaluate = (p: Probe): number => {
    evaluations += 1;
    p.f = objective(p.x, p.g);
    if (!Number.isFinite(p.f)) p.f = Number.POSITIVE_INFINITY;
    else for (let i = 0; i < n; i++) if (!Number.isFinite(p.g[i])) p.f = Number.POSITIVE_INFINITY;
    return p.f;
  };

  let cur: Probe = { x: Float64Array.from(start), g: new Float64Array(n), f: 0 };
  let next: Probe = { x: new Float64Array(n), g: new Float64Array(n), f: 0 };
  const trial: Probe = { x: new Float64Array(n), g: new Float64Array(n), f: 0 };
  if (!Number.isFinite(evaluate(cur))) {
    return finish(cur, 0, false, 'the objective is not finite at the starting point');
  }

  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  const d = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let firstStep = true;
  let failures = 0;

  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(cur.g) < gradientTolerance) return finish(cur, iter, true, 'gradient below tolerance');

    // Search direction d = -H g; fall back to steepest descent if it is not a descent direction.
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc -= H[i * n + j]! * cur.g[j]!;
      d[i] = acc;
    }
    let slope = dot(d, cur.g);
    if (!(slope < 0)) {
      resetIdentity(H, n);
      for (let i = 0; i < n; i++) d[i] = -cur.g[i]!;
      slope = dot(d, cur.g);
      firstStep = true;
    }
    // Predicted decrease below rounding of the objective: nothing left to gain.
    if (-slope <= 1e-15 * Math.max(1, Math.abs(cur.f)) && maxAbs(cur.g) < Math.sqrt(gradientTolerance)) {
      return finish(cur, iter, true, 'predicted decrease below floating-point resolution');
    }
    // On the first step limit the move to about one unit in the (log-)parameters.
    const initialStep = firstStep ? Math.min(1, 1 / Math.max(maxAbs(d), 1e-300)) : 1;

    const found = wolfeLineSearch(cur, d, slope, initialStep, next, trial, evaluate, n);
    if (!found) {
      failures += 1;
      if (failures >= 2 || firstStep) {
        // No progress possible along any tried direction: accept if the gradient is small
        // relative to where we started, otherwise report the failure.
        const converged = maxAbs(cur.g) < Math.sqrt(gradientTolerance);
        return finish(cur, iter, converged, converged ? 'no further decrease possible (gradient small)' : 'line search failed: no decrease along the search direction');
      }
      resetIdentity(H, n);
      firstStep = true;
      continue;
    }
    failures = 0;

    for (let i = 0; i < n; i++) {
      s[i] = next.x[i]! - cur.x[i]!;
      y[i] = next.g[i]! - cur.g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (firstStep) {
        // Nocedal & Wright (6.20): scale the initial inverse Hessian.
        const scale = sy / dot(y, y);
        resetIdentity(H, n, scale);
        firstStep = false;
      }
      updateInverseHessian(H, s, y, sy, Hy, n);
    }
    const previousF = cur.f;
    const swap = cur;
    cur = next;
    next = swap;
    if (Math.abs(previousF - cur.f) <= 1e-15 * Math.max(1, Math.abs(cur.f)) && maxAbs(cur.g) < Math.sqrt(gradientTolerance)) {
      return finish(cur, iter + 1, true, 'objective stopped changing');
    }
  }
  const converged = maxAbs(cur.g) < gradientTolerance;
  return finish(cur, maxIterations, converged, converged ? 'gradient below tolerance' : `no convergence after ${maxIterations} iterations`);

  function finish(p: Probe, iterations: number, converged: boolean, message: string): MinimizeResult {
    return { x: Float64Array.from(p.x), value: p.f, gradient: Float64Array.from(p.g), iterations, evaluations, converged, message };
  }
}

/** Strong-Wolfe line search; on success `out` holds the accepted point. */
function wolfeLineSearch(
  cur: Probe,
  d: Float64Array,
  slope0: number,
  step0: number,
  out: Probe,
  trial: Probe,
  evaluate: (p: Probe) => number,
  n: number,
): boolean {
  const f0 = cur.f;
  let prevStep = 0;
  let prevF = f0;
  let prevSlope = slope0;
  let step = step0;
  for (let k = 0; k < 40; k++) {
    moveTo(trial, cur.x, d, step, n);
    const f = evaluate(trial);
    if (!Number.isFinite(f)) {
      step = prevStep + (step - prevStep) * 0.1;
      if (step - prevStep < 1e-20) return false;
      continue;
    }
    const slope = dot(trial.g, d);
    if (f > f0 + C1 * step * slope0 || (k > 0 && f >= prevF)) {
      return zoom(prevStep, prevF, prevSlope, step, f, slope);
    }
    if (Math.abs(slope) <= -C2 * slope0) {
      copyProbe(out, trial);
      return true;
    }
    if (slope >= 0) return zoom(step, f, slope, prevStep, prevF, prevSlope);
    prevStep = step;
    prevF = f;
    prevSlope = slope;
    step *= 2;
  }
  return false;

  function zoom(lo: number, fLo: number, gLo: number, hi: number, fHi: number, gHi: number): boolean {
    for (let k = 0; k < 60; k++) {
      let step = cubicMinimizer(lo, fLo, gLo, hi, fHi, gHi);
      const width = Math.abs(hi - lo);
      const low = Math.min(lo, hi) + 0.1 * width;
      const high = Math.max(lo, hi) - 0.1 * width;
      if (!Number.isFinite(step) || step < low || step > high) step = (lo + hi) / 2;
      moveTo(trial, cur.x, d, step, n);
      const f = evaluate(trial);
      const slope = Number.isFinite(f) ? dot(trial.g, d) : Number.NaN;
      if (!Number.isFinite(f) || f > f0 + C1 * step * slope0 || f >= fLo) {
        hi = step;
        fHi = Number.isFinite(f) ? f : Number.POSITIVE_INFINITY;
        gHi = slope;
      } else {
        if (Math.abs(slope) <= -C2 * slope0) {
          copyProbe(out, trial);
          return true;
        }
        if (slope * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          gHi = gLo;
        }
        lo = step;
        fLo = f;
        gLo = slope;
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // Interval collapsed: accept the best point found if it decreased the objective.
    if (lo > 0 && fLo < f0) {
      moveTo(trial, cur.x, d, lo, n);
      evaluate(trial);
      copyProbe(out, trial);
      return Number.isFinite(trial.f) && trial.f < f0;
    }
    return false;
  }
}

/** Minimiser of the cubic through (a, fa, ga) and (b, fb, gb) (Nocedal & Wright 3.59). */
function cubicMinimizer(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  if (!Number.isFinite(fb) || !Number.isFinite(gb)) return Number.NaN;
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (disc < 0) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
}

function updateInverseHessian(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, Hy: Float64Array, n: number): void {
  // H+ = H + ((sy + y'Hy) / sy^2) s s' - (Hy s' + s y'H) / sy
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += H[i * n + j]! * y[j]!;
    Hy[i] = acc;
  }
  const yHy = dot(y, Hy);
  const a = (sy + yHy) / (sy * sy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] = H[i * n + j]! + a * s[i]! * s[j]! - (Hy[i]! * s[j]! + s[i]! * Hy[j]!) / sy;
    }
  }
}

function resetIdentity(H: Float64Array, n: number, scale = 1): void {
  H.fill(0);
  for (let i = 0; i < n; i++) H[i * n + i] = scale;
}

function moveTo(p: Probe, x: Float64Array, d: Float64Array, step: number, n: number): void {
  for (let i = 0; i < n; i++) p.x[i] = x[i]! + step * d[i]!;
}

function copyProbe(to: Probe, from: Probe): void {
  to.x.set(from.x);
  to.g.set(from.g);
  to.f = from.f;
}

function dot(a: Float64Array, b: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += a[i]! * b[i]!;
  return acc;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
