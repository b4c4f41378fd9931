import {
  OPS_BY_TYPE,
  SUBJECT_COLUMNS,
  TRAITS_PREFIX,
  type CompareOp,
  type Comparison,
  type ContactsQuantifier,
  type EventFilterOp,
  type EventFn,
  type OrderMeasure,
  type Rule,
  type ScalarValue,
  type SubjectType,
  type ValueType,
} from '../api/rule';

/**
 * The rule builder's state: a tree of draft nodes, each with a stable id (React keys, and the
 * handle that server issues are attached to). Values are kept as the text the user typed and
 * only become numbers, lists or booleans in `draftToRule`, so a half-typed value is never
 * lost; whatever does not parse is sent as typed and the server names the exact problem.
 */
export interface DraftBase {
  id: string;
  /** Wrapped in { not: ... }. */
  negated: boolean;
}

/** An operator and the typed value(s); value2 is the high end of `between`. */
export interface ValueDraft {
  op: CompareOp;
  value: string;
  value2: string;
}

export interface DraftGroup extends DraftBase {
  kind: 'group';
  combinator: 'all' | 'any';
  children: DraftNode[];
}

/** `field` is a column name, or CUSTOM_TRAIT for a free trait named by traitKey. */
export interface DraftTrait extends DraftBase, ValueDraft {
  kind: 'trait';
  field: string;
  traitKey: string;
  traitType: ValueType;
}

export interface DraftFilter {
  id: string;
  property: string;
  op: EventFilterOp;
  value: string;
}

export interface DraftEvent extends DraftBase, ValueDraft {
  kind: 'event';
  event: string;
  fn: EventFn;
  property: string;
  withinDays: string;
  where: DraftFilter[];
}

export interface DraftOrders extends DraftBase, ValueDraft {
  kind: 'orders';
  measure: OrderMeasure;
  withinDays: string;
}

export interface DraftMetric extends DraftBase, ValueDraft {
  kind: 'metric';
  metric: string;
}

export interface DraftSegment extends DraftBase {
  kind: 'in_segment';
  segment: string;
}

export interface DraftStage extends DraftBase {
  kind: 'stage_in';
  stages: string[];
}

/** Accounts only: how many of the account's contacts match `where` (a contact rule). */
export interface DraftContacts extends DraftBase, ValueDraft {
  kind: 'contacts';
  quantifier: ContactsQuantifier | 'count';
  where: DraftGroup;
}

/** A rule part the builder has no form for (or could not read back exactly), edited as JSON. */
export interface DraftJson extends DraftBase {
  kind: 'json';
  text: string;
}

export type DraftCondition = DraftTrait | DraftEvent | DraftOrders | DraftMetric | DraftSegment | DraftStage | DraftContacts | DraftJson;
export type DraftNode = DraftGroup | DraftCondition;
export type ConditionKind = DraftCondition['kind'];
export const CONDITION_KINDS: readonly ConditionKind[] = ['trait', 'event', 'orders', 'metric', 'stage_in', 'in_segment', 'contacts', 'json'];

export const CUSTOM_TRAIT = TRAITS_PREFIX;
export const MEASURES_WITH_PROPERTY: readonly EventFn[] = ['sum', 'avg', 'min', 'max', 'first', 'last'];
const RELATIVE_DAY_OPS: readonly CompareOp[] = ['within_last_days', 'more_than_days_ago', 'within_next_days'];
const LIST_OPS: readonly CompareOp[] = ['in', 'not_in'];

let lastId = 0;
/** A fresh node id, unique in this page. */
export function newDraftId(): string {
  lastId += 1;
  return `n${lastId}`;
}

export const blankValue = (op: CompareOp, value = ''): ValueDraft => ({ op, value, value2: '' });

export function emptyGroup(combinator: 'all' | 'any' = 'all'): DraftGroup {
  return { id: newDraftId(), negated: false, kind: 'group', combinator, children: [] };
}

