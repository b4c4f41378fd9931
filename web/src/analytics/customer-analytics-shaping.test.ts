import { describe, expect, it } from 'vitest';
import type { CohortRetention } from '../api/analytics';
import { cohortKeyNumbers, trendOf, type KeyNumber } from './key-numbers';
import { layoutSankey } from './sankey-layout';

const period = (churn_rate: number | null, active: number, added: number, churned: number) => ({
  start: '',
  end: '',
  active_at_start: active,
  new_accounts: added,
  churned,
  churn_rate,
  revenue: 0,
  base_revenue: 0,
  retained_revenue: 0,
  retained_revenue_capped: 0,
  net_revenue_retention: null,
  gross_revenue_retention: null,
});

describe('key numbers', () => {
  it('take the newest cohort window as the value and the one before as the trend, oldest first in the series', () => {
    const report = { periods: [period(0.1, 100, 20, 10), period(0.2, 90, 30, 18), period(null, 0, 90, 0)] } as unknown as CohortRetention;
    const [customers, churn, nrr] = cohortKeyNumbers(report);
    expect(customers).toMatchObject({ value: 110, previous: 102, series: [90, 102, 110] });
    expect(churn).toMatchObject({ value: 0.1, previous: 0.2, series: [null, 0.2, 0.1] });
    expect(nrr!.value).toBeNull();
    expect(trendOf(nrr!)).toBeNull();
  });

  it('call a fall in churn good news and a fall in customers bad news; rates change in points, counts also relatively', () => {
    const n = (kind: KeyNumber['kind'], value: number, previous: number, higherIsBetter: boolean): KeyNumber => ({ key: 'customers', value, previous, kind, higherIsBetter, series: [] });
    expect(trendOf(n('rate', 0.1, 0.2, false))).toMatchObject({ direction: 'down', good: true, relative: null });
    expect(trendOf(n('count', 90, 100, true))).toMatchObject({ direction: 'down', delta: -10, relative: -0.1, good: false });
    expect(trendOf(n('rate', 0.5, 0.5002, true))).toMatchObject({ direction: 'flat', good: null });
  });
});

describe('the lifecycle Sankey', () => {
  it('draws the moves forward in stage order as bands and keeps the moves back apart (a Sankey has no cycles)', () => {
    const links = [
      { from: null, to: 'a', count: 5 },
      { from: 'a', to: 'b', count: 3 },
      { from: 'b', to: 'c', count: 2 },
      { from: 'c', to: 'a', count: 1 },
      { from: 'b', to: 'b', count: 4 },
    ];
    const picture = layoutSankey(['a', 'b', 'c'], links, 600, 300);
    expect(picture.bands.map((b) => `${b.from}>${b.to}`).sort()).toEqual(['a>b', 'b>c', 'null>a']);
    expect(picture.backward.map((b) => `${b.from}>${b.to}`)).toEqual(['c>a', 'b>b']);
    const x = new Map(picture.nodes.map((node) => [node.key, node.x0]));
    expect(x.get(null)!).toBeLessThan(x.get('a')!);
    expect(x.get('a')!).toBeLessThan(x.get('b')!);
    expect(x.get('b')!).toBeLessThan(x.get('c')!);
    // Band width follows the count: 5 accounts make the widest band.
    const widths = new Map(picture.bands.map((b) => [`${b.from}>${b.to}`, b.width]));
    expect(widths.get('null>a')!).toBeGreaterThan(widths.get('a>b')!);
    expect(widths.get('a>b')!).toBeGreaterThan(widths.get('b>c')!);
    expect(layoutSankey(['a'], [{ from: 'a', to: 'a', count: 2 }], 600, 300).bands).toEqual([]);
  });
});
