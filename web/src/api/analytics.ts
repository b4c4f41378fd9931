import type { ApiClient } from './api-client';

export type ClvModelKind = 'bg-nbd' | 'pareto-nbd';
export type TimeUnit = 'day' | 'week' | 'month';
export const TIME_UNITS: readonly TimeUnit[] = ['day', 'week', 'month'];

export interface ClvModel {
  id: number;
  kind: ClvModelKind;
  segment_key: string | null;
  calibration_end: string;
  time_unit: TimeUnit;
  /** BG/NBD: r, alpha, a, b; Pareto/NBD: r, alpha, s, beta. */
  params: { transaction: Record<string, number>; spend: { p: number; q: number; gamma: number } };
  log_likelihood: number;
  converged: boolean;
  iterations: number;
  customers: number;
  repeat_customers: number;
  diagnostics: {
    transaction: { log_likelihood: number; iterations: number; evaluations: number; distinct_rows: number; message: string };
    spend: { log_likelihood: number; iterations: number; customers: number; excluded_zero_spend: number; message: string };
    later_customers: number;
    first_order_day: string;
    last_order_day: string;
  };
  data_orders: number;
  data_updated_at: string | null;
  fitted_at: string;
  scored_at: string | null;
  scoring: {
    as_of: string;
    horizon: number;
    clv_periods: number;
    clv_period_length: number;
    discount_rate: number;
    margin: number;
    accounts: number;
  } | null;
}

export interface ClvFitRequest {
  calibration_end?: string;
  unit?: TimeUnit;
  horizon?: number;
  discount_rate?: number;
}

export interface ClvFitResult {
  model: ClvModel;
  scoring: {
    model_id: number;
    totals: { expected_purchases: number; expected_spend_mean: number; clv: number };
    removed: number;
    changed: number;
    scored_at: string;
  } | null;
  elapsed_ms: number;
  timings: { read_ms: number; fit_ms: number; score_ms: number };
}

export interface ClvDecile {
  /** 1 = the tenth with the highest CLV. */
  decile: number;
  accounts: number;
  total: number;
  mean: number;
  min: number;
  max: number;
  share: number;
}

export interface ClvTopAccount {
  id: number;
  name: string;
  external_id: string | null;
  clv: number;
  p_active: number | null;
  expected_purchases: number | null;
  expected_spend: number | null;
}

export interface ClvReport {
  model: ClvModel;
  stale: boolean;
  stale_reasons: string[];
  current_data: { orders: number; updated_at: string | null };
  distribution: {
    accounts: number;
    total: number;
    mean: number;
    min: number;
    max: number;
    quantiles: { p: number; value: number }[];
    deciles: ClvDecile[];
  } | null;
  top_accounts: ClvTopAccount[];
}

export interface RfmSegmentCount {
  segment: string;
  name: string;
  accounts: number;
  share: number;
  avg_recency_days: number | null;
  avg_frequency: number | null;
  avg_monetary: number | null;
}

export interface RfmSegments {
  computed_at: string | null;
  as_of: string | null;
  accounts: number;
  segments: RfmSegmentCount[];
}

export interface RfmResult {
  as_of: string;
  computed_at: string;
  accounts: number;
  segments: RfmSegmentCount[];
  removed: number;
  changed: number;
  elapsed_ms: number;
}

export interface RetentionPoint {
  days: number;
  at_risk: number;
  churned: number;
  censored: number;
  retention: number;
  lower: number;
  upper: number;
}

export interface RetentionCurve {
  group: string;
  accounts: number;
  churned: number;
  median_days: number | null;
  median_lower: number | null;
  median_upper: number | null;
  milestones: { days: number; retention: number }[];
  points: RetentionPoint[];
}

export interface RetentionCurves {
  by: string | null;
  churn_after_days: number;
  as_of: string;
  confidence: number;
  accounts: number;
  curves: RetentionCurve[];
  log_rank: {
    statistic: number;
    degrees_of_freedom: number;
    p_value: number;
    groups: { group: string; accounts: number; observed: number; expected: number }[];
  } | null;
}

export interface Cohort {
  /** YYYY-MM of the first order. */
  cohort: string;
  accounts: number;
  /** Index 0 = the acquisition month. */
  active: number[];
  revenue: number[];
  logo_retention: number[];
  revenue_retention: (number | null)[];
}

export interface CohortRetention {
  as_of: string;
  churn_after_days: number;
  period_months: number;
  cohorts: Cohort[];
  periods: {
    start: string;
    end: string;
    active_at_start: number;
    new_accounts: number;
    churned: number;
    churn_rate: number | null;
    revenue: number;
    base_revenue: number;
    retained_revenue: number;
    retained_revenue_capped: number;
    net_revenue_retention: number | null;
    gross_revenue_retention: number | null;
  }[];
}

export interface AccountMetric {
  metric: string;
  value: number | null;
  computed_at: string;
  /** What computed it: a CLV model's id, rfm, ... */
  model: string | null;
}

export type RfmSegmentKey =
  | 'champions'
  | 'loyal'
  | 'potential_loyalists'
  | 'new_customers'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'at_risk'
  | 'cant_lose_them'
  | 'hibernating';

export interface AccountMetrics {
  account_id: number;
  metrics: AccountMetric[];
  /** The server's RFM segment of the stored R and F scores; null before RFM is computed. */
  rfm_segment: RfmSegmentKey | null;
}

export function fetchClvReport(api: ApiClient, signal?: AbortSignal): Promise<ClvReport> {
  return api.get<ClvReport>('/api/v1/analytics/clv', { top: 10 }, signal);
}

export function fitClvModel(api: ApiClient, body: ClvFitRequest): Promise<ClvFitResult> {
  return api.request<ClvFitResult>('POST', '/api/v1/analytics/clv/fit', { json: body });
}

export function fetchRfmSegments(api: ApiClient, signal?: AbortSignal): Promise<RfmSegments> {
  return api.get<RfmSegments>('/api/v1/analytics/rfm', undefined, signal);
}

export function computeRfm(api: ApiClient): Promise<RfmResult> {
  return api.request<RfmResult>('POST', '/api/v1/analytics/rfm', { json: {} });
}

export function fetchRetentionCurves(api: ApiClient, by: string | null, signal?: AbortSignal): Promise<RetentionCurves> {
  return api.get<RetentionCurves>('/api/v1/analytics/retention', { by }, signal);
}

export function fetchCohortRetention(api: ApiClient, signal?: AbortSignal): Promise<CohortRetention> {
  return api.get<CohortRetention>('/api/v1/analytics/cohorts', undefined, signal);
}

export function fetchAccountMetrics(api: ApiClient, id: string | number, signal?: AbortSignal): Promise<AccountMetrics> {
  return api.get<AccountMetrics>(`/api/v1/accounts/${encodeURIComponent(String(id))}/metrics`, undefined, signal);
}
