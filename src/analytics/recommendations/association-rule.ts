/**
 * Next-best offer vocabulary. Baskets are accounts: the set of products an account has bought
 * (orders not cancelled and not wholly refunded), so "customers who bought X and Y also bought Z"
 * reads over whole purchase histories, which is what a B2B account's cross-sell is about.
 */
export interface AssociationRule {
  /** One or two product ids, ascending. */
  antecedent: number[];
  consequent: number;
  /** Accounts that bought the antecedent and the consequent. */
  count: number;
  /** count / accounts */
  support: number;
  /** count / accounts that bought the antecedent */
  confidence: number;
  /** confidence / (share of accounts that bought the consequent) */
  lift: number;
}

/** Up-sell: plans (products of category 'plan') ordered by list price, with how often customers moved up a step. */
export interface PlanStep {
  from: number;
  to: number;
  /** Accounts that had `from` and later bought `to`. */
  moved: number;
  /** Accounts that ever had `from` as their plan. */
  had: number;
  rate: number;
}

export interface RuleSet {
  asOf: string;
  accounts: number;
  /** Accounts per product: the popularity the baseline ranks by. */
  popularity: Record<string, number>;
  /** Accounts per product that bought it after their first purchase: the base rate of buying it next. */
  later: Record<string, number>;
  rules: AssociationRule[];
  planSteps: PlanStep[];
  minCount: number;
  minConfidence: number;
}

export interface Recommendation {
  productId: number;
  kind: 'cross_sell' | 'up_sell';
  /** The rule's confidence (cross-sell) or the plan step's rate (up-sell): the estimated chance of the purchase. */
  score: number;
  lift: number | null;
  /** The products the rule starts from (cross-sell) or the current plan (up-sell). */
  because: number[];
  support: number | null;
}
