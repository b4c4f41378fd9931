import { AppError, type FieldIssue } from '../../errors/app-error.js';

/**
 * Builds the calibration-period RFM summary the BG/NBD, Pareto/NBD and Gamma-Gamma models
 * take, from raw transactions, the way Fader & Hardie build it for CDNOW
 * (brucehardie.com/notes/022): purchases on the same day are merged into one, the first
 * purchase day is not a repeat purchase, and times are measured in days or weeks.
 *
 * Per customer with a first purchase on or before the calibration end:
 *   x    = purchase days after the first, up to and including the calibration end
 *   tx   = (last calibration purchase day - first purchase day) / unit
 *   T    = (calibration end - first purchase day) / unit
 *   zbar = mean merged spend of the x repeat purchase days (0 when x = 0)
 * and, when an observation end is given, the holdout: purchase days (and spend) in
 * (calibration end, observation end].
 *
 * Runs in O(n) apart from sorting each customer's own transactions: a counting sort groups
 * the rows by customer, so millions of transactions take well under a second.
 */
export interface TransactionColumns {
  /** Customer id per transaction (numbers or strings). */
  customer: ArrayLike<number | string>;
  /** Whole days since 1970-01-01 (UTC) per transaction; see dayNumberFromIsoDate. */
  day: ArrayLike<number>;
  /** Money per transaction (>= 0). Optional: without it zbar and holdout spend are null. */
  amount?: ArrayLike<number>;
}

export type TimeUnit = 'days' | 'weeks';

export interface SummarizeRfmOptions {
  /** Last day of the calibration period (inclusive), as a day number. */
  calibrationEnd: number;
  /** Last day of the holdout period (inclusive); omit when there is no holdout. */
  observationEnd?: number;
  unit: TimeUnit;
}

export interface RfmSummary {
  unit: TimeUnit;
  customerIds: (number | string)[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  zbar: Float64Array | null;
  firstDay: Int32Array;
  /** Repeat purchase days in the holdout, or null without an observation end. */
  holdoutX: Float64Array | null;
  holdoutSpend: Float64Array | null;
  /** Holdout length in the time unit, or null. */
  holdoutLength: number | null;
  /** Customers whose first purchase falls after the calibration end (not in the summary). */
  excludedCustomers: number;
}

const MAX_ISSUES = 20;
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' (or a Date) to whole days since 1970-01-01 UTC. */
export function dayNumberFromIsoDate(date: string | Date): number {
  const ms = typeof date === 'string' ? Date.parse(`${date.slice(0, 10)}T00:00:00Z`) : date.getTime();
  if (!Number.isFinite(ms)) throw new AppError('validation_failed', `Not a date: ${String(date)}`, [{ path: '/date', message: 'must be YYYY-MM-DD' }]);
  return Math.floor(ms / DAY_MS);
}

export function isoDateFromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function summarizeRfm(tx: TransactionColumns, options: SummarizeRfmOptions): RfmSummary {
  const n = tx.customer.length;
  const { minDay, maxDay } = validateTransactions(tx, n);
  validateDates(options, minDay, maxDay);
  const unitDays = options.unit === 'weeks' ? 7 : 1;
  const { dense, ids } = denseCustomerIndex(tx.customer, n);
  const m = ids.length;

  // Counting sort of transaction indices by customer.
  const start = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) start[dense[i]! + 1]! += 1;
  for (let c = 0; c < m; c++) start[c + 1]! += start[c]!;
  const cursor = start.slice(0, m);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[cursor[dense[i]!]!++] = i;

  const calEnd = options.calibrationEnd;
  const obsEnd = options.observationEnd;
  const amount = tx.amount;
  const outX = new Float64Array(m);
  const outTx = new Float64Array(m);
  const outT = new Float64Array(m);
  const outZ = amount ? new Float64Array(m) : null;
  const outFirst = new Int32Array(m);
  const outHx = obsEnd !== undefined ? new Float64Array(m) : null;
  const outHs = obsEnd !== undefined && amount ? new Float64Array(m) : null;
  const keep = new Int32Array(m);
  let kept = 0;
  let scratchDay = new Float64Array(64);
  let scratchAmt = new Float64Array(64);
  let keys = new Float64Array(64);

