import type { ApiClient } from './api-client';
import type { MessagePurpose } from './care-element';

/** A contact's consent for one purpose on email; 'none' when nothing is recorded. */
export interface ContactConsent {
  purpose: MessagePurpose;
  channel: 'email';
  status: 'granted' | 'withdrawn' | 'none';
  source: string | null;
  updated_at: string | null;
}

const path = (contactId: number | string) => `/api/v1/programmes/contacts/${encodeURIComponent(String(contactId))}/consents`;

export function fetchContactConsents(api: ApiClient, contactId: number | string, signal?: AbortSignal): Promise<{ data: ContactConsent[] }> {
  return api.get<{ data: ContactConsent[] }>(path(contactId), undefined, signal);
}

/** Records consent given or withdrawn; `source` says where it came from ('web': by hand in Kanta). */
export function setContactConsent(
  api: ApiClient,
  contactId: number | string,
  input: { purpose: MessagePurpose; status: 'granted' | 'withdrawn'; source: string },
): Promise<ContactConsent> {
  return api.request<ContactConsent>('PUT', path(contactId), { json: { ...input, channel: 'email' } });
}
