import { describe, expect, it } from 'vitest';
import type { ProjectionRow } from '../api/retention-projection';
import { layoutProjection } from './projection-chart-layout';

const box = { width: 200, height: 120, margin: { left: 0, right: 0, top: 20, bottom: 0 } };

function row(period: number, projected: number, actual: number | null): ProjectionRow {
  return {
    period,
    observed: actual !== null,
    at_risk: actual === null ? null : 100,
    churned: actual === null ? null : 10,
    actual,
    actual_retention_rate: null,
    projected,
    retention_rate: period === 0 ? null : 0.9,
    remaining_lifetime: 3,
  };
}

describe('projection chart layout', () => {
  it('draws the observed points and the model line across all periods, marking where the data end', () => {
    const layout = layoutProjection([row(0, 1, 1), row(1, 0.8, 0.75), row(2, 0.6, null), row(3, 0.5, null), row(4, 0.4, null)], box);
    expect(layout.maxPeriod).toBe(4);
    // x: 50 px a period; y: 100 px for 0-100 % below a 20 px margin.
    expect(layout.actual).toBe('M0.0,20.0 L50.0,45.0');
    expect(layout.actualPoints.map((p) => p.period)).toEqual([0, 1]);
    expect(layout.projected).toBe('M0.0,20.0 L50.0,40.0 L100.0,60.0 L150.0,70.0 L200.0,80.0');
    expect(layout.observedEnd).toBe(50);
    expect(layout.xTicks.map((t) => t.period)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps whole-period ticks and clamps values outside 0-100 %', () => {
    const rows = Array.from({ length: 49 }, (_, t) => row(t, t === 3 ? Number.NaN : 1 - t / 48, t <= 12 ? 1.2 : null));
    const layout = layoutProjection(rows, box);
    expect(layout.xTicks.map((t) => t.period)).toEqual([0, 10, 20, 30, 40]);
    expect(layout.actualPoints.every((p) => p.y === 20)).toBe(true);
    expect(layout.projected).not.toContain('NaN');
  });
});
