import { ExactDecimal, type ExactRatio } from './exact-decimal.js';
import { parseIsoTimestamp, US_PER_DAY } from './parse-iso-timestamp.js';
import type { CompareOp, CompareValue, ScalarValue } from './rule.js';

/** A fact as the evaluator holds it: typed, null when missing. */
export type FactValue =
  | { type: 'string'; value: string | null }
  | { type: 'number'; value: ExactRatio | null }
  | { type: 'boolean'; value: boolean | null }
  | { type: 'date'; value: bigint | null };

/**
 * PostgreSQL's lower() under a UTF-8 ctype maps code point by code point (no context rules,
 * no expansions): JavaScript's toLowerCase per code point, keeping the first code point of an
 * expansion ('İ' -> 'i', as PostgreSQL does).
 */
export function lowerLikePostgres(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += String.fromCodePoint(lower.codePointAt(0)!);
  }
  return out;
}

function number(v: ScalarValue): ExactDecimal {
  return ExactDecimal.of(v as number)!;
}

/**
 * The JavaScript twin of comparisonSql (compile-comparison-sql.ts): a missing value fails
 * every operator except not_exists. `nowUs` is the caller's now in microseconds.
 */
export function compareFactValue(fact: FactValue, op: CompareOp, value: CompareValue | undefined, nowUs: bigint): boolean {
  if (op === 'exists') return fact.value !== null;
  if (op === 'not_exists') return fact.value === null;
  if (fact.value === null) return false;
  const list = (value ?? []) as ScalarValue[];
  switch (fact.type) {
    case 'string': {
      const a = fact.value;
      switch (op) {
        case 'eq': return a === value;
        case 'neq': return a !== value;
        case 'in': return list.includes(a);
        case 'not_in': return !list.includes(a);
        case 'contains': return lowerLikePostgres(a).includes(lowerLikePostgres(String(value)));
        case 'starts_with': return lowerLikePostgres(a).startsWith(lowerLikePostgres(String(value)));
        default: return false;
      }
    }
    case 'boolean': {
      const a = fact.value;
      switch (op) {
        case 'eq': return a === value;
        case 'neq': return a !== value;
        case 'in': return list.includes(a);
        case 'not_in': return !list.includes(a);
        default: return false;
      }
    }
    case 'number': {
      const a = fact.value;
      const c = (v: ScalarValue) => a.compare(number(v));
      switch (op) {
        case 'eq': return c(value as number) === 0;
        case 'neq': return c(value as number) !== 0;
        case 'in': return list.some((v) => c(v) === 0);
        case 'not_in': return !list.some((v) => c(v) === 0);
        case 'gt': return c(value as number) > 0;
        case 'gte': return c(value as number) >= 0;
        case 'lt': return c(value as number) < 0;
        case 'lte': return c(value as number) <= 0;
        case 'between': return c(list[0]!) >= 0 && c(list[1]!) <= 0;
        default: return false;
      }
    }
    case 'date': {
      const a = fact.value;
      const at = (v: ScalarValue) => parseIsoTimestamp(String(v))!;
      const days = () => BigInt(value as number) * US_PER_DAY;
      switch (op) {
        case 'gt': return a > at(value as string);
        case 'gte': return a >= at(value as string);
        case 'lt': return a < at(value as string);
        case 'lte': return a <= at(value as string);
        case 'between': return a >= at(list[0]!) && a <= at(list[1]!);
        case 'within_last_days': return a > nowUs - days() && a <= nowUs;
        case 'more_than_days_ago': return a <= nowUs - days();
        case 'within_next_days': return a > nowUs && a <= nowUs + days();
        default: return false;
      }
    }
  }
}
