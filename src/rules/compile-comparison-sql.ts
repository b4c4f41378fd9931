import { formatTimestampUtc, parseIsoTimestamp } from './parse-iso-timestamp.js';
import type { CompareOp, CompareValue, ScalarValue } from './rule.js';
import type { ValueType } from './subject-fields.js';

/** Makes the SQL of one operand: a parameter, or a column that holds one. */
export type Operand = (value: unknown, cast: string) => string;

/** The session-independent SQL of "now minus/plus n days" (days of 24 hours, as in JavaScript). */
export function daysFromNowSql(sign: '-' | '+', days: string): string {
  return `($2::timestamptz ${sign} make_interval(hours => 24 * ${days}))`;
}

/**
 * SQL for `x <op> value`, where x is a SQL expression of the given type that is NULL when
 * the value is missing. The result is NULL or false for a missing x except for not_exists;
 * callers wrap it in coalesce(..., false). `numberCast` is numeric for exact values and
 * float8 for the double-precision metrics.
 */
export function comparisonSql(
  x: string,
  type: ValueType,
  op: CompareOp,
  value: CompareValue | undefined,
  operand: Operand,
  numberCast: 'numeric' | 'float8' = 'numeric',
): string {
  const cast = type === 'number' ? numberCast : type === 'string' ? 'text' : type === 'boolean' ? 'boolean' : 'timestamptz';
  const one = (v: ScalarValue) =>
    type === 'date' ? operand(formatTimestampUtc(parseIsoTimestamp(String(v))!), cast) : operand(v, cast);
  const list = () => operand(value, `${cast}[]`);
  const pair = () => value as [ScalarValue, ScalarValue];
  switch (op) {
    case 'eq': return `${x} = ${one(value as ScalarValue)}`;
    case 'neq': return `${x} <> ${one(value as ScalarValue)}`;
    case 'in': return `${x} = ANY(${list()})`;
    case 'not_in': return `NOT (${x} = ANY(${list()}))`;
    case 'gt': return `${x} > ${one(value as ScalarValue)}`;
    case 'gte': return `${x} >= ${one(value as ScalarValue)}`;
    case 'lt': return `${x} < ${one(value as ScalarValue)}`;
    case 'lte': return `${x} <= ${one(value as ScalarValue)}`;
    case 'between': return `${x} BETWEEN ${one(pair()[0])} AND ${one(pair()[1])}`;
    case 'contains': return `strpos(lower(${x}), lower(${operand(value, 'text')})) > 0`;
    case 'starts_with': return `starts_with(lower(${x}), lower(${operand(value, 'text')}))`;
    case 'exists': return `${x} IS NOT NULL`;
    case 'not_exists': return `${x} IS NULL`;
    case 'within_last_days':
      return `(${x} > ${daysFromNowSql('-', operand(value, 'integer'))} AND ${x} <= $2::timestamptz)`;
    case 'more_than_days_ago':
      return `${x} <= ${daysFromNowSql('-', operand(value, 'integer'))}`;
    case 'within_next_days':
      return `(${x} > $2::timestamptz AND ${x} <= ${daysFromNowSql('+', operand(value, 'integer'))})`;
  }
}
