/**
 * Kanta's one rule language: lifecycle transitions, dynamic segments and (later) care
 * programme conditions are all a `Rule` over one subject (an account or a contact).
 * Stored as JSON; `validate-rule.ts` checks it against the subject's fields with paths;
 * `compile-rule-sql.ts` turns rules into set-based SQL for a whole workspace (or a set of
 * subject ids); `evaluate-rule.ts` evaluates one subject's facts in JavaScript with an
 * explanation. Both share these semantics:
 *
 * - A leaf whose value is missing (no such trait, a trait of another JSON type, an average of
 *   no events) is false; `not` of it is true. Counts and sums of nothing are 0.
 * - Time is always the `now` the caller passes in, never the database clock.
 * - A window `within_days: n` covers occurred_at in (now - n days, now]. Without a window
 *   everything counts, future-dated rows too. A day is 24 hours (no time-zone shifts).
 * - Relative date operators: within_last_days n = (now - n days, now]; more_than_days_ago n =
 *   at or before now - n days; within_next_days n = (now, now + n days].
 * - eq/neq/in on strings are exact; contains/starts_with compare lower-cased (PostgreSQL lower()).
 * - Numbers compare exactly (sums and averages too); stored metrics as double precision.
 * - tenure_days and days_in_stage are whole days (rounded down).
 * - Event `where` filters fail on an event without the property (eq, neq and in alike);
 *   first/last read the property at the earliest/latest matching event (ties by event id) and
 *   are missing when that value is not a number.
 * - contacts: 'all' needs at least one contact (and all of them to match); 'none' holds for an
 *   account without contacts.
 */
export type SubjectType = 'account' | 'contact';

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

/** Comparison operators; which apply depends on the value's type. */
export type CompareOp =
  | 'eq' | 'neq' | 'in' | 'not_in'          // strings, numbers, booleans
  | 'gt' | 'gte' | 'lt' | 'lte' | 'between'  // numbers; dates with ISO values
  | 'contains' | 'starts_with'               // strings, case-insensitive
  | 'exists' | 'not_exists'                  // any type, no value
  | 'within_last_days' | 'more_than_days_ago' | 'within_next_days'; // dates, value = days

export type ScalarValue = string | number | boolean;
export type CompareValue = ScalarValue | ScalarValue[] | [number, number] | [string, string];

export interface Comparison {
  op: CompareOp;
  /** Absent for exists/not_exists; an array for in/not_in/between; days for the relative-date ops. */
  value?: CompareValue;
}

/**
 * A field of the subject: a column (accounts: name, domain, industry, employees, country,
 * owner, kind, created_at; contacts: email, first_name, last_name, title, locale, timezone,
 * buying_role, persona, created_at) or a free trait `traits.<key>` (one level; dots in the
 * key after `traits.` are part of the key).
 */
export interface TraitCondition extends Comparison {
  trait: string;
  /** For traits.*: how to read the JSON value. Columns have a fixed type. Default 'string'. */
  type?: 'string' | 'number' | 'boolean' | 'date';
}

export type EventMeasure =
  | { fn: 'count' }
  | { fn: 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last'; property: string }
  | { fn: 'first_at' | 'last_at' };

/** "did `Order Completed` at least 2 times in the last 365 days" and friends. */
export interface EventCondition extends Comparison {
  event: string;
  /** Default { fn: 'count' }. sum/avg/min/max read a numeric property; first/last the property's value (number) at the earliest/latest event; first_at/last_at the time. */
  measure?: EventMeasure;
  within_days?: number;
  /** Only events whose properties match (string or number equality; `in` for lists). */
  where?: { property: string; op: 'eq' | 'neq' | 'in'; value: ScalarValue | ScalarValue[] }[];
}

/** Orders of the subject, cancelled orders excluded; revenue is total minus refunds. */
export interface OrderCondition extends Comparison {
  orders: 'count' | 'revenue' | 'avg_value' | 'first_at' | 'last_at';
  within_days?: number;
}

/**
 * Computed metrics: `tenure_days` (days since the first order; missing without orders),
 * `days_in_stage` (days since entering the current stage), or any metric stored in
 * subject_scores (score-families.ts: rfm_r, rfm_f, rfm_m, rfm_score, expected_purchases, p_active,
 * expected_spend, clv); any other name is never stored, so reads as missing.
 */
export interface MetricCondition extends Comparison {
  metric: string;
}

export interface SegmentCondition {
  in_segment: string;
}

export interface StageCondition {
  stage_in: string[];
}

/** Accounts only: a contact rule over the account's contacts. */
export interface ContactsCondition {
  contacts: 'any' | 'all' | 'none' | { count: Comparison };
  where: Rule;
}
