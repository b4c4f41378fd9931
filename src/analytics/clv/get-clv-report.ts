import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { loadClvModel, type ClvModel } from './clv-model.js';
import { readOrdersFingerprint } from './read-repeat-purchase-summary.js';

/**
 * What a fitted CLV model says and whether it still describes the data: the model with its
 * parameters, log-likelihood and convergence; whether it is stale (the orders it was fitted on
 * have changed since: more or fewer orders, or orders edited later); the distribution of the
 * accounts' CLV from its last scoring (quantiles, and deciles with each one's share of the total
 * value); and the accounts with the highest CLV.
 */
export interface GetClvReportInput {
  modelId?: number | null;
  segmentKey?: string | null;
  /** How many top accounts (default 10, at most 100). */
  top?: number | null;
}

export interface ClvDecile {
  /** 1 = the tenth of accounts with the highest CLV. */
  decile: number;
  accounts: number;
  total: number;
  mean: number;
  min: number;
  max: number;
  /** Share of all accounts' CLV in this decile (0..1). */
  share: number;
}

export interface ClvDistribution {
  accounts: number;
  total: number;
  mean: number;
  min: number;
  max: number;
  /** CLV at the 10th, 20th, ..., 90th percentile (continuous). */
  quantiles: { p: number; value: number }[];
  deciles: ClvDecile[];
}

export interface TopAccount {
  id: number;
  name: string;
  external_id: string | null;
  clv: number;
  p_active: number | null;
  expected_purchases: number | null;
  expected_spend: number | null;
}

export interface ClvReport {
  model: ClvModel;
  stale: boolean;
  /** Why the model is stale (empty when it is not). */
  stale_reasons: string[];
  current_data: { orders: number; updated_at: Date | null };
  /** Null until the model has scored accounts. */
  distribution: ClvDistribution | null;
  top_accounts: TopAccount[];
}

export async function getClvReport(db: Queryable, workspaceId: number, input: GetClvReportInput = {}): Promise<ClvReport> {
  const top = input.top ?? 10;
  if (!Number.isInteger(top) || top < 0 || top > 100) throw new AppError('validation_failed', `top must be a whole number from 0 to 100 (got ${top})`, [{ path: '/top', message: 'must be 0..100' }]);
  const model = await loadClvModel(db, workspaceId, { id: input.modelId ?? null, segmentKey: input.segmentKey ?? null });

  let segment: { id: number } | null = null;
  const reasons: string[] = [];
  if (model.segment_key) {
    const [row] = await db.query<{ id: number }>('SELECT id FROM segments WHERE workspace_id = $1 AND key = $2', [workspaceId, model.segment_key]);
    if (row) segment = row;
    else reasons.push(`segment "${model.segment_key}" no longer exists`);
  }
  const current = segment || !model.segment_key ? await readOrdersFingerprint(db, workspaceId, segment) : { orders: 0, updatedAt: null };
  if (current.orders !== model.data_orders) {
    const diff = current.orders - model.data_orders;
    reasons.push(`the orders changed: ${current.orders} now against ${model.data_orders} at the fit (${diff > 0 ? '+' : ''}${diff})`);
  }
  const fittedUpdate = model.data_updated_at?.getTime() ?? null;
  const currentUpdate = current.updatedAt?.getTime() ?? null;
  if (current.orders === model.data_orders && fittedUpdate !== currentUpdate) {
    reasons.push(`orders were edited after the fit (latest change ${current.updatedAt?.toISOString() ?? 'none'})`);
  }

  const modelTag = String(model.id);
  const [summary] = await db.query<Record<string, number | null>>(
    `SELECT count(*)::int AS accounts, sum(clv) AS total, avg(clv) AS mean, min(clv) AS min, max(clv) AS max,
            percentile_cont(0.1) WITHIN GROUP (ORDER BY clv) AS p10, percentile_cont(0.2) WITHIN GROUP (ORDER BY clv) AS p20,
            percentile_cont(0.3) WITHIN GROUP (ORDER BY clv) AS p30, percentile_cont(0.4) WITHIN GROUP (ORDER BY clv) AS p40,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY clv) AS p50, percentile_cont(0.6) WITHIN GROUP (ORDER BY clv) AS p60,
            percentile_cont(0.7) WITHIN GROUP (ORDER BY clv) AS p70, percentile_cont(0.8) WITHIN GROUP (ORDER BY clv) AS p80,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY clv) AS p90
       FROM subject_scores
      WHERE workspace_id = $1 AND subject_type = 'account' AND family = 'clv' AND model = $2`,
    [workspaceId, modelTag],
  );
  let distribution: ClvDistribution | null = null;
  if (summary && (summary.accounts ?? 0) > 0) {
    const deciles = await db.query<Omit<ClvDecile, 'share'>>(
      `WITH v AS (
         SELECT clv AS value, ntile(10) OVER (ORDER BY clv DESC, subject_id) AS decile
           FROM subject_scores
          WHERE workspace_id = $1 AND subject_type = 'account' AND family = 'clv' AND model = $2
       )
       SELECT decile, count(*)::int AS accounts, sum(value) AS total, avg(value) AS mean, min(value) AS min, max(value) AS max
         FROM v GROUP BY decile ORDER BY decile`,
      [workspaceId, modelTag],
    );
    const total = summary.total ?? 0;
    distribution = {
      accounts: summary.accounts!,
      total,
      mean: summary.mean ?? 0,
      min: summary.min ?? 0,
      max: summary.max ?? 0,
      quantiles: [10, 20, 30, 40, 50, 60, 70, 80, 90].map((p) => ({ p: p / 100, value: summary[`p${p}`] ?? 0 })),
      deciles: deciles.map((d) => ({ ...d, share: total > 0 ? d.total / total : 0 })),
    };
  }
  const topAccounts =
    top === 0 || !distribution
      ? []
      : await db.query<TopAccount & Record<string, unknown>>(
          `SELECT a.id, a.name, a.external_id, c.clv, c.p_active, c.expected_purchases, c.expected_spend
             FROM subject_scores c
             JOIN accounts a ON a.workspace_id = c.workspace_id AND a.id = c.subject_id
            WHERE c.workspace_id = $1 AND c.subject_type = 'account' AND c.family = 'clv' AND c.model = $2
            ORDER BY c.clv DESC, c.subject_id
            LIMIT $3`,
          [workspaceId, modelTag, top],
        );
  return {
    model,
    stale: reasons.length > 0,
    stale_reasons: reasons,
    current_data: { orders: current.orders, updated_at: current.updatedAt },
    distribution,
    top_accounts: topAccounts,
  };
}