  for (let c = 0; c < m; c++) {
    const from = start[c]!;
    const len = start[c + 1]! - from;
    if (len > scratchDay.length) {
      scratchDay = new Float64Array(len * 2);
      scratchAmt = new Float64Array(len * 2);
      keys = new Float64Array(len * 2);
    }
    for (let k = 0; k < len; k++) {
      const i = order[from + k]!;
      scratchDay[k] = tx.day[i]!;
      scratchAmt[k] = amount ? amount[i]! : 0;
    }
    sortByDay(scratchDay, scratchAmt, keys, len, minDay);
    const first = scratchDay[0]!;
    if (first > calEnd) continue;
    let x = 0;
    let last = first;
    let repeatSpend = 0;
    let hx = 0;
    let hs = 0;
    let k = 0;
    while (k < len) {
      const day = scratchDay[k]!;
      let spend = 0;
      while (k < len && scratchDay[k] === day) spend += scratchAmt[k++]!;
      if (day === first) continue;
      if (day <= calEnd) {
        x += 1;
        last = day;
        repeatSpend += spend;
      } else if (obsEnd !== undefined && day <= obsEnd) {
        hx += 1;
        hs += spend;
      }
    }
    outX[kept] = x;
    outTx[kept] = (last - first) / unitDays;
    outT[kept] = (calEnd - first) / unitDays;
    if (outZ) outZ[kept] = x > 0 ? repeatSpend / x : 0;
    outFirst[kept] = first;
    if (outHx) outHx[kept] = hx;
    if (outHs) outHs[kept] = hs;
    keep[kept] = c;
    kept += 1;
  }
  const customerIds = new Array<number | string>(kept);
  for (let k = 0; k < kept; k++) customerIds[k] = ids[keep[k]!]!;
  return {
    unit: options.unit,
    customerIds,
    x: outX.slice(0, kept),
    tx: outTx.slice(0, kept),
    T: outT.slice(0, kept),
    zbar: outZ ? outZ.slice(0, kept) : null,
    firstDay: outFirst.slice(0, kept),
    holdoutX: outHx ? outHx.slice(0, kept) : null,
    holdoutSpend: outHs ? outHs.slice(0, kept) : null,
    holdoutLength: obsEnd !== undefined ? (obsEnd - calEnd) / unitDays : null,
    excludedCustomers: m - kept,
  };
}

function validateTransactions(tx: TransactionColumns, n: number): { minDay: number; maxDay: number } {
  const issues: FieldIssue[] = [];
  if (tx.day.length !== n || (tx.amount && tx.amount.length !== n)) {
    throw new AppError('validation_failed', 'Transaction columns must have the same length', [
      { path: '/transactions', message: `customer has ${n} rows, day ${tx.day.length}${tx.amount ? `, amount ${tx.amount.length}` : ''}` },
    ]);
  }
  if (n === 0) throw new AppError('validation_failed', 'There are no transactions to summarise', [{ path: '/transactions', message: 'no rows' }]);
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n && issues.length < MAX_ISSUES; i++) {
    const c = tx.customer[i];
    if (c === undefined || c === null || c === '' || (typeof c === 'number' && !Number.isFinite(c))) {
      issues.push({ path: `/transactions/${i}/customer`, message: `must be a customer id (got ${String(c)})` });
    }
    const d = tx.day[i]!;
    if (!Number.isInteger(d)) issues.push({ path: `/transactions/${i}/day`, message: `must be a whole day number (got ${d})` });
    else {
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
    if (tx.amount) {
      const a = tx.amount[i]!;
      if (!Number.isFinite(a)) issues.push({ path: `/transactions/${i}/amount`, message: `must be a finite number (got ${a})` });
      else if (a < 0) issues.push({ path: `/transactions/${i}/amount`, message: `must not be negative (got ${a}); leave refunds out of the purchase history` });
    }
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', `The transactions have invalid values (${issues.length}${issues.length === MAX_ISSUES ? '+' : ''} problems)`, issues);
  }
  return { minDay, maxDay };
}

