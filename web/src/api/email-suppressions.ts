import type { ApiClient } from './api-client';
import type { Page } from './page';

export const SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** An address no care email goes to. */
export interface EmailSuppression {
  address: string;
  reason: SuppressionReason;
  detail: string | null;
  created_at: string;
}

const PATH = '/api/v1/programmes/suppressions';

export function listSuppressions(api: ApiClient, query: { reason?: SuppressionReason | ''; cursor: string | null }, signal?: AbortSignal): Promise<Page<EmailSuppression>> {
  return api.get<Page<EmailSuppression>>(PATH, { ...query, limit: 50 }, signal);
}

/** Suppresses an address by hand (reason 'manual'); one already suppressed keeps its first reason. */
export function addSuppression(api: ApiClient, input: { address: string; detail?: string }): Promise<EmailSuppression> {
  return api.request<EmailSuppression>('POST', PATH, { json: input });
}

export function removeSuppression(api: ApiClient, address: string): Promise<void> {
  return api.request<void>('DELETE', `${PATH}/${encodeURIComponent(address)}`);
}
