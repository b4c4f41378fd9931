/** Where webhook steps post: a marketing automation (or any) receiver, signed per the Standard Webhooks spec. */
export interface WebhookEndpoint {
  id: number;
  key: string;
  url: string;
  description: string | null;
  enabled: boolean;
  created_at: Date;
}

export const WEBHOOK_ENDPOINT_COLUMNS = 'id, key, url, description, enabled, created_at';