function validateDates(options: SummarizeRfmOptions, minDay: number, maxDay: number): void {
  if (options.unit !== 'days' && options.unit !== 'weeks') {
    throw new AppError('validation_failed', 'The time unit must be days or weeks', [{ path: '/unit', message: `got ${String(options.unit)}` }]);
  }
  const range = `${isoDateFromDayNumber(minDay)} to ${isoDateFromDayNumber(maxDay)}`;
  const cal = options.calibrationEnd;
  if (!Number.isInteger(cal)) {
    throw new AppError('validation_failed', 'The calibration end must be a whole day number', [{ path: '/calibrationEnd', message: `got ${cal}` }]);
  }
  if (cal < minDay || cal > maxDay) {
    throw new AppError('validation_failed', `The calibration end ${isoDateFromDayNumber(cal)} is outside the data (${range})`, [
      { path: '/calibrationEnd', message: `must fall within ${range}` },
    ]);
  }
  const obs = options.observationEnd;
  if (obs === undefined) return;
  if (!Number.isInteger(obs) || obs <= cal || obs > maxDay) {
    throw new AppError('validation_failed', `The observation end must be after the calibration end and within the data (${range})`, [
      { path: '/observationEnd', message: Number.isInteger(obs) ? `${isoDateFromDayNumber(obs)} is not in (${isoDateFromDayNumber(cal)}, ${isoDateFromDayNumber(maxDay)}]` : `got ${obs}` },
    ]);
  }
}

/** Dense 0..m-1 index per transaction; small non-negative integer ids index an array directly. */
function denseCustomerIndex(customer: ArrayLike<number | string>, n: number): { dense: Int32Array; ids: (number | string)[] } {
  const dense = new Int32Array(n);
  let maxId = -1;
  let direct = true;
  for (let i = 0; i < n; i++) {
    const c = customer[i]!;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
      direct = false;
      break;
    }
    if (c > maxId) maxId = c;
  }
  if (direct && maxId < 4 * n + 1_000_000) {
    const slot = new Int32Array(maxId + 1).fill(-1);
    for (let i = 0; i < n; i++) slot[customer[i] as number] = 0;
    const ids: number[] = [];
    for (let id = 0; id <= maxId; id++) {
      if (slot[id] === 0) {
        slot[id] = ids.length;
        ids.push(id);
      }
    }
    for (let i = 0; i < n; i++) dense[i] = slot[customer[i] as number]!;
    return { dense, ids };
  }
  const index = new Map<number | string, number>();
  const ids: (number | string)[] = [];
  for (let i = 0; i < n; i++) {
    const c = customer[i]!;
    let k = index.get(c);
    if (k === undefined) {
      k = ids.length;
      index.set(c, k);
      ids.push(c);
    }
    dense[i] = k;
  }
  return { dense, ids };
}

/** Sorts the first len (day, amount) pairs by day: insertion sort when short, keyed sort otherwise. */
function sortByDay(day: Float64Array, amt: Float64Array, keys: Float64Array, len: number, minDay: number): void {
  if (len <= 24) {
    for (let i = 1; i < len; i++) {
      const d = day[i]!;
      const a = amt[i]!;
      let j = i - 1;
      while (j >= 0 && day[j]! > d) {
        day[j + 1] = day[j]!;
        amt[j + 1] = amt[j]!;
        j -= 1;
      }
      day[j + 1] = d;
      amt[j + 1] = a;
    }
    return;
  }
  for (let k = 0; k < len; k++) keys[k] = (day[k]! - minDay) * len + k;
  const view = keys.subarray(0, len).sort();
  const d2 = day.slice(0, len);
  const a2 = amt.slice(0, len);
  for (let k = 0; k < len; k++) {
    const j = view[k]! % len;
    day[k] = d2[j]!;
    amt[k] = a2[j]!;
  }
}