/** A new condition of the kind with sensible defaults ("at least 1 in the last 30 days"). */
export function newCondition(kind: ConditionKind | 'group', subject: SubjectType, options: { segmentKey?: string } = {}): DraftNode {
  const base = { id: newDraftId(), negated: false };
  switch (kind) {
    case 'group':
      return emptyGroup();
    case 'trait':
      return { ...base, kind, field: subject === 'account' ? 'country' : 'email', traitKey: '', traitType: 'string', ...blankValue('eq') };
    case 'event':
      return { ...base, kind, event: '', fn: 'count', property: '', withinDays: '30', where: [], ...blankValue('gte', '1') };
    case 'orders':
      return { ...base, kind, measure: 'count', withinDays: '365', ...blankValue('gte', '1') };
    case 'metric':
      return { ...base, kind, metric: 'rfm_score', ...blankValue('gte') };
    case 'in_segment':
      return { ...base, kind, segment: options.segmentKey ?? '' };
    case 'stage_in':
      return { ...base, kind, stages: [] };
    case 'contacts':
      return { ...base, kind, quantifier: 'any', where: emptyGroup(), ...blankValue('gte', '1') };
    case 'json':
      return { ...base, kind, text: '{}' };
  }
}

/** The type of the value a condition compares, which decides its operators and inputs. */
export function valueTypeOf(node: DraftCondition, subject: SubjectType): ValueType {
  switch (node.kind) {
    case 'trait':
      return node.field === CUSTOM_TRAIT ? node.traitType : (SUBJECT_COLUMNS[subject][node.field] ?? 'string');
    case 'event':
      return node.fn === 'first_at' || node.fn === 'last_at' ? 'date' : 'number';
    case 'orders':
      return node.measure === 'first_at' || node.measure === 'last_at' ? 'date' : 'number';
    default:
      return 'number';
  }
}

/** The operators a value of the type takes; a count of contacts is never "missing". */
export function opsFor(type: ValueType, noPresence = false): readonly CompareOp[] {
  return OPS_BY_TYPE[type].filter((op) => !(noPresence && (op === 'exists' || op === 'not_exists')));
}

/** Keeps the operator when the new type takes it, else the type's first (dates: "in the last n days"). */
export function fitOp(op: CompareOp, type: ValueType, noPresence = false): CompareOp {
  const ops = opsFor(type, noPresence);
  if (ops.includes(op)) return op;
  return type === 'date' ? 'within_last_days' : (ops[0] ?? 'eq');
}

export function takesValue(op: CompareOp): boolean {
  return op !== 'exists' && op !== 'not_exists';
}

export function isRelativeDays(op: CompareOp): boolean {
  return RELATIVE_DAY_OPS.includes(op);
}

export function isList(op: CompareOp): boolean {
  return LIST_OPS.includes(op);
}

/** A typed number: "1 200,5" and "1200.5" alike; anything else stays text for the server to name. */
export function parseNumber(text: string): number | string {
  const compact = text.trim().replace(/[\s\u00a0]/g, '');
  const normal = /^[-+]?\d*,\d+$/.test(compact) ? compact.replace(',', '.') : compact;
  const n = normal === '' ? Number.NaN : Number(normal);
  return Number.isFinite(n) ? n : text.trim();
}

function parseScalar(text: string, type: ValueType): ScalarValue {
  if (type === 'number') return parseNumber(text);
  const trimmed = text.trim();
  if (type === 'boolean') return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
  return trimmed;
}

/** A comma-separated list; empty items are dropped. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The op/value JSON of a typed comparison; an empty value is left out (the server then asks for it). */
export function comparisonOf(draft: ValueDraft, type: ValueType): Comparison {
  const { op } = draft;
  if (!takesValue(op)) return { op };
  if (isRelativeDays(op)) return draft.value.trim() === '' ? { op } : { op, value: parseNumber(draft.value) };
  if (isList(op)) return { op, value: splitList(draft.value).map((item) => parseScalar(item, type)) };
  if (op === 'between') return { op, value: [parseScalar(draft.value, type), parseScalar(draft.value2, type)] };
  return draft.value.trim() === '' ? { op } : { op, value: parseScalar(draft.value, type) };
}

