import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { compressRfmRows } from '../models/compress-rfm-rows.js';
import { fitBgNbdRows } from '../models/fit-bg-nbd.js';
import { fitGammaGamma } from '../models/fit-gamma-gamma.js';
import { fitParetoNbdRows } from '../models/fit-pareto-nbd.js';
import type { FitFailure } from '../models/model-fit-outcome.js';
import { CLV_MODEL_COLUMNS, CLV_MODEL_KINDS, type ClvModel, type ClvModelDiagnostics, type ClvModelKind, type ClvModelParams } from './clv-model.js';
import { readRepeatPurchaseSummary, type TimeUnit } from './read-repeat-purchase-summary.js';
import { checkScoringOptions, scoreAccounts, type ScoreAccountsInput, type ScoreAccountsResult } from './score-accounts.js';

/**
 * Fits a CLV model on a workspace's orders (or one segment's): a transaction model (BG/NBD by
 * default, or Pareto/NBD) and the Gamma-Gamma spend model, by maximum likelihood on the
 * calibration-period summary, stores it in analytics_models with its log-likelihood, convergence
 * and a fingerprint of the orders, and then (unless told not to) scores the accounts with it.
 *
 * When the data cannot carry the model, nothing is stored and the error says what is missing:
 * fewer than 20 customers with a repeat purchase, no repeat purchase of positive value for the
 * spend model, a calibration end outside the data, or a fit that does not converge or runs to
 * the edge of the parameter space. No estimate is ever NaN.
 */
export interface FitClvModelInput {
  kind?: ClvModelKind;
  /** YYYY-MM-DD, inclusive; default the day of the latest order. */
  calibrationEnd?: string | null;
  unit?: TimeUnit;
  segmentKey?: string | null;
  /** Scoring options, or false to only fit. Scoring is as of the calibration end unless `asOf` says otherwise. */
  score?: Omit<ScoreAccountsInput, 'modelId' | 'segmentKey' | 'summary' | 'onProgress'> | false;
  /** Progress over the phases (read, fit, store, score); `phase` names the current one. */
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface FitClvModelResult {
  model: ClvModel;
  scoring: ScoreAccountsResult | null;
  elapsed_ms: number;
  /** Where the time went: reading the orders (SQL), fitting both models, storing and scoring (computing and writing the metrics). */
  timings: { read_ms: number; fit_ms: number; score_ms: number };
}

/** Fewest customers with a repeat purchase (and with a repeat purchase of positive value) a fit needs. */
export const MIN_REPEAT_CUSTOMERS = 20;

function refuse(model: string, failure: FitFailure, calibrationEnd: string): never {
  const hint =
    failure.reason === 'insufficient_data'
      ? ` up to the calibration end ${calibrationEnd}: choose a later calibration end, or fit on more customers`
      : failure.reason === 'not_converged'
        ? ': the data may not follow this model; try another time unit or calibration end'
        : '';
  throw new AppError('unprocessable', `Cannot fit the CLV model: ${failure.message}${hint}`, [{ path: failure.reason === 'insufficient_data' ? '/calibration_end' : '/kind', message: `${model}: ${failure.reason.replace(/_/g, ' ')}` }], {
    reason: failure.reason,
  });
}

export async function fitClvModel(db: Database, workspaceId: number, input: FitClvModelInput = {}): Promise<FitClvModelResult> {
  const started = performance.now();
  const kind = input.kind ?? 'bg-nbd';
  if (!(CLV_MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new AppError('validation_failed', `The model kind must be one of ${CLV_MODEL_KINDS.join(', ')} (got ${JSON.stringify(kind)})`, [{ path: '/kind', message: `must be one of ${CLV_MODEL_KINDS.join(', ')}` }]);
  }
  const scoreOptions = input.score === false ? null : (input.score ?? {});
  if (scoreOptions) checkScoringOptions(scoreOptions);
  const phases = scoreOptions ? 4 : 3;
  input.onProgress?.(0, phases, 'reading orders');
  const summary = await readRepeatPurchaseSummary(db, workspaceId, {
    calibrationEnd: input.calibrationEnd ?? null,
    unit: input.unit ?? 'week',
    segmentKey: input.segmentKey ?? null,
  });

  const read = performance.now();
  input.onProgress?.(1, phases, 'fitting');
  const rows = compressRfmRows(summary);
  const options = { minRepeatCustomers: MIN_REPEAT_CUSTOMERS };
  const transaction = kind === 'bg-nbd' ? fitBgNbdRows(rows, options) : fitParetoNbdRows(rows, options);
  const modelName = kind === 'bg-nbd' ? 'BG/NBD' : 'Pareto/NBD';
  if (!transaction.ok) refuse(modelName, transaction, summary.calibrationEnd);
  const spend = fitGammaGamma({ x: summary.x, zbar: summary.zbar }, { minCustomers: MIN_REPEAT_CUSTOMERS });
  if (!spend.ok) refuse('Gamma-Gamma', spend, summary.calibrationEnd);

  const fitted = performance.now();
  input.onProgress?.(2, phases, 'storing');
  const params: ClvModelParams = { transaction: transaction.params, spend: spend.params };
  const diagnostics: ClvModelDiagnostics = {
    transaction: {
      log_likelihood: transaction.logLikelihood,
      iterations: transaction.iterations,
      evaluations: transaction.evaluations,
      distinct_rows: transaction.distinctRows,
      message: transaction.message,
    },
    spend: {
      log_likelihood: spend.logLikelihood,
      iterations: spend.iterations,
      customers: spend.observations,
      excluded_zero_spend: spend.excludedZeroSpend ?? 0,
      message: spend.message,
    },
    later_customers: summary.laterCustomers,
    first_order_day: summary.firstOrderDay,
    last_order_day: summary.lastOrderDay,
  };
  const [model] = await db.query<ClvModel & Record<string, unknown>>(
    `WITH m AS (
       INSERT INTO analytics_models (workspace_id, kind, segment_key, calibration_end, time_unit, params, log_likelihood, converged, iterations,
                                     customers, repeat_customers, diagnostics, data_orders, data_updated_at)
       VALUES ($1, $2, $3, $4::date, $5, $6, $7, true, $8, $9, $10, $11, $12, $13)
       RETURNING *
     )
     SELECT ${CLV_MODEL_COLUMNS} FROM m`,
    [
      workspaceId,
      kind,
      summary.segment?.key ?? null,
      summary.calibrationEnd,
      summary.unit,
      JSON.stringify(params),
      transaction.logLikelihood,
      transaction.iterations,
      summary.customers,
      summary.repeatCustomers,
      JSON.stringify(diagnostics),
      summary.fingerprint.orders,
      summary.fingerprint.updatedAt,
    ],
  );

  let scoring: ScoreAccountsResult | null = null;
  if (scoreOptions) {
    input.onProgress?.(3, phases, 'scoring accounts');
    const sameDay = scoreOptions.asOf == null || scoreOptions.asOf === summary.calibrationEnd;
    scoring = await scoreAccounts(db, workspaceId, { ...scoreOptions, modelId: model!.id, ...(sameDay ? { summary } : {}) });
  }
  input.onProgress?.(phases, phases, 'done');
  const stored = scoring ? { ...model!, scored_at: scoring.scored_at, scoring: scoring.scoring } : model!;
  const done = performance.now();
  return {
    model: stored,
    scoring,
    elapsed_ms: Math.round(done - started),
    timings: { read_ms: Math.round(read - started), fit_ms: Math.round(fitted - read), score_ms: Math.round(done - fitted) },
  };
}
