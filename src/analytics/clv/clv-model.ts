import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { BgNbdParams } from '../models/fit-bg-nbd.js';
import type { GammaGammaParams } from '../models/fit-gamma-gamma.js';
import type { ParetoNbdParams } from '../models/pareto-nbd-likelihood.js';
import { SCORE_FAMILIES } from '../../rules/score-families.js';
import type { TimeUnit } from './read-repeat-purchase-summary.js';

/** A stored CLV model: a transaction model (BG/NBD or Pareto/NBD) with a Gamma-Gamma spend model. */
export const CLV_MODEL_KINDS = ['bg-nbd', 'pareto-nbd'] as const;
export type ClvModelKind = (typeof CLV_MODEL_KINDS)[number];

export interface ClvModelParams {
  transaction: BgNbdParams | ParetoNbdParams;
  spend: GammaGammaParams;
}

/** How each sub-model's fit went (both converged, or the model would not have been stored). */
export interface ClvModelDiagnostics {
  transaction: { log_likelihood: number; iterations: number; evaluations: number; distinct_rows: number; message: string };
  spend: { log_likelihood: number; iterations: number; customers: number; excluded_zero_spend: number; message: string };
  /** Accounts whose first purchase came after the calibration end (left out of the fit). */
  later_customers: number;
  first_order_day: string;
  last_order_day: string;
}

/** The options and outcome of the last scoring of accounts with the model. */
export interface ClvScoring {
  as_of: string;
  /** Expected purchases are over this many time units after as_of. */
  horizon: number;
  clv_periods: number;
  /** Length of one CLV period in the model's time unit (a month). */
  clv_period_length: number;
  discount_rate: number;
  margin: number;
  accounts: number;
}

export interface ClvModel {
  id: number;
  kind: ClvModelKind;
  segment_key: string | null;
  calibration_end: string;
  time_unit: TimeUnit;
  params: ClvModelParams;
  log_likelihood: number;
  converged: boolean;
  iterations: number;
  customers: number;
  repeat_customers: number;
  diagnostics: ClvModelDiagnostics;
  data_orders: number;
  data_updated_at: Date | null;
  fitted_at: Date;
  scored_at: Date | null;
  scoring: ClvScoring | null;
}

/** The select list of a ClvModel from `analytics_models m`. */
export const CLV_MODEL_COLUMNS = `m.id, m.kind, m.segment_key, to_char(m.calibration_end, 'YYYY-MM-DD') AS calibration_end, m.time_unit, m.params,
  m.log_likelihood, m.converged, m.iterations, m.customers, m.repeat_customers, m.diagnostics, m.data_orders, m.data_updated_at,
  m.fitted_at, m.scored_at, m.scoring`;

/** The metrics a CLV model writes per account (subject_scores, family 'clv'). */
export const CLV_METRICS = SCORE_FAMILIES.clv;

/** One model by id, or the latest of the workspace (of the segment, or the workspace-wide one when no segment is named). */
export async function loadClvModel(db: Queryable, workspaceId: number, which: { id?: number | null; segmentKey?: string | null }): Promise<ClvModel> {
  if (which.id != null) {
    const [model] = await db.query<ClvModel & Record<string, unknown>>(`SELECT ${CLV_MODEL_COLUMNS} FROM analytics_models m WHERE m.workspace_id = $1 AND m.id = $2`, [workspaceId, which.id]);
    if (!model) throw new AppError('not_found', `There is no CLV model ${which.id}`, [{ path: '/model', message: 'no model with this id' }]);
    return model;
  }
  const segment = which.segmentKey ?? null;
  const [model] = await db.query<ClvModel & Record<string, unknown>>(
    `SELECT ${CLV_MODEL_COLUMNS} FROM analytics_models m
      WHERE m.workspace_id = $1 AND m.segment_key IS NOT DISTINCT FROM $2
      ORDER BY m.fitted_at DESC, m.id DESC LIMIT 1`,
    [workspaceId, segment],
  );
  if (!model) {
    const what = segment ? `for segment "${segment}"` : 'for this workspace';
    throw new AppError('not_found', `No CLV model has been fitted ${what} yet: fit one first (POST /api/v1/analytics/clv/fit or \`kanta analytics clv fit\`)`, [
      { path: '/model', message: 'no fitted model' },
    ]);
  }
  return model;
}
