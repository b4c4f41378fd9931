import type { Database, Queryable } from '../../db/database.js';
import { encodeIdFloat8Rows } from '../../db/encode-binary-copy.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import type { BgNbdParams } from '../models/fit-bg-nbd.js';
import type { ParetoNbdParams } from '../models/pareto-nbd-likelihood.js';
import { scoreCustomers } from '../models/score-customers.js';
import { areMetricsReadByRules } from '../are-metrics-read-by-rules.js';
import { hasAccountScores, lockAccountScores, replaceAccountScores } from '../replace-account-scores.js';
import { writeFirstAccountScores } from '../write-first-account-scores.js';
import { queueChangedSubjects } from '../../recompute/queue-changed-subjects.js';
import { CLV_METRICS, loadClvModel, type ClvModel, type ClvScoring } from './clv-model.js';
import { DAYS_PER_UNIT, readRepeatPurchaseSummary, type RepeatPurchaseSummary } from './read-repeat-purchase-summary.js';

/**
 * Scores every account a CLV model covers, from its orders up to an as-of day, and stores per
 * account one row of family 'clv' in subject_scores (model = the model's id, so rules and reports
 * can tell versions) with the metrics:
 *
 *   expected_purchases  purchase days expected in the `horizon` time units after the as-of day
 *   p_active            probability the account is still an active customer
 *   expected_spend      expected value of one future purchase (Gamma-Gamma)
 *   clv                 discounted value of the purchases expected over `clvPeriods` months
 *
 * All writes happen in one transaction. A workspace's first CLV scores are COPYed (binary)
 * straight into subject_scores (write-first-account-scores.ts); later ones into a temporary
 * table in batches, merged set-based, writing only rows whose values changed
 * (replace-account-scores.ts; computed_at is when a row's values last changed, the model row's
 * scored_at when it last scored). A workspace-wide model also removes these metrics from
 * accounts it no longer covers. Accounts whose values changed are queued for recompute, so
 * stage and segment rules that read the metrics see the new values.
 */
export interface ScoreAccountsInput {
  /** The model to score with (default: the latest of the workspace, or of `segmentKey`). */
  modelId?: number | null;
  segmentKey?: string | null;
  /** Score from the orders up to this day (YYYY-MM-DD); default the day of the latest order. May be as late as today. */
  asOf?: string | null;
  /** Expected purchases over this many of the model's time units (default: one year). */
  horizon?: number | null;
  /** CLV over this many months (default 12). */
  clvPeriods?: number | null;
  /** Discount rate a month (default 0.01). */
  discountRate?: number | null;
  /** Share of spend that is profit (default 1: CLV in revenue). */
  margin?: number | null;
  /** A summary already read for the same model and as-of day (saves reading the orders twice). */
  summary?: RepeatPurchaseSummary;
  onProgress?: (done: number, total: number) => void;
}

export interface ScoreAccountsResult {
  model_id: number;
  scoring: ClvScoring;
  /** Sums over the scored accounts. */
  totals: { expected_purchases: number; expected_spend_mean: number; clv: number };
  /** Accounts whose metrics were removed because the model no longer covers them. */
  removed: number;
  /** Accounts whose metrics changed (or were removed): queued for recompute when a stage or segment rule reads a CLV metric. */
  changed: number;
  scored_at: Date;
}

const BATCH = 50_000;

