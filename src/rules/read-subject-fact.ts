import type { FactValue } from './compare-fact-value.js';
import { ExactDecimal, ExactRatio } from './exact-decimal.js';
import type { FactEvent, SubjectFacts } from './load-subject-facts.js';
import { parseIsoTimestamp, US_PER_DAY } from './parse-iso-timestamp.js';
import type { EventCondition, MetricCondition, OrderCondition, ScalarValue, TraitCondition } from './rule.js';
import { resolveTraitField } from './subject-fields.js';

function floorDays(us: bigint): bigint {
  const q = us / US_PER_DAY;
  return us % US_PER_DAY !== 0n && us < 0n ? q - 1n : q;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON property of an object, or undefined when the object has no such key. */
function property(obj: unknown, key: string): unknown {
  return isPlainObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** JSON equality of a stored value with a scalar from a rule (jsonb `=` on scalars). */
function jsonEquals(stored: unknown, v: ScalarValue): boolean {
  return typeof stored === typeof v && stored === v;
}

function inWindow(at: bigint, withinDays: number | undefined, nowUs: bigint): boolean {
  return withinDays === undefined || (at > nowUs - BigInt(withinDays) * US_PER_DAY && at <= nowUs);
}

const exact = (d: ExactDecimal | null): ExactRatio | null => (d === null ? null : new ExactRatio(d));

/** Reads what a trait condition compares: a column, or a traits key read as its declared type. */
export function readTraitFact(rule: TraitCondition, facts: SubjectFacts): FactValue {
  const field = resolveTraitField(facts.subject, rule);
  if (!field) throw new Error(`unknown ${facts.subject} field '${rule.trait}'`);
  if (field.kind === 'column') {
    const v = facts.columns[field.column] ?? null;
    if (field.type === 'date') return { type: 'date', value: v === null ? null : BigInt(v) };
    if (field.type === 'number') return { type: 'number', value: v === null ? null : exact(ExactDecimal.of(v as number)) };
    return { type: 'string', value: v === null ? null : String(v) };
  }
  const v = property(facts.traits, field.key);
  switch (field.type) {
    case 'string': return { type: 'string', value: typeof v === 'string' ? v : null };
    case 'number': return { type: 'number', value: typeof v === 'number' ? exact(ExactDecimal.of(v)) : null };
    case 'boolean': return { type: 'boolean', value: typeof v === 'boolean' ? v : null };
    case 'date': return { type: 'date', value: typeof v === 'string' ? parseIsoTimestamp(v) : null };
  }
}

function matchesWhere(e: FactEvent, where: EventCondition['where']): boolean {
  return (where ?? []).every((w) => {
    const v = property(e.properties, w.property);
    if (v === undefined) return false;
    if (w.op === 'eq') return jsonEquals(v, w.value as ScalarValue);
    if (w.op === 'neq') return !jsonEquals(v, w.value as ScalarValue);
    return (w.value as ScalarValue[]).some((x) => jsonEquals(v, x));
  });
}

/** Reads what an event condition compares, from the subject's raw events. */
export function readEventFact(rule: EventCondition, facts: SubjectFacts, nowUs: bigint): FactValue {
  const events = facts.events
    .filter((e) => e.name === rule.event && inWindow(e.at, rule.within_days, nowUs) && matchesWhere(e, rule.where))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
  const m = rule.measure ?? { fn: 'count' as const };
  if (m.fn === 'count') return { type: 'number', value: new ExactRatio(ExactDecimal.of(events.length)!) };
  if (m.fn === 'first_at') return { type: 'date', value: events[0]?.at ?? null };
  if (m.fn === 'last_at') return { type: 'date', value: events.at(-1)?.at ?? null };
  const prop = 'property' in m ? m.property : '';
  const num = (e: FactEvent | undefined): ExactDecimal | null => {
    const v = e === undefined ? undefined : property(e.properties, prop);
    return typeof v === 'number' ? ExactDecimal.of(v) : null;
  };
  if (m.fn === 'first') return { type: 'number', value: exact(num(events[0])) };
  if (m.fn === 'last') return { type: 'number', value: exact(num(events.at(-1))) };
  const values = events.map(num).filter((v): v is ExactDecimal => v !== null);
  const sum = values.reduce((s, v) => s.plus(v), ExactDecimal.ZERO);
  switch (m.fn) {
    case 'sum': return { type: 'number', value: new ExactRatio(sum) };
    case 'avg': return { type: 'number', value: values.length ? new ExactRatio(sum, BigInt(values.length)) : null };
    case 'min':
    case 'max': {
      const pick = values.reduce<ExactDecimal | null>((best, v) => (best === null || (m.fn === 'min' ? v.compare(best) < 0 : v.compare(best) > 0) ? v : best), null);
      return { type: 'number', value: exact(pick) };
    }
  }
}

/** Reads what an order condition compares: orders that are not cancelled, in the window. */
export function readOrderFact(rule: OrderCondition, facts: SubjectFacts, nowUs: bigint): FactValue {
  const orders = facts.orders.filter((o) => o.status !== 'cancelled' && inWindow(o.at, rule.within_days, nowUs));
  const net = orders.map((o) => ExactDecimal.of(o.total)!.minus(ExactDecimal.of(o.refunded)!));
  const revenue = net.reduce((s, v) => s.plus(v), ExactDecimal.ZERO);
  const times = orders.map((o) => o.at);
  const min = times.reduce<bigint | null>((a, t) => (a === null || t < a ? t : a), null);
  const max = times.reduce<bigint | null>((a, t) => (a === null || t > a ? t : a), null);
  switch (rule.orders) {
    case 'count': return { type: 'number', value: new ExactRatio(ExactDecimal.of(orders.length)!) };
    case 'revenue': return { type: 'number', value: new ExactRatio(revenue) };
    case 'avg_value': return { type: 'number', value: orders.length ? new ExactRatio(revenue, BigInt(orders.length)) : null };
    case 'first_at': return { type: 'date', value: min };
    case 'last_at': return { type: 'date', value: max };
  }
}

/** Reads a metric: the clock metrics computed from now, the others as stored. */
export function readMetricFact(rule: MetricCondition, facts: SubjectFacts, nowUs: bigint): FactValue {
  if (rule.metric === 'days_in_stage') {
    return { type: 'number', value: facts.stage ? exact(ExactDecimal.of(floorDays(nowUs - facts.stage.enteredAt))) : null };
  }
  if (rule.metric === 'tenure_days') {
    const first = facts.orders.filter((o) => o.status !== 'cancelled').reduce<bigint | null>((a, o) => (a === null || o.at < a ? o.at : a), null);
    return { type: 'number', value: first === null ? null : exact(ExactDecimal.of(floorDays(nowUs - first))) };
  }
  const v = Object.hasOwn(facts.metrics, rule.metric) ? facts.metrics[rule.metric] : null;
  return { type: 'number', value: v === null || v === undefined ? null : exact(ExactDecimal.of(v)) };
}