function daysOf(text: string): { within_days?: number } {
  if (text.trim() === '') return {};
  return { within_days: parseNumber(text) as number };
}

/** A where filter's value: numbers and booleans as such, lists for `in`, the rest as text. */
function filterValue(filter: DraftFilter): ScalarValue | ScalarValue[] {
  const scalar = (text: string): ScalarValue => {
    if (text === 'true') return true;
    if (text === 'false') return false;
    const n = parseNumber(text);
    return typeof n === 'number' ? n : text;
  };
  return filter.op === 'in' ? splitList(filter.value).map(scalar) : scalar(filter.value.trim());
}

export interface BuiltRule {
  rule: Rule;
  /** Node id -> JSON pointer of the node within the rule ('' is the rule itself). */
  paths: Map<string, string>;
}

/** Rule JSON of the draft, and where each node ended up in it. */
export function draftToRule(root: DraftNode, subject: SubjectType): BuiltRule {
  const paths = new Map<string, string>();
  const rule = build(root, '', subject, paths);
  return { rule, paths };
}

function build(node: DraftNode, path: string, subject: SubjectType, paths: Map<string, string>): Rule {
  const at = node.negated ? `${path}/not` : path;
  paths.set(node.id, at);
  const inner = buildInner(node, at, subject, paths);
  return node.negated ? { not: inner } : inner;
}

function buildInner(node: DraftNode, at: string, subject: SubjectType, paths: Map<string, string>): Rule {
  switch (node.kind) {
    case 'group': {
      const children = node.children.map((child, index) => build(child, `${at}/${node.combinator}/${index}`, subject, paths));
      return node.combinator === 'all' ? { all: children } : { any: children };
    }
    case 'trait': {
      const type = valueTypeOf(node, subject);
      if (node.field === CUSTOM_TRAIT) {
        const declared = node.traitType === 'string' ? {} : { type: node.traitType };
        return { trait: `${TRAITS_PREFIX}${node.traitKey.trim()}`, ...declared, ...comparisonOf(node, type) };
      }
      return { trait: node.field, ...comparisonOf(node, type) };
    }
    case 'event': {
      const measure =
        node.fn === 'count' ? {} : MEASURES_WITH_PROPERTY.includes(node.fn) ? { measure: { fn: node.fn, property: node.property.trim() } } : { measure: { fn: node.fn } };
      const where = node.where.length > 0 ? { where: node.where.map((f) => ({ property: f.property.trim(), op: f.op, value: filterValue(f) })) } : {};
      return { event: node.event.trim(), ...(measure as object), ...daysOf(node.withinDays), ...where, ...comparisonOf(node, valueTypeOf(node, subject)) } as Rule;
    }
    case 'orders':
      return { orders: node.measure, ...daysOf(node.withinDays), ...comparisonOf(node, valueTypeOf(node, subject)) };
    case 'metric':
      return { metric: node.metric.trim(), ...comparisonOf(node, 'number') };
    case 'in_segment':
      return { in_segment: node.segment };
    case 'stage_in':
      return { stage_in: [...node.stages] };
    case 'contacts': {
      const contacts = node.quantifier === 'count' ? { count: comparisonOf(node, 'number') } : node.quantifier;
      return { contacts, where: build(node.where, `${at}/where`, 'contact', paths) };
    }
    case 'json':
      return parseJsonText(node.text);
  }
}

/** The JSON typed into a JSON condition; text that is not JSON is sent as a string for the server to refuse at its path. */
function parseJsonText(text: string): Rule {
  try {
    return JSON.parse(text) as Rule;
  } catch {
    return text as unknown as Rule;
  }
}

/** Whether the draft holds at least one condition (an empty rule is not worth a preview). */
export function hasConditions(node: DraftNode): boolean {
  if (node.kind === 'group') return node.children.some(hasConditions);
  return true;
}
