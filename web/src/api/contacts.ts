import type { ApiClient } from './api-client';
import type { Page } from './page';

export interface Contact {
  id: number;
  account_id: number | null;
  external_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  title: string | null;
  locale: string | null;
  timezone: string | null;
  buying_role: string | null;
  persona: string | null;
  traits: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export function listAccountContacts(api: ApiClient, accountId: string, cursor: string | null, signal?: AbortSignal): Promise<Page<Contact>> {
  return api.get<Page<Contact>>(`/api/v1/accounts/${encodeURIComponent(accountId)}/contacts`, { cursor, limit: 50 }, signal);
}

/** "First Last", or the email, or the external id: whatever names the person best. */
export function contactName(contact: Contact): string | null {
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ');
  return name || contact.email || contact.external_id;
}
