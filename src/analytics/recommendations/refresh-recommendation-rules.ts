import type { Queryable } from '../../db/database.js';
import type { RuleSet } from './association-rule.js';
import { mineAssociationRules } from './mine-association-rules.js';

export interface RefreshRulesInput {
  asOf?: Date | null;
  minCount?: number;
  minConfidence?: number;
}

/** Mines the association rules and plan steps from all orders (as of now) and keeps them in analytics_runs (kind 'recommendations') for the per-account offers. */
export async function refreshRecommendationRules(db: Queryable, workspaceId: number, input: RefreshRulesInput = {}): Promise<RuleSet> {
  const asOf = input.asOf ?? new Date();
  const set = await mineAssociationRules(db, workspaceId, { asOf, minCount: input.minCount, minConfidence: input.minConfidence });
  await db.execute(
    `INSERT INTO analytics_runs (workspace_id, kind, ran_at, as_of, details) VALUES ($1, 'recommendations', now(), $2, $3)
     ON CONFLICT (workspace_id, kind) DO UPDATE SET ran_at = excluded.ran_at, as_of = excluded.as_of, details = excluded.details`,
    [workspaceId, asOf.toISOString(), JSON.stringify(set)],
  );
  return set;
}

/** The stored rule set, or null before the first refresh. */
export async function readRecommendationRules(db: Queryable, workspaceId: number): Promise<RuleSet | null> {
  const [row] = await db.query<{ details: RuleSet }>(`SELECT details FROM analytics_runs WHERE workspace_id = $1 AND kind = 'recommendations'`, [workspaceId]);
  return row?.details ?? null;
}
