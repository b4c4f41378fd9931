import type { CompareOp, SubjectType, TraitCondition } from './rule.js';

/** The types a rule leaf can compare. */
export type ValueType = 'string' | 'number' | 'boolean' | 'date';

/**
 * The columns a trait condition may name, per subject type, with their fixed types. The
 * column names here are also the SQL column names (they are never taken from user input).
 */
export const SUBJECT_COLUMNS: Readonly<Record<SubjectType, Readonly<Record<string, ValueType>>>> = {
  account: {
    name: 'string',
    domain: 'string',
    industry: 'string',
    employees: 'number',
    country: 'string',
    owner: 'string',
    kind: 'string',
    created_at: 'date',
  },
  contact: {
    email: 'string',
    first_name: 'string',
    last_name: 'string',
    title: 'string',
    locale: 'string',
    timezone: 'string',
    buying_role: 'string',
    persona: 'string',
    created_at: 'date',
  },
};

export const TRAITS_PREFIX = 'traits.';

/** Which operators each value type accepts. */
export const OPS_BY_TYPE: Readonly<Record<ValueType, readonly CompareOp[]>> = {
  string: ['eq', 'neq', 'in', 'not_in', 'contains', 'starts_with', 'exists', 'not_exists'],
  number: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists'],
  boolean: ['eq', 'neq', 'in', 'not_in', 'exists', 'not_exists'],
  date: ['gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists', 'within_last_days', 'more_than_days_ago', 'within_next_days'],
};

/** A trait condition's field: a fixed column, or a key of the free `traits` object. */
export type TraitField =
  | { kind: 'column'; column: string; type: ValueType }
  | { kind: 'trait'; key: string; type: ValueType };

/** Resolves `trait` (and the optional declared `type`) of a validated condition. */
export function resolveTraitField(subject: SubjectType, cond: Pick<TraitCondition, 'trait' | 'type'>): TraitField | null {
  if (cond.trait.startsWith(TRAITS_PREFIX)) {
    const key = cond.trait.slice(TRAITS_PREFIX.length);
    if (key === '') return null;
    return { kind: 'trait', key, type: cond.type ?? 'string' };
  }
  const columns = SUBJECT_COLUMNS[subject];
  if (!Object.hasOwn(columns, cond.trait)) return null;
  return { kind: 'column', column: cond.trait, type: columns[cond.trait]! };
}
