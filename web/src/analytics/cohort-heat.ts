import type { Cohort } from '../api/analytics';

export type CohortMeasure = 'logo' | 'revenue';

export interface HeatCell {
  /** Months since acquisition (0 = the acquisition month). */
  month: number;
  /** null: the month has not come yet, or the cohort had no first-month revenue. */
  value: number | null;
  /** 0-1 strength of the colour (revenue above 100 % is capped). */
  shade: number;
}

export interface HeatRow {
  cohort: string;
  accounts: number;
  cells: HeatCell[];
}

/**
 * The cohort matrix as rows of equal width: one column per month since acquisition up to the
 * longest cohort, cells past a cohort's last month are empty.
 */
export function cohortHeatRows(cohorts: readonly Cohort[], measure: CohortMeasure): { months: number; rows: HeatRow[] } {
  const series = (cohort: Cohort): (number | null)[] => (measure === 'logo' ? cohort.logo_retention : cohort.revenue_retention);
  const months = Math.max(0, ...cohorts.map((cohort) => series(cohort).length));
  const rows = cohorts.map((cohort) => {
    const values = series(cohort);
    const cells: HeatCell[] = [];
    for (let month = 0; month < months; month += 1) {
      const raw = values[month];
      const value = raw === undefined || raw === null || !Number.isFinite(raw) ? null : raw;
      cells.push({ month, value, shade: value === null ? 0 : Math.min(1, Math.max(0, value)) });
    }
    return { cohort: cohort.cohort, accounts: cohort.accounts, cells };
  });
  return { months, rows };
}
