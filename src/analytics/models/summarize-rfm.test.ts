import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { dayNumberFromIsoDate, isoDateFromDayNumber, summarizeRfm } from './summarize-rfm.js';
import { readCdnowSample, readCdnowSummary } from './testing/read-cdnow.js';

const day = dayNumberFromIsoDate;
const CAL_END = day('1997-09-30');
const OBS_END = day('1998-06-30');

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('summarizeRfm on the CDNOW sample', () => {
  const tx = readCdnowSample();
  const summary = summarizeRfm(tx, { calibrationEnd: CAL_END, observationEnd: OBS_END, unit: 'weeks' });
  const published = readCdnowSummary();

  it('rebuilds the published calibration summary (2,357 customers, weeks, to 1997-09-30)', () => {
    expect(tx.customer.length).toBe(6919);
    expect(summary.x.length).toBe(2357);
    expect(summary.excludedCustomers).toBe(0);
    let maxTxDiff = 0;
    let maxTDiff = 0;
    let maxZDiff = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < summary.x.length; i++) {
      const j = (summary.customerIds[i] as number) - 1;
      if (published.id[j] !== j + 1) mismatches.push(`row ${j} has id ${published.id[j]}`);
      if (summary.x[i] !== published.x[j]) mismatches.push(`customer ${j + 1}: x ${summary.x[i]} != ${published.x[j]}`);
      maxTxDiff = Math.max(maxTxDiff, Math.abs(summary.tx[i]! - published.tx[j]!));
      maxTDiff = Math.max(maxTDiff, Math.abs(summary.T[i]! - published.T[j]!));
      maxZDiff = Math.max(maxZDiff, Math.abs(summary.zbar![i]! - published.zbar[j]!));
    }
    expect(mismatches).toEqual([]);
    // The CSV is rounded to 2 decimals: half a unit in the last place, plus float noise.
    expect(maxTxDiff).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(maxTDiff).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(maxZDiff).toBeLessThanOrEqual(0.01);
  });

  it('merges same-day purchases (6,919 records, 6,696 customer-days) and does not count the first', () => {
    const days = new Set<string>();
    for (let i = 0; i < tx.customer.length; i++) days.add(`${tx.customer[i]}/${tx.day[i]}`);
    expect(days.size).toBe(6696);
    let calibrationDays = 0;
    for (const key of days) if (Number(key.split('/')[1]) <= CAL_END) calibrationDays += 1;
    const sumX = summary.x.reduce((a, b) => a + b, 0);
    // every customer's first purchase is in calibration, so repeat days = calibration days - customers
    expect(sumX).toBe(calibrationDays - 2357);
  });

  it('counts holdout repeat purchase days in the 39 weeks after calibration', () => {
    expect(summary.holdoutLength).toBe(39);
    const holdoutDays = new Set<string>();
    for (let i = 0; i < tx.customer.length; i++) {
      if (tx.day[i]! > CAL_END && tx.day[i]! <= OBS_END) holdoutDays.add(`${tx.customer[i]}/${tx.day[i]}`);
    }
    const total = summary.holdoutX!.reduce((a, b) => a + b, 0);
    expect(total).toBe(holdoutDays.size);
    expect(total).toBe(1882);
  });
});

describe('summarizeRfm on hand-made transactions', () => {
  it('handles string ids, unsorted input, same-day merges, days and holdout spend', () => {
    const s = summarizeRfm(
      {
        customer: ['b', 'a', 'a', 'a', 'b', 'a', 'c', 'a'],
        day: [15, 10, 12, 10, 16, 20, 25, 21],
        amount: [5, 1, 2, 3, 7, 4, 9, 100],
      },
      { calibrationEnd: 20, observationEnd: 25, unit: 'days' },
    );
    expect(s.customerIds).toEqual(['b', 'a']);
    expect(s.excludedCustomers).toBe(1); // c starts after calibration
    expect(Array.from(s.x)).toEqual([1, 2]); // a: days 10 (first, 2 rows), 12, 20
    expect(Array.from(s.tx)).toEqual([1, 10]);
    expect(Array.from(s.T)).toEqual([5, 10]);
    expect(Array.from(s.zbar!)).toEqual([7, 3]); // a: (2 + 4) / 2
    expect(Array.from(s.holdoutX!)).toEqual([0, 1]);
    expect(Array.from(s.holdoutSpend!)).toEqual([0, 100]);
    expect(Array.from(s.firstDay)).toEqual([15, 10]);
  });

  it('sorts customers with many transactions correctly (keyed sort path)', () => {
    const n = 200;
    const customer = new Int32Array(n).fill(7);
    const dayCol = Int32Array.from({ length: n }, (_, i) => 1000 + ((i * 37) % 100)); // each of 100 days twice, shuffled
    const amount = new Float64Array(n).fill(1);
    const s = summarizeRfm({ customer, day: dayCol, amount }, { calibrationEnd: 1049, unit: 'days' });
    expect(s.customerIds).toEqual([7]);
    expect(s.x[0]).toBe(49);
    expect(s.tx[0]).toBe(49);
    expect(s.zbar![0]).toBe(2); // two rows a day merged
  });

  it('works without amounts', () => {
    const s = summarizeRfm({ customer: [1, 1], day: [0, 14] }, { calibrationEnd: 14, unit: 'weeks' });
    expect(s.zbar).toBeNull();
    expect(s.x[0]).toBe(1);
    expect(s.tx[0]).toBe(2);
  });
});

describe('summarizeRfm rejects bad input with a clear message', () => {
  const ok = { customer: [1, 2], day: [100, 120], amount: [10, 20] };

  it('rejects a calibration date outside the data', () => {
    const e = thrown(() => summarizeRfm(ok, { calibrationEnd: 99, unit: 'days' }));
    expect(e.code).toBe('validation_failed');
    expect(e.message).toContain(`${isoDateFromDayNumber(99)} is outside the data`);
    expect(e.issues[0]!.path).toBe('/calibrationEnd');
    expect(() => summarizeRfm(ok, { calibrationEnd: 121, unit: 'days' })).toThrow(/outside the data/);
  });

  it('rejects an observation end before the calibration end or beyond the data', () => {
    expect(thrown(() => summarizeRfm(ok, { calibrationEnd: 110, observationEnd: 130, unit: 'days' })).issues[0]!.path).toBe('/observationEnd');
    expect(() => summarizeRfm(ok, { calibrationEnd: 110, observationEnd: 105, unit: 'days' })).toThrow(/after the calibration end/);
  });

  it('names every bad row: NaN and negative amounts, fractional days, missing ids', () => {
    const e = thrown(() =>
      summarizeRfm(
        { customer: [1, 2, '', 4], day: [100, 100.5, 101, 102], amount: [Number.NaN, 1, 1, -5] },
        { calibrationEnd: 101, unit: 'days' },
      ),
    );
    expect(e.issues.map((i) => i.path)).toEqual(['/transactions/0/amount', '/transactions/1/day', '/transactions/2/customer', '/transactions/3/amount']);
    expect(e.issues[3]!.message).toMatch(/must not be negative/);
  });

  it('rejects empty input, mismatched columns and unknown units', () => {
    expect(() => summarizeRfm({ customer: [], day: [] }, { calibrationEnd: 0, unit: 'days' })).toThrow(/no transactions/);
    expect(() => summarizeRfm({ customer: [1], day: [1, 2] }, { calibrationEnd: 1, unit: 'days' })).toThrow(/same length/);
    expect(() => summarizeRfm(ok, { calibrationEnd: 110, unit: 'months' as 'days' })).toThrow(/days or weeks/);
  });
});
