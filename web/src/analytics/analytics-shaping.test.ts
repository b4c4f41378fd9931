import { describe, expect, it } from 'vitest';
import type { Cohort, RetentionCurve } from '../api/analytics';
import { accountAnalytics } from './account-analytics';
import { cohortHeatRows } from './cohort-heat';
import { layoutRetention, tickStep } from './retention-chart-layout';

const box = { width: 200, height: 120, margin: { left: 0, right: 0, top: 20, bottom: 0 } };

function curve(group: string, points: [number, number, number, number][]): RetentionCurve {
  return {
    group,
    accounts: 10,
    churned: 2,
    median_days: null,
    median_lower: null,
    median_upper: null,
    milestones: [],
    points: points.map(([days, retention, lower, upper]) => ({ days, at_risk: 10, churned: 1, censored: 0, retention, lower, upper })),
  };
}

describe('retention chart layout', () => {
  it('draws the curve as steps from 100 % on day 0, held to the longest curve', () => {
    const layout = layoutRetention([curve('a', [[50, 0.5, 0.3, 0.7]]), curve('b', [[100, 0.8, 0.6, 0.9]])], box);
    expect(layout.maxDays).toBe(100);
    // x: 2 px a day; y: 100 px for 0-100 % below a 20 px margin.
    expect(layout.curves[0]?.line).toBe('M0.0,20.0 L100.0,20.0 L100.0,70.0 L200.0,70.0');
    expect(layout.curves[1]?.line).toBe('M0.0,20.0 L200.0,20.0 L200.0,40.0');
    // The band goes out along the upper bound and back along the lower one.
    expect(layout.curves[0]?.band).toBe('M0.0,20.0 L100.0,20.0 L100.0,50.0 L200.0,50.0 L200.0,90.0 L100.0,90.0 L100.0,20.0 L0.0,20.0 Z');
    expect(layout.yTicks.map((tick) => tick.y)).toEqual([120, 95, 70, 45, 20]);
  });

  it('clamps bounds outside 0-1 and sorts the points', () => {
    const layout = layoutRetention([curve('a', [[20, 0.5, -0.1, 1.2], [10, 0.9, 0.8, 1]])], box);
    expect(layout.curves[0]?.line).toBe('M0.0,20.0 L100.0,20.0 L100.0,30.0 L200.0,30.0 L200.0,70.0');
    expect(layout.curves[0]?.band).toContain('L200.0,120.0');
  });

  it('picks tidy tick steps', () => {
    expect(tickStep(1000, 6)).toBe(200);
    expect(tickStep(90, 6)).toBe(20);
    expect(tickStep(0, 6)).toBe(1);
  });
});

describe('cohort heat rows', () => {
  const cohorts: Cohort[] = [
    { cohort: '2026-01', accounts: 4, active: [4, 2, 1], revenue: [100, 150, 10], logo_retention: [1, 0.5, 0.25], revenue_retention: [1, 1.5, 0.1] },
    { cohort: '2026-02', accounts: 2, active: [2, 1], revenue: [0, 5], logo_retention: [1, 0.5], revenue_retention: [null, null] },
  ];

  it('gives every row as many columns as the longest cohort', () => {
    const { months, rows } = cohortHeatRows(cohorts, 'logo');
    expect(months).toBe(3);
    expect(rows[1]?.cells.map((cell) => cell.value)).toEqual([1, 0.5, null]);
    expect(rows[0]?.cells.map((cell) => cell.shade)).toEqual([1, 0.5, 0.25]);
  });

  it('caps the revenue shade at 100 % and leaves missing revenue empty', () => {
    const { rows } = cohortHeatRows(cohorts, 'revenue');
    expect(rows[0]?.cells.map((cell) => [cell.value, cell.shade])).toEqual([[1, 1], [1.5, 1], [0.1, 0.1]]);
    expect(rows[1]?.cells.map((cell) => cell.value)).toEqual([null, null, null]);
  });
});

describe('account analytics', () => {
  const at = '2026-10-01T00:00:00.000Z';
  const metric = (name: string, value: number | null, model: string | null = null) => ({ metric: name, value, computed_at: at, model });

  it('reads CLV metrics and RFM scores with their segment', () => {
    const shown = accountAnalytics({ account_id: 1, rfm_segment: 'champions', metrics: [
      metric('clv', 120.5, '7'),
      metric('p_active', 0.8, '7'),
      metric('expected_purchases', Number.NaN, '7'),
      metric('rfm_r', 5, 'rfm'),
      metric('rfm_f', 4, 'rfm'),
      metric('rfm_m', 2, 'rfm'),
      metric('rfm_score', 542, 'rfm'),
    ] });
    expect(shown.clv?.value).toBe(120.5);
    expect(shown.clvModel).toBe('7');
    expect(shown.pActive?.value).toBe(0.8);
    expect(shown.expectedPurchases).toBeNull();
    expect(shown.rfm).toEqual({ r: 5, f: 4, m: 2, score: 542, segment: 'champions', computedAt: at });
  });

  it('has no RFM without all three scores and the server\'s segment', () => {
    expect(accountAnalytics({ account_id: 1, rfm_segment: 'champions', metrics: [metric('rfm_r', 5), metric('rfm_f', 4)] }).rfm).toBeNull();
    expect(accountAnalytics({ account_id: 1, rfm_segment: null, metrics: [metric('rfm_r', 5), metric('rfm_f', 4), metric('rfm_m', 1)] }).rfm).toBeNull();
    expect(accountAnalytics({ account_id: 1, rfm_segment: null, metrics: [] }).clv).toBeNull();
  });
});
