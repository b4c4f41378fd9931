import type { ApiClient } from './api-client';

export interface LeavingReason {
  reason: string;
  accounts: number;
  share: number;
  /** Revenue of these accounts in their last 12 months. */
  revenue_lost: number;
  median_tenure_days: number | null;
}

export interface LeavingReasons {
  as_of: string;
  months: number;
  event: string;
  by: string | null;
  leavers: number;
  reasons: LeavingReason[];
  groups: { group: string; leavers: number; reasons: { reason: string; accounts: number; share: number }[] }[];
}

export function fetchLeavingReasons(api: ApiClient, query: { months?: number; by?: string | null; as_of?: string }, signal?: AbortSignal): Promise<LeavingReasons> {
  return api.get<LeavingReasons>('/api/v1/analytics/leaving-reasons', { ...query }, signal);
}
