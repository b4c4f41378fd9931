import type { ApiClient } from './api-client';

export interface WalletFigures {
  accounts: number;
  revenue: number;
  spend_known: number;
  spend_estimated: number;
  category_spend: number;
  share_of_wallet: number | null;
  cost_known: number;
  cost_to_serve: number;
  incentives: number;
  profit: number | null;
  margin: number | null;
}

export interface WalletAccount {
  id: number;
  name: string;
  /** Orders in the window net of refunds. */
  revenue: number;
  category_spend: number | null;
  /** trait: the customer told us; estimate: employees x the industry's median spend per employee. */
  spend_source: 'trait' | 'estimate' | null;
  share_of_wallet: number | null;
  headroom: number | null;
  cost_to_serve: number | null;
  incentives: number;
  /** revenue - cost to serve - incentives; null when the cost is unknown. */
  profit: number | null;
}

export interface ShareOfWallet {
  as_of: string;
  months: number;
  by: string | null;
  estimate: { per_employee_overall: number | null; per_employee_by_industry: Record<string, number> };
  total: WalletFigures;
  groups: (WalletFigures & { group: string })[];
  top_headroom: WalletAccount[];
}

export function fetchShareOfWallet(api: ApiClient, query: { by?: string | null; months?: number; top?: number; as_of?: string }, signal?: AbortSignal): Promise<ShareOfWallet> {
  return api.get<ShareOfWallet>('/api/v1/analytics/share-of-wallet', { ...query }, signal);
}

export function fetchAccountWallet(api: ApiClient, id: string | number, signal?: AbortSignal): Promise<WalletAccount> {
  return api.get<WalletAccount>(`/api/v1/accounts/${encodeURIComponent(String(id))}/wallet`, undefined, signal);
}
