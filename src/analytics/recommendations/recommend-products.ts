import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { loadAccountHoldings } from './load-account-holdings.js';
import { rankRecommendations } from './rank-recommendations.js';
import { readRecommendationRules, refreshRecommendationRules } from './refresh-recommendation-rules.js';

export interface ProductRef {
  id: number;
  sku: string;
  name: string;
  category: string | null;
}

export interface AccountRecommendation {
  product: ProductRef;
  kind: 'cross_sell' | 'up_sell';
  /** Confidence of the rule (cross-sell) or the share of customers on the current plan who moved up (up-sell). */
  score: number;
  lift: number | null;
  support: number | null;
  /** What the offer rests on: the products of the rule, or the current plan. */
  because: ProductRef[];
}

export interface AccountRecommendations {
  account_id: number;
  rules_as_of: string;
  accounts_in_rules: number;
  recommendations: AccountRecommendation[];
}

/**
 * The next-best offers for one account: the stored rule set (mined on first use), the account's
 * holdings now, ranked by rankRecommendations; every offer names the products it rests on.
 */
export async function recommendProducts(db: Queryable, workspaceId: number, accountId: number, k = 3): Promise<AccountRecommendations> {
  const [account] = await db.query<{ id: number }>('SELECT id FROM accounts WHERE workspace_id = $1 AND id = $2', [workspaceId, accountId]);
  if (!account) throw new AppError('not_found', `There is no account ${accountId}`);
  const set = (await readRecommendationRules(db, workspaceId)) ?? (await refreshRecommendationRules(db, workspaceId));
  const holdings = (await loadAccountHoldings(db, workspaceId, new Date(), [accountId])).get(accountId) ?? { owned: new Set<number>(), plan: null };
  const ranked = rankRecommendations(set, holdings, k);
  const ids = [...new Set(ranked.flatMap((r) => [r.productId, ...r.because]))];
  const products = await db.query<ProductRef & Record<string, unknown>>(
    'SELECT id, sku, name, category FROM products WHERE workspace_id = $1 AND id = ANY ($2::bigint[])',
    [workspaceId, ids],
  );
  const byId = new Map(products.map((p) => [p.id, p]));
  const recommendations = ranked
    .filter((r) => byId.has(r.productId) && r.because.every((id) => byId.has(id)))
    .map((r) => ({ product: byId.get(r.productId)!, kind: r.kind, score: r.score, lift: r.lift, support: r.support, because: r.because.map((id) => byId.get(id)!) }));
  return { account_id: accountId, rules_as_of: set.asOf, accounts_in_rules: set.accounts, recommendations };
}
