import type { ApiClient } from './api-client';

export interface ProductRef {
  id: number;
  sku: string;
  name: string;
  category: string | null;
}

export interface Recommendation {
  product: ProductRef;
  kind: 'cross_sell' | 'up_sell';
  /** Cross-sell: the rule's confidence; up-sell: the share of customers on the current plan who moved up. */
  score: number;
  lift: number | null;
  support: number | null;
  /** The products of the rule (empty: the base rate alone), or for up-sell the current plan. */
  because: ProductRef[];
}

export interface AccountRecommendations {
  account_id: number;
  rules_as_of: string;
  accounts_in_rules: number;
  recommendations: Recommendation[];
}

export interface OfferQuality {
  k: number;
  precision: number;
  recall: number;
  hit_rate: number;
}

export interface RecommendationEvaluation {
  split_at: string;
  end_at: string;
  accounts: number;
  scored_accounts: number;
  rules: number;
  association_rules: OfferQuality[];
  most_popular: OfferQuality[];
}

export interface RecommendationRules {
  as_of: string;
  accounts: number;
  rules: unknown[];
  plan_steps: unknown[];
}

export function fetchAccountRecommendations(api: ApiClient, id: string | number, k: number, signal?: AbortSignal): Promise<AccountRecommendations> {
  return api.get<AccountRecommendations>(`/api/v1/accounts/${encodeURIComponent(String(id))}/recommendations`, { k }, signal);
}

export function fetchRecommendationEvaluation(api: ApiClient, signal?: AbortSignal): Promise<RecommendationEvaluation> {
  return api.get<RecommendationEvaluation>('/api/v1/analytics/recommendations/evaluation', undefined, signal);
}

export function mineRecommendationRules(api: ApiClient): Promise<RecommendationRules> {
  return api.request<RecommendationRules>('POST', '/api/v1/analytics/recommendations/rules', { json: {} });
}
