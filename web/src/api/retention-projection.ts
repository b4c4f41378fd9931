import type { ApiClient } from './api-client';

export type SurvivalPeriod = 'month' | 'year';

export interface ProjectionRow {
  /** Periods since acquisition (0 = acquired). */
  period: number;
  observed: boolean;
  at_risk: number | null;
  churned: number | null;
  /** Observed (Kaplan-Meier) survival; null past the followed periods. */
  actual: number | null;
  actual_retention_rate: number | null;
  /** The model's S(t). */
  projected: number;
  /** The model's S(t) / S(t-1); null at period 0. */
  retention_rate: number | null;
  /** Expected periods a customer who has stayed this long still stays, within the next `horizon` periods. */
  remaining_lifetime: number;
}

export interface RetentionProjection {
  source: 'orders' | 'traits';
  period: SurvivalPeriod;
  horizon: number;
  as_of: string;
  churn_after_days: number | null;
  accounts: number;
  churned: number;
  unobserved_accounts: number;
  skipped_accounts: number;
  older_cohort_accounts: number;
  cohorts: { cohort: string; accounts: number; followed: number; alive: number[] }[];
  fit: {
    alpha: number;
    beta: number;
    log_likelihood: number;
    converged: boolean;
    iterations: number;
    evaluations: number;
    periods: number;
    mean_absolute_gap: number;
  };
  mean_lifetime: number | null;
  median_lifetime: number | null;
  rows: ProjectionRow[];
}

/** Why the server could not fit the model (the `reason` of its 422 problem), with the numbers it gave. */
export interface ProjectionRefusal {
  reason: string;
  periods?: number;
  needed?: number;
  accounts?: number;
  churned?: number;
  unobserved?: number;
}

export function fetchRetentionProjection(api: ApiClient, query: { period: SurvivalPeriod; horizon: number }, signal?: AbortSignal): Promise<RetentionProjection> {
  return api.get<RetentionProjection>('/api/v1/analytics/retention/projection', { ...query }, signal);
}
