import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { compressRfmRows } from './compress-rfm-rows.js';
import type { BgNbdParams } from './fit-bg-nbd.js';
import { gammaGammaExpectedSpend, type GammaGammaParams } from './fit-gamma-gamma.js';
import type { ParetoNbdParams } from './pareto-nbd-likelihood.js';
import { bgNbdExpectedPurchasesIfAliveMany, bgNbdProbabilityAlive } from './predict-bg-nbd.js';
import { paretoNbdExpectedPurchasesIfAliveMany, paretoNbdProbabilityAlive } from './predict-pareto-nbd.js';
import { validateRfmColumns, type RfmColumns } from './validate-rfm-columns.js';

export type TransactionModel = { kind: 'bg-nbd'; params: BgNbdParams } | { kind: 'pareto-nbd'; params: ParetoNbdParams };

/**
 * CLV as lifetimes' `customer_lifetime_value` computes it: over `periods` periods of
 * `periodLength` time units each, sum expected spend * expected purchases in the period,
 * discounted by (1 + discountRate)^k for period k (k = 1..periods), times the margin.
 */
export interface ClvOptions {
  periods: number;
  /** Length of one period in the model's time unit (a month in weeks: 4.345). */
  periodLength: number;
  /** Discount rate per period (0.01 = 1 % a period). */
  discountRate: number;
  /** Share of spend that is profit (default 1: CLV in revenue). */
  margin?: number;
}

export interface ScoreCustomersInput {
  summary: RfmColumns & { zbar?: ArrayLike<number> };
  transactionModel: TransactionModel;
  /** Needed for expected spend and CLV. */
  spendModel?: GammaGammaParams;
  /** Expected purchases are for (T, T + horizon], in the model's time unit. */
  horizon: number;
  clv?: ClvOptions;
}

export interface CustomerScores {
  expectedPurchases: Float64Array;
  probabilityAlive: Float64Array;
  /** Expected mean transaction value (Gamma-Gamma), or null without a spend model. */
  expectedSpend: Float64Array | null;
  /** Discounted lifetime value over the CLV horizon, or null without CLV options. */
  clv: Float64Array | null;
}

/**
 * Per-customer predictions from fitted models. Customers sharing (x, tx, T) share the
 * purchase predictions, so the model functions run once per distinct row.
 */
