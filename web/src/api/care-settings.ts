import type { ApiClient } from './api-client';
import type { MessagePurpose } from './care-element';

/** At most `max` messages of a purpose on a channel in any window of `per_days` days. */
export interface FrequencyCap {
  channel: 'email';
  purpose: MessagePurpose;
  max: number;
  per_days: number;
}

/** A workspace's care settings (the server's src/programmes/model/care-settings.ts). */
export interface CareSettings {
  sender_name: string;
  sender_address: string;
  reply_to: string | null;
  default_locale: 'fi' | 'en';
  default_timezone: string;
  /** Quiet hours, 'HH:MM' in the contact's time zone (else the default one). */
  quiet_start: string;
  quiet_end: string;
  frequency_caps: FrequencyCap[];
  allow_private_webhooks: boolean;
  updated_at: string;
}

/**
 * A change to the settings. Values are sent as typed (a cap's `max` may still be text) so that
 * the server, which checks every field, names what is wrong with its JSON pointer.
 */
export type CareSettingsPatch = { [K in keyof Omit<CareSettings, 'updated_at' | 'frequency_caps'>]?: CareSettings[K] } & {
  frequency_caps?: { channel: 'email'; purpose: MessagePurpose; max: number | string; per_days: number | string }[];
};

const SETTINGS = '/api/v1/programmes/settings';
const ENDPOINTS = '/api/v1/programmes/webhook-endpoints';

export function fetchCareSettings(api: ApiClient, signal?: AbortSignal): Promise<CareSettings> {
  return api.get<CareSettings>(SETTINGS, undefined, signal);
}

export function updateCareSettings(api: ApiClient, patch: CareSettingsPatch): Promise<CareSettings> {
  return api.request<CareSettings>('PATCH', SETTINGS, { json: patch });
}

export interface WebhookEndpoint {
  id: number;
  key: string;
  url: string;
  description: string | null;
  enabled: boolean;
  created_at: string;
}

/** A new endpoint with its signing secret ('whsec_…'): the only answer that carries it. */
export type CreatedWebhookEndpoint = WebhookEndpoint & { secret: string };

export interface NewWebhookEndpoint {
  key: string;
  url: string;
  description?: string | null;
}

export function listWebhookEndpoints(api: ApiClient, signal?: AbortSignal): Promise<{ data: WebhookEndpoint[] }> {
  return api.get<{ data: WebhookEndpoint[] }>(ENDPOINTS, undefined, signal);
}

export function createWebhookEndpoint(api: ApiClient, input: NewWebhookEndpoint): Promise<CreatedWebhookEndpoint> {
  return api.request<CreatedWebhookEndpoint>('POST', ENDPOINTS, { json: input });
}

/** Refused (409, naming them) while a care element's webhook step posts to the endpoint. */
export function deleteWebhookEndpoint(api: ApiClient, id: number): Promise<void> {
  return api.request<void>('DELETE', `${ENDPOINTS}/${id}`);
}
