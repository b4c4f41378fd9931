import { parseIsoTimestamp } from './parse-iso-timestamp.js';
import type { CompareOp } from './rule.js';
import { OPS_BY_TYPE, type ValueType } from './subject-fields.js';

/**
 * The checks of values inside a rule (comparisons, lists, day counts) and the wording of
 * their issues, used by validateRule. Each problem goes to `report` with its JSON pointer.
 */
export type Report = (path: string, message: string) => void;

export const MAX_WINDOW_DAYS = 36500;
export const MAX_LIST_ITEMS = 1000;

export const ALL_OPS: readonly CompareOp[] = [
  'eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'starts_with',
  'exists', 'not_exists', 'within_last_days', 'more_than_days_ago', 'within_next_days',
];

/** A JSON pointer segment (RFC 6901). */
export function pointer(base: string, key: string | number): string {
  return `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function checkDays(report: Report, days: unknown, path: string, what: string): void {
  if (typeof days !== 'number' || !Number.isInteger(days)) {
    report(path, `${what} must be a whole number of days, got ${show(days)}`);
  } else if (days <= 0) {
    report(path, `${what} must be at least 1 day, got ${days}`);
  } else if (days > MAX_WINDOW_DAYS) {
    report(path, `${what} must be at most ${MAX_WINDOW_DAYS} days (100 years), got ${days}`);
  }
}

export function checkList(report: Report, value: unknown, path: string, ok: (x: unknown) => boolean, what: string): void {
  if (!Array.isArray(value)) {
    report(path, `expected a list of ${what}, got ${typeName(value)}`);
    return;
  }
  if (value.length === 0) {
    report(path, `the list is empty; give at least one value`);
    return;
  }
  if (value.length > MAX_LIST_ITEMS) report(path, `a list has at most ${MAX_LIST_ITEMS} values, got ${value.length}`);
  value.forEach((x, i) => {
    if (!ok(x)) report(pointer(path, i), `expected ${what}, got ${typeName(x)}`);
  });
}

/** Checks op and value of a comparison on a value of the given type (`what` names it in messages). */
export function checkComparison(
report: Report,
node: Record<string, unknown>,
path: string,
type: ValueType,
what: string,
noPresence = false,
): void {
  const op = node.op;
  const opPath = pointer(path, 'op');
  const valuePath = pointer(path, 'value');
  if (op === undefined) {
    report(opPath, `op is required`);
    return;
  }
  if (typeof op !== 'string' || !ALL_OPS.includes(op as CompareOp)) {
    report(opPath, `unknown operator ${show(op)}; operators: ${ALL_OPS.join(', ')}`);
    return;
  }
  const allowed = OPS_BY_TYPE[type].filter((o) => !(noPresence && (o === 'exists' || o === 'not_exists')));
  if (!allowed.includes(op as CompareOp)) {
    report(opPath, `operator ${show(op)} does not apply to ${what} (a ${type}); use one of ${allowed.join(', ')}`);
    return;
  }
  const value = node.value;
  const scalar = (x: unknown): boolean =>
    type === 'number' ? typeof x === 'number' && Number.isFinite(x)
    : type === 'date' ? typeof x === 'string' && parseIsoTimestamp(x) !== null
    : typeof x === type;
  const expected = type === 'date' ? 'an ISO 8601 date or date-time string (e.g. 2026-03-01 or 2026-03-01T12:00:00Z)' : `a ${type}`;
  switch (op as CompareOp) {
    case 'exists':
    case 'not_exists':
      if (value !== undefined) report(valuePath, `${op} takes no value`);
      return;
    case 'within_last_days':
    case 'more_than_days_ago':
    case 'within_next_days':
      if (value === undefined) report(valuePath, `${op} needs a value: a number of days`);
      else checkDays(report, value, valuePath, 'value');
      return;
    case 'in':
    case 'not_in':
      checkList(report, value, valuePath, scalar, `${type}s`);
      return;
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) {
        report(valuePath, `between needs [low, high], got ${typeName(value)}${Array.isArray(value) ? ` of ${value.length}` : ''}`);
        return;
      }
      let bad = false;
      value.forEach((x, i) => {
        if (!scalar(x)) {
          report(pointer(valuePath, i), `expected ${expected}, got ${show(x)}`);
          bad = true;
        }
      });
      if (bad) return;
      const [lo, hi] = type === 'date' ? value.map((x) => parseIsoTimestamp(x as string)!) : (value as number[]);
      if (lo! > hi!) report(valuePath, `the low end ${show(value[0])} is above the high end ${show(value[1])}`);
      return;
    }
    case 'contains':
    case 'starts_with':
      if (typeof value !== 'string' || value === '') report(valuePath, `${op} needs a non-empty string, got ${show(value)}`);
      return;
    default:
      if (value === undefined) report(valuePath, `${op} needs a value: ${expected}`);
      else if (!scalar(value)) report(valuePath, `${op} on ${what} needs ${expected}, got ${show(value)}`);
  }
}