export function scoreCustomers(input: ScoreCustomersInput): CustomerScores {
  validateRfmColumns(input.summary);
  validateOptions(input);
  const { summary, transactionModel: model } = input;
  const n = summary.x.length;
  const rows = compressRfmRows(summary);
  const u = rows.x.length;
  const aliveRow = new Float64Array(u);
  const purchasesRow = new Float64Array(u);
  const clv = input.clv;
  const discountedRow = clv ? new Float64Array(u) : null;
  const ifAliveMany =
    model.kind === 'bg-nbd'
      ? (t: Float64Array, x: number, T: number, out: Float64Array) => bgNbdExpectedPurchasesIfAliveMany(model.params, t, x, T, out)
      : (t: Float64Array, x: number, T: number, out: Float64Array) => paretoNbdExpectedPurchasesIfAliveMany(model.params, t, x, T, out);
  const alive =
    model.kind === 'bg-nbd'
      ? (x: number, tx: number, T: number) => bgNbdProbabilityAlive(model.params, x, tx, T)
      : (x: number, tx: number, T: number) => paretoNbdProbabilityAlive(model.params, x, tx, T);
  // Horizons evaluated together per row: [next-period horizon, L, 2L, ..., periods*L].
  const periods = clv ? clv.periods : 0;
  const horizons = new Float64Array(1 + periods);
  horizons[0] = input.horizon;
  for (let k = 1; k <= periods; k++) horizons[k] = k * clv!.periodLength;
  const discount = new Float64Array(1 + periods);
  for (let k = 1; k <= periods; k++) discount[k] = 1 / (1 + clv!.discountRate) ** k;
  const cumulative = new Float64Array(1 + periods);
  for (let k = 0; k < u; k++) {
    const x = rows.x[k]!;
    const T = rows.T[k]!;
    const pa = alive(x, rows.tx[k]!, T);
    aliveRow[k] = pa;
    ifAliveMany(horizons, x, T, cumulative);
    purchasesRow[k] = pa * cumulative[0]!;
    if (discountedRow) {
      let previous = 0;
      let acc = 0;
      for (let period = 1; period <= periods; period++) {
        acc += (cumulative[period]! - previous) * discount[period]!;
        previous = cumulative[period]!;
      }
      discountedRow[k] = pa * acc;
    }
  }
  const expectedPurchases = new Float64Array(n);
  const probabilityAlive = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = rows.rowOf[i]!;
    expectedPurchases[i] = purchasesRow[k]!;
    probabilityAlive[i] = aliveRow[k]!;
  }
  let expectedSpend: Float64Array | null = null;
  let value: Float64Array | null = null;
  if (input.spendModel) {
    const zbar = summary.zbar!;
    expectedSpend = new Float64Array(n);
    for (let i = 0; i < n; i++) expectedSpend[i] = gammaGammaExpectedSpend(input.spendModel, summary.x[i]!, zbar[i]!);
    if (clv && discountedRow) {
      const margin = clv.margin ?? 1;
      value = new Float64Array(n);
      for (let i = 0; i < n; i++) value[i] = margin * expectedSpend[i]! * discountedRow[rows.rowOf[i]!]!;
    }
  }
  for (const [name, column] of [
    ['expectedPurchases', expectedPurchases],
    ['probabilityAlive', probabilityAlive],
    ['expectedSpend', expectedSpend],
    ['clv', value],
  ] as const) {
    if (!column) continue;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(column[i]!)) {
        throw new AppError('internal', `The model produced a non-finite ${name} for customer ${i} (x=${summary.x[i]}, tx=${summary.tx[i]}, T=${summary.T[i]})`, [
          { path: `/summary/${i}`, message: `${name} is not a finite number` },
        ]);
      }
    }
  }
  return { expectedPurchases, probabilityAlive, expectedSpend, clv: value };
}

function validateOptions(input: ScoreCustomersInput): void {
  const issues: FieldIssue[] = [];
  const positive = (path: string, v: number): void => {
    if (!Number.isFinite(v) || v <= 0) issues.push({ path, message: `must be a positive finite number (got ${v})` });
  };
  for (const [name, v] of Object.entries(input.transactionModel.params)) positive(`/transactionModel/params/${name}`, v as number);
  positive('/horizon', input.horizon);
  if (input.spendModel) {
    for (const [name, v] of Object.entries(input.spendModel)) positive(`/spendModel/${name}`, v as number);
    if (input.spendModel.q <= 1) issues.push({ path: '/spendModel/q', message: 'must exceed 1 for the mean spend to exist' });
    const zbar = input.summary.zbar;
    if (!zbar || zbar.length !== input.summary.x.length) issues.push({ path: '/summary/zbar', message: 'the spend model needs zbar for every customer' });
    else {
      for (let i = 0; i < zbar.length && issues.length < 20; i++) {
        if (!Number.isFinite(zbar[i]!) || zbar[i]! < 0) issues.push({ path: `/summary/${i}/zbar`, message: `must be a finite amount >= 0 (got ${zbar[i]})` });
      }
    }
  }
  const clv = input.clv;
  if (clv) {
    if (!Number.isInteger(clv.periods) || clv.periods < 1 || clv.periods > 1200) issues.push({ path: '/clv/periods', message: `must be a whole number from 1 to 1200 (got ${clv.periods})` });
    positive('/clv/periodLength', clv.periodLength);
    if (!Number.isFinite(clv.discountRate) || clv.discountRate < 0) issues.push({ path: '/clv/discountRate', message: `must be a finite rate >= 0 (got ${clv.discountRate})` });
    if (clv.margin !== undefined && (!Number.isFinite(clv.margin) || clv.margin < 0)) issues.push({ path: '/clv/margin', message: `must be a finite share >= 0 (got ${clv.margin})` });
    if (!input.spendModel) issues.push({ path: '/spendModel', message: 'CLV needs a fitted spend model' });
  }
  if (issues.length > 0) throw new AppError('validation_failed', 'Invalid scoring request', issues);
}