/** Throws validation_failed naming each bad option (callers check before long work). */
export function checkScoringOptions(input: Pick<ScoreAccountsInput, 'horizon' | 'clvPeriods' | 'discountRate' | 'margin'>): void {
  const issues: FieldIssue[] = [];
  if (input.horizon != null && !(Number.isFinite(input.horizon) && input.horizon > 0 && input.horizon <= 10_000)) issues.push({ path: '/horizon', message: `must be a number of time units > 0 and <= 10000 (got ${input.horizon})` });
  if (input.clvPeriods != null && !(Number.isInteger(input.clvPeriods) && input.clvPeriods >= 1 && input.clvPeriods <= 600)) issues.push({ path: '/clv_periods', message: `must be a whole number of months from 1 to 600 (got ${input.clvPeriods})` });
  if (input.discountRate != null && !(Number.isFinite(input.discountRate) && input.discountRate >= 0 && input.discountRate < 1)) issues.push({ path: '/discount_rate', message: `must be a monthly rate from 0 to below 1 (got ${input.discountRate})` });
  if (input.margin != null && !(Number.isFinite(input.margin) && input.margin >= 0 && input.margin <= 1)) issues.push({ path: '/margin', message: `must be a share from 0 to 1 (got ${input.margin})` });
  if (issues.length > 0) throw new AppError('validation_failed', `Invalid scoring options: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
}

export async function scoreAccounts(db: Database, workspaceId: number, input: ScoreAccountsInput = {}): Promise<ScoreAccountsResult> {
  checkScoringOptions(input);
  const model: ClvModel = await loadClvModel(db, workspaceId, { id: input.modelId ?? null, segmentKey: input.segmentKey ?? null });
  const dpu = DAYS_PER_UNIT[model.time_unit];
  const summary =
    input.summary ??
    (await readRepeatPurchaseSummary(db, workspaceId, { calibrationEnd: input.asOf ?? null, unit: model.time_unit, segmentKey: model.segment_key, allowEndAfterData: true }));
  if (summary.unit !== model.time_unit || (summary.segment?.key ?? null) !== model.segment_key) {
    throw new AppError('internal', 'The summary given for scoring does not match the model (time unit or segment)');
  }
  const scoring: ClvScoring = {
    as_of: summary.calibrationEnd,
    horizon: input.horizon ?? 365.25 / dpu,
    clv_periods: input.clvPeriods ?? 12,
    clv_period_length: DAYS_PER_UNIT.month / dpu,
    discount_rate: input.discountRate ?? 0.01,
    margin: input.margin ?? 1,
    accounts: summary.customers,
  };
  const n = summary.customers;
  const batches = Math.ceil(n / BATCH);
  const total = batches + 2;
  input.onProgress?.(0, total);
  const scores =
    n === 0
      ? null
      : scoreCustomers({
          summary: { x: summary.x, tx: summary.tx, T: summary.T, zbar: summary.zbar },
          transactionModel:
            model.kind === 'bg-nbd'
              ? { kind: 'bg-nbd', params: model.params.transaction as BgNbdParams }
              : { kind: 'pareto-nbd', params: model.params.transaction as ParetoNbdParams },
          spendModel: model.params.spend,
          horizon: scoring.horizon,
          clv: { periods: scoring.clv_periods, periodLength: scoring.clv_period_length, discountRate: scoring.discount_rate, margin: scoring.margin },
        });
  input.onProgress?.(1, total);

  const scoredAt = new Date();
  /** Writes the scores (after lockAccountScores); changedIds is SQL yielding the changed and removed accounts ($1 the workspace; after a first write the family's rows, else clv_changed, filled when `queue`). */
  const write = async (tx: Queryable, queue: boolean): Promise<{ removed: number; changed: number; changedIds: string }> => {
    const values = scores ? [scores.expectedPurchases, scores.probabilityAlive, scores.expectedSpend!, scores.clv!] : [];
    if (!(await hasAccountScores(tx, workspaceId, 'clv'))) {
      // The workspace's first CLV scores: straight in, nothing to compare or remove.
      const written = scores
        ? await writeFirstAccountScores(tx, workspaceId, {
            family: 'clv',
            model: String(model.id),
            computedAt: scoredAt,
            ids: summary.accountIds,
            values,
            batch: BATCH,
            onBatch: (b) => input.onProgress?.(1 + b, total),
          })
        : 0;
      return { removed: 0, changed: written, changedIds: `SELECT subject_id FROM subject_scores WHERE workspace_id = $1 AND subject_type = 'account' AND family = 'clv'` };
    }
    // No key: the changed and the removed accounts are disjoint, and a million go in unchecked.
    if (queue) await tx.exec('CREATE TEMP TABLE clv_changed (subject_id bigint NOT NULL) ON COMMIT DROP');
    // No keys: the account ids are distinct, and a million rows go in without an index to
    // maintain (joins with them are hash joins).
    await tx.exec(`CREATE TEMP TABLE clv_scores (subject_id bigint NOT NULL, expected_purchases float8, p_active float8, expected_spend float8, clv float8) ON COMMIT DROP`);
    for (let b = 0; b < (scores ? batches : 0); b++) {
      const rows = encodeIdFloat8Rows(summary.accountIds, values, b * BATCH, Math.min(n, (b + 1) * BATCH));
      await tx.copyBinary('clv_scores', ['subject_id', 'expected_purchases', 'p_active', 'expected_spend', 'clv'], rows);
      input.onProgress?.(2 + b, total);
    }
    // Write only what changed (scoring again with the same model and data writes nothing); remember who changed.
    const written = await replaceAccountScores(tx, workspaceId, {
      family: 'clv',
      sourceTable: 'clv_scores',
      model: String(model.id),
      computedAt: scoredAt,
      changedTable: queue ? 'clv_changed' : null,
    });
    let removedCount = 0;
    // Every scored account now has one row of the family: a workspace-wide model removes the
    // rows of accounts it no longer covers, when there are more rows than scored accounts.
    const [rows] =
      model.segment_key === null
        ? await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM subject_scores WHERE workspace_id = $1 AND subject_type = 'account' AND family = 'clv'`, [workspaceId])
        : [{ n: n }];
    if (rows!.n > n) {
      const gone = await tx.query<{ removed: number }>(
        `WITH d AS (
           DELETE FROM subject_scores m
            WHERE m.workspace_id = $1 AND m.subject_type = 'account' AND m.family = 'clv'
              AND NOT EXISTS (SELECT 1 FROM clv_scores s WHERE s.subject_id = m.subject_id)
           RETURNING m.subject_id
         )${queue ? ', ins AS (INSERT INTO clv_changed (subject_id) SELECT subject_id FROM d RETURNING subject_id)' : ''}
         SELECT count(*)::int AS removed FROM d`,
        [workspaceId],
      );
      removedCount = gone[0]?.removed ?? 0;
    }
    return { removed: removedCount, changed: written + removedCount, changedIds: 'SELECT subject_id FROM clv_changed' };
  };
  const { removed, changed } = await db.transaction(async (tx) => {
    await lockAccountScores(tx, workspaceId);
    // Accounts whose metrics change are queued for recompute only when a stage or segment rule reads one.
    const queue = await areMetricsReadByRules(tx, workspaceId, CLV_METRICS);
    const { removed, changed, changedIds } = await write(tx, queue);
    await tx.query('UPDATE analytics_models SET scored_at = $3, scoring = $4 WHERE workspace_id = $1 AND id = $2', [workspaceId, model.id, scoredAt, JSON.stringify(scoring)]);
    // Last in the transaction (the lock order every recompute_queue writer keeps): the changed
    // accounts, or one whole-workspace recompute when most of the workspace changed.
    if (queue) await queueChangedSubjects(tx, workspaceId, 'account', { changed, reason: 'clv', selectIds: changedIds });
    return { removed, changed };
  });
  // Many changed rows: refresh the statistics the rules' and reports' queries plan with.
  if (changed > 1000) await db.exec('ANALYZE subject_scores');
  input.onProgress?.(total, total);
  const sum = (a: Float64Array | null | undefined): number => (a ? a.reduce((s, v) => s + v, 0) : 0);
  return {
    model_id: model.id,
    scoring,
    totals: {
      expected_purchases: sum(scores?.expectedPurchases),
      expected_spend_mean: n > 0 ? sum(scores?.expectedSpend) / n : 0,
      clv: sum(scores?.clv),
    },
    removed,
    changed,
    scored_at: scoredAt,
  };
}
