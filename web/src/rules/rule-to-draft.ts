import { SUBJECT_COLUMNS, TRAITS_PREFIX, type CompareOp, type ContactsQuantifier, type EventFilterOp, type EventFn, type OrderMeasure, type SubjectType, type ValueType } from '../api/rule';
import {
  blankValue,
  CUSTOM_TRAIT,
  draftToRule,
  emptyGroup,
  newDraftId,
  type DraftCondition,
  type DraftContacts,
  type DraftGroup,
  type DraftJson,
  type DraftNode,
  type ValueDraft,
} from './rule-draft';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  return String(value);
}

function valueDraftOf(node: Record<string, unknown>): ValueDraft {
  const op = node.op as CompareOp;
  if (op === 'between' && Array.isArray(node.value)) return { op, value: textOf(node.value[0]), value2: textOf(node.value[1]) };
  return { op, value: textOf(node.value), value2: '' };
}

/**
 * The draft of a stored rule, to edit it. The top level is always a group. A condition the
 * builder cannot reproduce exactly (e.g. a list value with a comma in it) becomes a JSON
 * condition, so editing never changes what was not touched.
 */
export function ruleToDraft(rule: unknown, subject: SubjectType): DraftGroup {
  const node = nodeOf(rule, subject);
  if (node.kind === 'group' && !node.negated) return node;
  const root = emptyGroup();
  root.children = [node];
  return root;
}

function jsonNode(rule: unknown, negated = false): DraftJson {
  return { id: newDraftId(), negated, kind: 'json', text: JSON.stringify(rule, null, 2) };
}

function nodeOf(rule: unknown, subject: SubjectType): DraftNode {
  if (!isObject(rule)) return jsonNode(rule);
  if ('not' in rule && Object.keys(rule).length === 1) {
    const inner = nodeOf(rule.not, subject);
    return { ...inner, negated: !inner.negated };
  }
  for (const combinator of ['all', 'any'] as const) {
    const list = rule[combinator];
    if (Array.isArray(list) && Object.keys(rule).length === 1) {
      return { id: newDraftId(), negated: false, kind: 'group', combinator, children: list.map((child) => nodeOf(child, subject)) };
    }
  }
  if ('contacts' in rule && subject === 'account' && Object.keys(rule).every((key) => key === 'contacts' || key === 'where')) {
    const how = rule.contacts;
    const count = isObject(how) && isObject(how.count) ? how.count : null;
    const quantifier = count ? 'count' : (how as ContactsQuantifier);
    const where = ruleToDraft(rule.where, 'contact');
    const draft: DraftContacts = { id: newDraftId(), negated: false, kind: 'contacts', quantifier, where, ...(count ? valueDraftOf(count) : blankValue('gte', '1')) };
    // The where rule is a group in the builder; only the quantifier needs to read back exactly.
    const back = draftToRule(draft, subject).rule as { contacts: unknown };
    return sameJson(back.contacts, how) ? draft : jsonNode(rule);
  }
  const draft = leafOf(rule, subject);
  if (draft && sameJson(draftToRule(draft, subject).rule, rule)) return draft;
  return jsonNode(rule);
}

function leafOf(rule: Record<string, unknown>, subject: SubjectType): DraftCondition | null {
  const base = { id: newDraftId(), negated: false };
  if (typeof rule.trait === 'string') {
    const custom = rule.trait.startsWith(TRAITS_PREFIX);
    if (!custom && !Object.hasOwn(SUBJECT_COLUMNS[subject], rule.trait)) return null;
    return {
      ...base,
      kind: 'trait',
      field: custom ? CUSTOM_TRAIT : rule.trait,
      traitKey: custom ? rule.trait.slice(TRAITS_PREFIX.length) : '',
      traitType: custom ? ((rule.type as ValueType | undefined) ?? 'string') : 'string',
      ...valueDraftOf(rule),
    };
  }
  if (typeof rule.event === 'string') {
    const measure = isObject(rule.measure) ? rule.measure : { fn: 'count' };
    const where = Array.isArray(rule.where) ? rule.where : [];
    return {
      ...base,
      kind: 'event',
      event: rule.event,
      fn: measure.fn as EventFn,
      property: textOf(measure.property),
      withinDays: textOf(rule.within_days),
      where: where.map((f: Record<string, unknown>) => ({ id: newDraftId(), property: textOf(f.property), op: f.op as EventFilterOp, value: textOf(f.value) })),
      ...valueDraftOf(rule),
    };
  }
  if (typeof rule.orders === 'string') {
    return { ...base, kind: 'orders', measure: rule.orders as OrderMeasure, withinDays: textOf(rule.within_days), ...valueDraftOf(rule) };
  }
  if (typeof rule.metric === 'string') return { ...base, kind: 'metric', metric: rule.metric, ...valueDraftOf(rule) };
  if (typeof rule.in_segment === 'string' && Object.keys(rule).length === 1) return { ...base, kind: 'in_segment', segment: rule.in_segment };
  if (Array.isArray(rule.stage_in) && Object.keys(rule).length === 1) return { ...base, kind: 'stage_in', stages: rule.stage_in.map(String) };
  return null;
}

/** Deep equality of JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const other = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === other.length && keys.every((key) => sameJson(a[key], b[key]));
  }
  return a === b;
}
