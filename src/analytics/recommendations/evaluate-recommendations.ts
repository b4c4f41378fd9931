import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { loadAccountHoldings } from './load-account-holdings.js';
import { mineAssociationRules } from './mine-association-rules.js';
import { rankRecommendations } from './rank-recommendations.js';

export interface EvaluateRecommendationsInput {
  /** The split: rules and holdings from orders before it, the truth from the orders after. Default: 365 days before the last order. */
  splitAt?: Date | null;
  /** Cut-offs to report. Default [1, 3]. */
  ks?: number[];
  minCount?: number;
  minConfidence?: number;
}

export interface MethodQuality {
  k: number;
  /** Mean over evaluated accounts of hits / k. */
  precision: number;
  /** Mean over evaluated accounts of hits / products newly bought. */
  recall: number;
  /** Share of evaluated accounts with at least one hit. */
  hit_rate: number;
}

export interface RecommendationEvaluation {
  split_at: string;
  end_at: string;
  /** Accounts that held products before the split and bought something new after it. */
  accounts: number;
  /** Accounts that held products before the split (all were scored). */
  scored_accounts: number;
  rules: number;
  association_rules: MethodQuality[];
  most_popular: MethodQuality[];
}

/**
 * Measures the next-best offers on a time split of the workspace's own orders: rules mined
 * before the split, each account's holdings at the split, and what the account first bought after
 * it (products it did not own) as the truth; precision and recall at k for the association rules
 * and for the most-popular baseline, over the same accounts.
 */
export async function evaluateRecommendations(db: Queryable, workspaceId: number, input: EvaluateRecommendationsInput = {}): Promise<RecommendationEvaluation> {
  const [range] = await db.query<{ last_at: Date | null }>(
    `SELECT max(ordered_at) AS last_at FROM orders WHERE workspace_id = $1 AND status NOT IN ('cancelled', 'refunded')`,
    [workspaceId],
  );
  if (!range?.last_at) throw new AppError('unprocessable', 'There are no orders to evaluate recommendations on');
  const endAt = new Date(new Date(range.last_at).getTime() + 1);
  const splitAt = input.splitAt ?? new Date(endAt.getTime() - 365 * 86_400_000);
  if (splitAt.getTime() >= endAt.getTime()) throw new AppError('unprocessable', `split_at must be before the last order (${endAt.toISOString()})`);
  const ks = input.ks ?? [1, 3];
  const set = await mineAssociationRules(db, workspaceId, { asOf: splitAt, minCount: input.minCount, minConfidence: input.minConfidence });
  const before = await loadAccountHoldings(db, workspaceId, splitAt, null);
  const after = await loadAccountHoldings(db, workspaceId, endAt, [...before.keys()]);

  const tallies = { rules: ks.map(() => ({ p: 0, r: 0, hit: 0 })), popular: ks.map(() => ({ p: 0, r: 0, hit: 0 })) };
  let accounts = 0;
  const maxK = Math.max(...ks);
  for (const [accountId, held] of before) {
    const truth = [...(after.get(accountId)?.owned ?? [])].filter((id) => !held.owned.has(id));
    if (truth.length === 0) continue;
    accounts++;
    const wanted = new Set(truth);
    for (const method of ['rules', 'popular'] as const) {
      const ranked = rankRecommendations(set, held, maxK, method === 'rules' ? 'rules' : 'popular');
      ks.forEach((k, i) => {
        const hits = ranked.slice(0, k).filter((r) => wanted.has(r.productId)).length;
        const t = tallies[method][i]!;
        t.p += hits / k;
        t.r += hits / wanted.size;
        t.hit += hits > 0 ? 1 : 0;
      });
    }
  }
  const quality = (t: { p: number; r: number; hit: number }[]): MethodQuality[] =>
    ks.map((k, i) => ({ k, precision: accounts ? t[i]!.p / accounts : 0, recall: accounts ? t[i]!.r / accounts : 0, hit_rate: accounts ? t[i]!.hit / accounts : 0 }));
  return {
    split_at: splitAt.toISOString(),
    end_at: endAt.toISOString(),
    accounts,
    scored_accounts: before.size,
    rules: set.rules.length,
    association_rules: quality(tallies.rules),
    most_popular: quality(tallies.popular),
  };
}
