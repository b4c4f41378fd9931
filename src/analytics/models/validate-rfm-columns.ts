import { AppError, type FieldIssue } from '../../errors/app-error.js';

/**
 * Calibration-period summary per customer, in one time unit (days or weeks):
 * x = repeat purchases (purchase days after the first), tx = time of the last purchase
 * measured from the first, T = time from the first purchase to the end of calibration.
 */
export interface RfmColumns {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
}

const MAX_ISSUES = 20;

/**
 * Checks an RFM summary before a model sees it and throws one AppError('validation_failed')
 * listing every bad row (up to 20), e.g. `/summary/17/tx: must not exceed T (3.2 > 2.0)`.
 */
export function validateRfmColumns(data: RfmColumns, path = '/summary'): number {
  const n = data.x.length;
  const issues: FieldIssue[] = [];
  if (data.tx.length !== n || data.T.length !== n) {
    throw new AppError('validation_failed', 'The summary columns x, tx and T must have the same length', [
      { path, message: `x has ${n} rows, tx ${data.tx.length}, T ${data.T.length}` },
    ]);
  }
  if (n === 0) throw new AppError('validation_failed', 'The summary has no customers', [{ path, message: 'no rows' }]);
  let total = 0;
  for (let i = 0; i < n && issues.length < MAX_ISSUES; i++) {
    const x = data.x[i]!;
    const tx = data.tx[i]!;
    const T = data.T[i]!;
    if (!Number.isFinite(x) || x < 0 || !Number.isInteger(x)) {
      issues.push({ path: `${path}/${i}/x`, message: `must be a whole number of repeat purchases >= 0 (got ${x})` });
    }
    if (!Number.isFinite(tx) || tx < 0) issues.push({ path: `${path}/${i}/tx`, message: `must be a finite time >= 0 (got ${tx})` });
    if (!Number.isFinite(T) || T < 0) issues.push({ path: `${path}/${i}/T`, message: `must be a finite time >= 0 (got ${T})` });
    else if (tx > T) issues.push({ path: `${path}/${i}/tx`, message: `must not exceed T (${tx} > ${T})` });
    if (x === 0 && tx !== 0) issues.push({ path: `${path}/${i}/tx`, message: `must be 0 when x is 0 (got ${tx})` });
    total += 1;
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', `The RFM summary has invalid values (${issues.length}${issues.length === MAX_ISSUES ? '+' : ''} problems)`, issues);
  }
  return total;
}
