import type { ApiClient } from './api-client';
import type { Page } from './page';

export interface TimelineEvent {
  id: number;
  message_id: string;
  type: string;
  name: string;
  contact_id: number | null;
  account_id: number | null;
  user_id: string | null;
  anonymous_id: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown> | null;
  occurred_at: string;
  received_at: string;
  source: string;
}

/** The account's own events and its contacts' events, merged, newest first. */
export function listAccountTimeline(api: ApiClient, accountId: string, cursor: string | null, signal?: AbortSignal): Promise<Page<TimelineEvent>> {
  return api.get<Page<TimelineEvent>>(`/api/v1/accounts/${encodeURIComponent(accountId)}/timeline`, { cursor, limit: 25 }, signal);
}
