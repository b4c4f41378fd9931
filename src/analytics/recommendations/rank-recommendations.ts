import type { Recommendation, RuleSet } from './association-rule.js';

export interface Holdings {
  /** Every product the account has bought. */
  owned: ReadonlySet<number>;
  /** The plan of its latest plan purchase, if any. */
  plan: number | null;
}

/**
 * Ranks what to offer an account next, from a mined rule set. Every product the account does not
 * own starts at its base rate of being bought next (`later` / accounts); the strongest rule whose
 * antecedent the account owns lifts it to the rule's confidence and becomes the reason (rules
 * have lift > 1, so they only ever raise a score). Plans are offered only as the up-sell step from
 * the current plan, scored by the step's rate (never a plan below or beside the current one).
 * `method: 'popular'` is the baseline: the products most accounts bought (plans included) that
 * this account does not own.
 */
export function rankRecommendations(set: RuleSet, holdings: Holdings, k: number, method: 'rules' | 'popular' = 'rules'): Recommendation[] {
  const plans = new Set(set.planSteps.flatMap((s) => [s.from, s.to]));
  const best = new Map<number, Recommendation>();
  const offer = (r: Recommendation) => {
    const current = best.get(r.productId);
    if (!current || r.score > current.score || (r.score === current.score && r.because.length > current.because.length)) best.set(r.productId, r);
  };
  if (method === 'popular') {
    for (const [id, n] of Object.entries(set.popularity)) {
      const productId = Number(id);
      if (holdings.owned.has(productId)) continue;
      offer({ productId, kind: 'cross_sell', score: n / set.accounts, lift: null, because: [], support: n / set.accounts });
    }
    return ranked(best, k);
  }
  for (const [id, n] of Object.entries(set.later)) {
    const productId = Number(id);
    if (holdings.owned.has(productId) || plans.has(productId)) continue;
    offer({ productId, kind: 'cross_sell', score: n / set.accounts, lift: null, because: [], support: n / set.accounts });
  }
  for (const rule of set.rules) {
    if (plans.has(rule.consequent) || holdings.owned.has(rule.consequent)) continue;
    if (!rule.antecedent.every((a) => holdings.owned.has(a))) continue;
    offer({ productId: rule.consequent, kind: 'cross_sell', score: rule.confidence, lift: rule.lift, because: rule.antecedent, support: rule.support });
  }
  const step = holdings.plan === null ? undefined : set.planSteps.find((s) => s.from === holdings.plan);
  if (step && step.rate > 0 && !holdings.owned.has(step.to)) {
    offer({ productId: step.to, kind: 'up_sell', score: step.rate, lift: null, because: [step.from], support: step.moved / Math.max(1, set.accounts) });
  }
  return ranked(best, k);
}

function ranked(best: Map<number, Recommendation>, k: number): Recommendation[] {
  return [...best.values()].sort((a, b) => b.score - a.score || a.productId - b.productId).slice(0, k);
}
