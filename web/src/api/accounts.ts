import type { ApiClient } from './api-client';
import type { Page } from './page';

export type AccountKind = 'organization' | 'consumer';

export interface Account {
  id: number;
  external_id: string | null;
  kind: AccountKind;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  country: string | null;
  owner: string | null;
  traits: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** One account as GET /accounts/{id} gives it, with its roll-ups. */
export interface AccountDetail extends Account {
  contact_count: number;
  order_count: number;
  revenue: number;
}

export const ACCOUNT_SORTS = ['name', '-name', 'created_at', '-created_at', 'updated_at', '-updated_at'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export interface AccountQuery {
  q: string;
  sort: AccountSort;
  country: string;
  industry: string;
  owner: string;
  kind: string;
  cursor: string | null;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface AccountFacets {
  countries: FacetValue[];
  industries: FacetValue[];
  owners: FacetValue[];
}

export const ACCOUNT_PAGE_SIZE = 50;

export function listAccounts(api: ApiClient, query: AccountQuery, signal?: AbortSignal): Promise<Page<Account>> {
  return api.get<Page<Account>>(
    '/api/v1/accounts',
    {
      q: query.q.trim(),
      sort: query.sort,
      country: query.country,
      industry: query.industry,
      owner: query.owner,
      kind: query.kind,
      cursor: query.cursor,
      limit: ACCOUNT_PAGE_SIZE,
    },
    signal,
  );
}

export function fetchAccountFacets(api: ApiClient, signal?: AbortSignal): Promise<AccountFacets> {
  return api.get<AccountFacets>('/api/v1/accounts/facets', undefined, signal);
}

export function fetchAccount(api: ApiClient, id: string, signal?: AbortSignal): Promise<AccountDetail> {
  return api.get<AccountDetail>(`/api/v1/accounts/${encodeURIComponent(id)}`, undefined, signal);
}
