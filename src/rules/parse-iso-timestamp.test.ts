import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { ExactDecimal, ExactRatio } from './exact-decimal.js';
import { formatTimestampUtc, parseIsoTimestamp } from './parse-iso-timestamp.js';

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
/** ISO-ish strings around every edge the SQL function and PostgreSQL's input check. */
const isoish = fc.oneof(
  fc
    .record({
      year: fc.constantFrom('0000', '0001', '1900', '1969', '1970', '2000', '2024', '2025', '2100', '9999'),
      month: two(13),
      day: two(32),
      sep: fc.constantFrom('T', ' ', 't'),
      time: fc.option(fc.record({ h: two(25), m: two(61), s: fc.option(two(61), { nil: undefined }), frac: fc.option(fc.stringMatching(/^[0-9]{1,7}$/), { nil: undefined }) }), { nil: undefined }),
      zone: fc.option(fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), two(16), fc.constantFrom(':', ''), two(60)).map((p) => p.join(''))), { nil: undefined }),
    })
    .map(({ year, month, day, sep, time, zone }) => {
      if (!time) return `${year}-${month}-${day}${zone ?? ''}`;
      const secs = time.s === undefined ? '' : `:${time.s}${time.frac === undefined ? '' : `.${time.frac}`}`;
      return `${year}-${month}-${day}${sep}${time.h}:${time.m}${secs}${zone ?? ''}`;
    }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2024-01-01T24:00', '2024-01-01T24:00:00.000001', '2024-12-31T23:59:60.5Z', '2024-01-01T10:00+15:59', '2024-01-01T10:00-1600', '٢٠٢٤-01-01', '2024-01-01\n'),
);

describe('ExactDecimal', () => {
  it('adds and compares exactly', () => {
    const d = (x: number | string) => ExactDecimal.of(x)!;
    expect(d(0.1).plus(d(0.2)).compare(d(0.3))).toBe(0);
    expect(d('12.50').compare(d(12.5))).toBe(0);
    expect(d(1e-7).plus(d(1e21)).toString()).toBe('1000000000000000000000.0000001');
    expect(d('-3').minus(d('0.25')).toString()).toBe('-3.25');
    expect(ExactDecimal.of(Number.NaN)).toBeNull();
    expect(new ExactRatio(d(10), 3n).compare(d(3.3333333333333335))).toBe(-1);
    expect(new ExactRatio(d(7), 2n).compare(d(3.5))).toBe(0);
  });
});

describeEachDatabase('parseIsoTimestamp is kanta_try_timestamptz in JavaScript', ({ db }) => {
  it('agrees with the SQL function on edge cases and random strings, to the microsecond', async () => {
    const samples = fc.sample(isoish, { numRuns: 3000, seed: 42 });
    const rows = await db().query<{ us: string | null }>(
      `SELECT (extract(epoch from kanta_try_timestamptz(s)) * 1000000)::bigint::text AS us FROM unnest($1::text[]) WITH ORDINALITY AS t(s, i) ORDER BY i`,
      [samples],
    );
    let valid = 0;
    samples.forEach((s, i) => {
      const js = parseIsoTimestamp(s);
      expect(js === null ? null : js.toString(), JSON.stringify(s)).toBe(rows[i]!.us);
      if (js !== null) valid++;
    });
    expect(valid).toBeGreaterThan(300);
  });

  it('formats microseconds as a literal PostgreSQL reads back exactly, in any session time zone', async () => {
    const values = fc.sample(fc.bigInt({ min: -62135596800000000n - 86400000000n, max: 253402300799999999n }), { numRuns: 500, seed: 7 });
    const rows = await db().query<{ us: string }>(
      `SELECT (extract(epoch from s::timestamptz) * 1000000)::bigint::text AS us FROM unnest($1::text[]) WITH ORDINALITY AS t(s, i) ORDER BY i`,
      [values.map(formatTimestampUtc)],
    );
    values.forEach((v, i) => expect(rows[i]!.us, formatTimestampUtc(v)).toBe(v.toString()));
  });
});
