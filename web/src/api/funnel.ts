import type { ApiClient } from './api-client';
import type { LocalizedText } from './lifecycle';

export type FunnelPeriod = 'month' | 'quarter';

export interface FunnelStepFigures {
  key: string;
  /** Accounts that reached this step or a later one. */
  reached: number;
  /** reached / reached of the previous step; null for the first. */
  conversion: number | null;
  conversion_from_start: number | null;
  median_days_to_next: number | null;
}

export interface FunnelRow {
  period: string | null;
  group: string;
  entered: number;
  steps: FunnelStepFigures[];
}

export interface AidaFunnel {
  from: string;
  to: string;
  by: string | null;
  period: string | null;
  steps: { key: string; name: LocalizedText }[];
  rows: FunnelRow[];
}

export interface FlowLink {
  /** null: first placement. */
  from: string | null;
  to: string;
  count: number;
}

export interface LifecycleFlows {
  subject: string;
  from: string;
  to: string;
  period: string | null;
  stages: { key: string; name: LocalizedText; kind: string }[];
  links: FlowLink[];
  periods: { period: string; links: FlowLink[] }[];
  time_to_stage: { stage: string; subjects: number; median_days: number | null }[];
}

export interface FunnelQuery {
  from?: string;
  to?: string;
  period?: FunnelPeriod | null;
  by?: string | null;
}

export function fetchAidaFunnel(api: ApiClient, query: FunnelQuery, signal?: AbortSignal): Promise<AidaFunnel> {
  return api.get<AidaFunnel>('/api/v1/analytics/funnel', { ...query }, signal);
}

export function fetchLifecycleFlows(api: ApiClient, query: { period?: FunnelPeriod | null; from?: string; to?: string }, signal?: AbortSignal): Promise<LifecycleFlows> {
  return api.get<LifecycleFlows>('/api/v1/analytics/lifecycle-flows', { subject: 'account', ...query }, signal);
}
