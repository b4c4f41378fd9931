import type { ApiClient } from './api-client';

export interface WebhookEndpoint {
  id: number;
  key: string;
  url: string;
  description: string | null;
  enabled: boolean;
  created_at: string;
}

export function listWebhookEndpoints(api: ApiClient, signal?: AbortSignal): Promise<{ data: WebhookEndpoint[] }> {
  return api.get<{ data: WebhookEndpoint[] }>('/api/v1/programmes/webhook-endpoints', undefined, signal);
}
