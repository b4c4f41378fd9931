/**
 * The rule language as the API speaks it (the server's src/rules/rule.ts): stored as JSON on
 * segments and lifecycle transitions, checked by the server on preview and save.
 */
export type SubjectType = 'account' | 'contact';
export const SUBJECT_TYPES: readonly SubjectType[] = ['account', 'contact'];

export type CompareOp =
  | 'eq' | 'neq' | 'in' | 'not_in'
  | 'gt' | 'gte' | 'lt' | 'lte' | 'between'
  | 'contains' | 'starts_with'
  | 'exists' | 'not_exists'
  | 'within_last_days' | 'more_than_days_ago' | 'within_next_days';

export type ScalarValue = string | number | boolean;
export type CompareValue = ScalarValue | ScalarValue[];

export interface Comparison {
  op: CompareOp;
  value?: CompareValue;
}

export type ValueType = 'string' | 'number' | 'boolean' | 'date';

export interface TraitCondition extends Comparison {
  trait: string;
  type?: ValueType;
}

export const EVENT_FNS = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'first_at', 'last_at'] as const;
export type EventFn = (typeof EVENT_FNS)[number];

export type EventMeasure =
  | { fn: 'count' }
  | { fn: 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last'; property: string }
  | { fn: 'first_at' | 'last_at' };

export type EventFilterOp = 'eq' | 'neq' | 'in';

export interface EventFilter {
  property: string;
  op: EventFilterOp;
  value: ScalarValue | ScalarValue[];
}

export interface EventCondition extends Comparison {
  event: string;
  measure?: EventMeasure;
  within_days?: number;
  where?: EventFilter[];
}

export const ORDER_MEASURES = ['count', 'revenue', 'avg_value', 'first_at', 'last_at'] as const;
export type OrderMeasure = (typeof ORDER_MEASURES)[number];

export interface OrderCondition extends Comparison {
  orders: OrderMeasure;
  within_days?: number;
}

export interface MetricCondition extends Comparison {
  metric: string;
}

export interface SegmentCondition {
  in_segment: string;
}

export interface StageCondition {
  stage_in: string[];
}

export type ContactsQuantifier = 'any' | 'all' | 'none';

export interface ContactsCondition {
  contacts: ContactsQuantifier | { count: Comparison };
  where: Rule;
}

export type Rule =
  | { all: Rule[] }
  | { any: Rule[] }
  | { not: Rule }
  | TraitCondition
  | EventCondition
  | OrderCondition
  | MetricCondition
  | SegmentCondition
  | StageCondition
  | ContactsCondition;

/** The fixed columns a trait condition may name, with their types (the rest are `traits.<key>`). */
export const SUBJECT_COLUMNS: Readonly<Record<SubjectType, Readonly<Record<string, ValueType>>>> = {
  account: { name: 'string', domain: 'string', industry: 'string', employees: 'number', country: 'string', owner: 'string', kind: 'string', created_at: 'date' },
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

/** The operators each value type accepts (as the server's validator does). */
export const OPS_BY_TYPE: Readonly<Record<ValueType, readonly CompareOp[]>> = {
  string: ['eq', 'neq', 'in', 'not_in', 'contains', 'starts_with', 'exists', 'not_exists'],
  number: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists'],
  boolean: ['eq', 'neq', 'in', 'not_in', 'exists', 'not_exists'],
  date: ['gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists', 'within_last_days', 'more_than_days_ago', 'within_next_days'],
};

/** Metrics every workspace has (computed) or that analytics writes; any other stored metric name works too. */
export const KNOWN_METRICS = ['tenure_days', 'days_in_stage', 'rfm_r', 'rfm_f', 'rfm_m', 'rfm_score', 'clv', 'p_active', 'expected_purchases', 'expected_spend'] as const;
