import { describe, expect, it } from 'vitest';
import { minimizeBfgs } from './minimize-bfgs.js';

// Rosenbrock's banana: minimum 0 at (1, 1), a curved valley that defeats naive descent.
const rosenbrock = (p: Float64Array, g: Float64Array): number => {
  const x = p[0]!;
  const y = p[1]!;
  g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
  g[1] = 200 * (y - x * x);
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

describe('minimizeBfgs', () => {
  it('finds the minimum of the Rosenbrock function from the classic start (-1.2, 1)', () => {
    const result = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
    expect(result.iterations).toBeGreaterThan(5);
    expect(result.iterations).toBeLessThan(100);
  });

  it('minimises a badly scaled quadratic exactly', () => {
    const scales = [1, 1e3, 1e-2, 50];
    const f = (p: Float64Array, g: Float64Array): number => {
      let v = 0;
      for (let i = 0; i < 4; i++) {
        const d = p[i]! - (i + 1);
        v += scales[i]! * d * d;
        g[i] = 2 * scales[i]! * d;
      }
      return v;
    };
    const result = minimizeBfgs(f, [0, 0, 0, 0], { gradientTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    Array.from(result.x).forEach((v, i) => expect(v).toBeCloseTo(i + 1, 6));
  });

  it('reports no convergence when the iteration cap is hit', () => {
    const result = minimizeBfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expect(result.message).toMatch(/no convergence after 3 iterations/);
  });

  it('reports a non-finite objective at the start instead of returning NaN as an answer', () => {
    const result = minimizeBfgs((_p, g) => {
      g.fill(0);
      return Number.NaN;
    }, [1, 1]);
    expect(result.converged).toBe(false);
    expect(result.message).toMatch(/not finite at the starting point/);
  });

  it('backs off from regions where the objective is not finite', () => {
    // log barrier: undefined for x <= 0, minimum at x = 1 (x - log x).
    const f = (p: Float64Array, g: Float64Array): number => {
      const x = p[0]!;
      g[0] = 1 - 1 / x;
      return x > 0 ? x - Math.log(x) : Number.NaN;
    };
    const result = minimizeBfgs(f, [8]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
  });
});
