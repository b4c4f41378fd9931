import type { FieldIssue } from '../errors/app-error.js';
import { isRuleTimeDependent } from './is-rule-time-dependent.js';
import { checkComparison, checkDays, checkList, isObject, pointer, show, typeName, type Report } from './check-rule-values.js';
import type { Rule, SubjectType } from './rule.js';
import { SUBJECT_COLUMNS, TRAITS_PREFIX, type ValueType } from './subject-fields.js';

export interface RuleContext {
  subject: SubjectType;
  /** segment key -> its subject type (a rule may only reference segments of its own subject type) */
  segments: ReadonlyMap<string, SubjectType>;
  /** stage keys valid for stage_in, for this subject type's current lifecycle definition */
  stages: readonly string[];
  /**
   * Account rules only: the contact stage keys valid for stage_in inside a `contacts`
   * condition (the contact lifecycle's stages). When absent, such stage keys are only checked
   * to be well-formed keys.
   */
  contactStages?: readonly string[];
}

export type RuleValidation =
  | { ok: true; rule: Rule; timeDependent: boolean; referencedSegments: string[] }
  | { ok: false; issues: FieldIssue[] };

export const MAX_RULE_DEPTH = 20;
export const MAX_CONDITIONS = 500;
const MAX_TEXT = 500;

const KINDS = ['all', 'any', 'not', 'trait', 'event', 'orders', 'metric', 'in_segment', 'stage_in', 'contacts'] as const;
type Kind = (typeof KINDS)[number];
const KEYS: Record<Kind, readonly string[]> = {
  all: ['all'],
  any: ['any'],
  not: ['not'],
  trait: ['trait', 'type', 'op', 'value'],
  event: ['event', 'measure', 'within_days', 'where', 'op', 'value'],
  orders: ['orders', 'within_days', 'op', 'value'],
  metric: ['metric', 'op', 'value'],
  in_segment: ['in_segment'],
  stage_in: ['stage_in'],
  contacts: ['contacts', 'where'],
};
const MEASURES_WITH_PROPERTY = ['sum', 'avg', 'min', 'max', 'first', 'last'];
const MEASURES_WITHOUT_PROPERTY = ['count', 'first_at', 'last_at'];
const ORDER_MEASURES = ['count', 'revenue', 'avg_value', 'first_at', 'last_at'];
const METRIC_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const STAGE_KEY = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Checks rule JSON from a client against the subject's fields, the workspace's segments and
 * the lifecycle's stages. Every problem is reported (not just the first), each with the JSON
 * pointer of the offending value and a reason a person can act on.
 */
export function validateRule(input: unknown, ctx: RuleContext): RuleValidation {
  const v = new RuleValidator(ctx);
  v.rule(input, '', 1, ctx.subject);
  if (v.issues.length > 0) return { ok: false, issues: v.issues };
  const rule = structuredClone(input) as Rule;
  return { ok: true, rule, timeDependent: isRuleTimeDependent(rule), referencedSegments: [...v.segments] };
}

class RuleValidator {
  readonly issues: FieldIssue[] = [];
  readonly segments = new Set<string>();
  private conditions = 0;

  constructor(private readonly ctx: RuleContext) {}

  private issue(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  private readonly report: Report = (path, message) => this.issue(path, message);

  rule(node: unknown, path: string, depth: number, subject: SubjectType): void {
    if (depth > MAX_RULE_DEPTH) {
      this.issue(path, `rules nest at most ${MAX_RULE_DEPTH} levels deep`);
      return;
    }
    if (++this.conditions === MAX_CONDITIONS + 1) {
      this.issue(path, `a rule has at most ${MAX_CONDITIONS} conditions and groups`);
    }
    if (!isObject(node)) {
      this.issue(path, `expected a rule object, got ${typeName(node)}`);
      return;
    }
    const kinds = KINDS.filter((k) => Object.hasOwn(node, k));
    if (kinds.length === 0) {
      const keys = Object.keys(node);
      this.issue(path, `a rule needs one of ${KINDS.join(', ')}${keys.length ? `; found ${keys.map(show).join(', ')}` : ''}`);
      return;
    }
    if (kinds.length > 1) {
      this.issue(path, `a rule has exactly one of ${KINDS.join(', ')}; found both ${show(kinds[0])} and ${show(kinds[1])}`);
      return;
    }
    const kind = kinds[0]!;
    for (const key of Object.keys(node)) {
      if (!KEYS[kind].includes(key)) {
        this.issue(pointer(path, key), `unknown key ${show(key)} in ${article(kind)} condition; allowed: ${KEYS[kind].join(', ')}`);
      }
    }
    switch (kind) {
      case 'all':
      case 'any':
        return this.group(node[kind], pointer(path, kind), depth, subject, kind);
      case 'not':
        return this.rule(node.not, pointer(path, 'not'), depth + 1, subject);
      case 'trait':
        return this.trait(node, path, subject);
      case 'event':
        return this.event(node, path);
      case 'orders':
        return this.orders(node, path);
      case 'metric':
        return this.metric(node, path);
      case 'in_segment':
        return this.segment(node.in_segment, pointer(path, 'in_segment'), subject);
      case 'stage_in':
        return this.stages(node.stage_in, pointer(path, 'stage_in'), subject);
      case 'contacts':
        return this.contacts(node, path, depth, subject);
    }
  }

  private group(list: unknown, path: string, depth: number, subject: SubjectType, kind: 'all' | 'any'): void {
    if (!Array.isArray(list)) {
      this.issue(path, `'${kind}' takes a list of rules, got ${typeName(list)}`);
      return;
    }
    if (list.length === 0) {
      this.issue(path, `'${kind}' needs at least one rule`);
      return;
    }
    list.forEach((child, i) => this.rule(child, pointer(path, i), depth + 1, subject));
  }

  private trait(node: Record<string, unknown>, path: string, subject: SubjectType): void {
    const field = node.trait;
    const declared = node.type;
    const typePath = pointer(path, 'type');
    if (declared !== undefined && (typeof declared !== 'string' || !['string', 'number', 'boolean', 'date'].includes(declared))) {
      this.issue(typePath, `type must be one of string, number, boolean, date; got ${show(declared)}`);
    }
    if (typeof field !== 'string' || field === '') {
      this.issue(pointer(path, 'trait'), `trait must be a column name or 'traits.<key>', got ${show(field)}`);
      return;
    }
    let type: ValueType;
    if (field.startsWith(TRAITS_PREFIX)) {
      const key = field.slice(TRAITS_PREFIX.length);
      if (key === '' || key.length > MAX_TEXT) {
        this.issue(pointer(path, 'trait'), `'traits.' needs a key of 1-${MAX_TEXT} characters after it`);
        return;
      }
      type = typeof declared === 'string' && ['string', 'number', 'boolean', 'date'].includes(declared) ? (declared as ValueType) : 'string';
      if (declared !== undefined && type !== declared) return; // already reported
    } else {
      const columns = SUBJECT_COLUMNS[subject];
      if (!Object.hasOwn(columns, field)) {
        this.issue(
          pointer(path, 'trait'),
          `unknown ${subject} field ${show(field)}; use one of ${Object.keys(columns).join(', ')} or 'traits.<key>'`,
        );
        return;
      }
      type = columns[field]!;
      if (declared !== undefined && declared !== type) {
        this.issue(typePath, `${subject} column ${show(field)} is a ${type}; omit type or set it to ${show(type)}`);
        return;
      }
    }
    checkComparison(this.report, node, path, type, `${show(field)}`);
  }

  private event(node: Record<string, unknown>, path: string): void {
    const name = node.event;
    if (typeof name !== 'string' || name === '' || name.length > MAX_TEXT) {
      this.issue(pointer(path, 'event'), `event must be an event name of 1-${MAX_TEXT} characters, got ${show(name)}`);
    }
    let type: ValueType = 'number';
    const measure = node.measure;
    const mPath = pointer(path, 'measure');
    if (measure !== undefined) {
      if (!isObject(measure)) {
        this.issue(mPath, `measure must be an object like { "fn": "count" }, got ${typeName(measure)}`);
        return;
      }
      for (const key of Object.keys(measure)) {
        if (key !== 'fn' && key !== 'property') this.issue(pointer(mPath, key), `unknown key ${show(key)} in measure; allowed: fn, property`);
      }
      const fn = measure.fn;
      if (typeof fn !== 'string' || ![...MEASURES_WITH_PROPERTY, ...MEASURES_WITHOUT_PROPERTY].includes(fn)) {
        this.issue(pointer(mPath, 'fn'), `fn must be one of ${[...MEASURES_WITHOUT_PROPERTY, ...MEASURES_WITH_PROPERTY].join(', ')}; got ${show(fn)}`);
        return;
      }
      if (MEASURES_WITH_PROPERTY.includes(fn)) {
        const property = measure.property;
        if (typeof property !== 'string' || property === '' || property.length > MAX_TEXT) {
          this.issue(pointer(mPath, 'property'), `${fn} needs the name of a numeric event property, got ${show(property)}`);
        }
      } else if (measure.property !== undefined) {
        this.issue(pointer(mPath, 'property'), `${fn} takes no property`);
      }
      if (fn === 'first_at' || fn === 'last_at') type = 'date';
    }
    this.window(node.within_days, pointer(path, 'within_days'));
    if (node.where !== undefined) this.eventWhere(node.where, pointer(path, 'where'));
    checkComparison(this.report, node, path, type, measure === undefined ? 'count' : String((measure as { fn: unknown }).fn));
  }

  private eventWhere(where: unknown, path: string): void {
    if (!Array.isArray(where)) {
      this.issue(path, `where must be a list of { property, op, value }, got ${typeName(where)}`);
      return;
    }
    if (where.length === 0) this.issue(path, `where needs at least one filter (or leave it out)`);
    where.forEach((f, i) => {
      const p = pointer(path, i);
      if (!isObject(f)) {
        this.issue(p, `expected { property, op, value }, got ${typeName(f)}`);
        return;
      }
      for (const key of Object.keys(f)) {
        if (!['property', 'op', 'value'].includes(key)) this.issue(pointer(p, key), `unknown key ${show(key)} in an event filter; allowed: property, op, value`);
      }
      if (typeof f.property !== 'string' || f.property === '' || f.property.length > MAX_TEXT) {
        this.issue(pointer(p, 'property'), `property must be an event property name, got ${show(f.property)}`);
      }
      const isScalar = (x: unknown) => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
      if (f.op === 'eq' || f.op === 'neq') {
        if (!isScalar(f.value)) this.issue(pointer(p, 'value'), `${f.op} needs a string, number or boolean, got ${typeName(f.value)}`);
      } else if (f.op === 'in') {
        checkList(this.report, f.value, pointer(p, 'value'), isScalar, 'strings, numbers or booleans');
      } else {
        this.issue(pointer(p, 'op'), `an event filter's op is eq, neq or in; got ${show(f.op)}`);
      }
    });
  }

  private orders(node: Record<string, unknown>, path: string): void {
    const measure = node.orders;
    if (typeof measure !== 'string' || !ORDER_MEASURES.includes(measure)) {
      this.issue(pointer(path, 'orders'), `orders must be one of ${ORDER_MEASURES.join(', ')}; got ${show(measure)}`);
      return;
    }
    this.window(node.within_days, pointer(path, 'within_days'));
    checkComparison(this.report, node, path, measure === 'first_at' || measure === 'last_at' ? 'date' : 'number', `orders ${measure}`);
  }

  private metric(node: Record<string, unknown>, path: string): void {
    const metric = node.metric;
    if (typeof metric !== 'string' || !METRIC_NAME.test(metric)) {
      this.issue(pointer(path, 'metric'), `metric must be a metric name like 'rfm_score' or 'tenure_days' (lower case, digits, _), got ${show(metric)}`);
      return;
    }
    checkComparison(this.report, node, path, 'number', `metric ${show(metric)}`);
  }

  private segment(key: unknown, path: string, subject: SubjectType): void {
    if (typeof key !== 'string' || key === '') {
      this.issue(path, `in_segment must be a segment key, got ${show(key)}`);
      return;
    }
    const type = this.ctx.segments.get(key);
    if (type === undefined) {
      this.issue(path, `unknown segment ${show(key)}`);
      return;
    }
    if (type !== subject) {
      this.issue(path, `segment ${show(key)} holds ${type}s; ${subject === 'account' ? 'an' : 'a'} ${subject} rule can only use ${subject} segments`);
      return;
    }
    this.segments.add(key);
  }

  private stages(list: unknown, path: string, subject: SubjectType): void {
    const known = subject === this.ctx.subject ? this.ctx.stages : this.ctx.contactStages;
    checkList(this.report, list, path, (s) => typeof s === 'string', 'stage keys');
    if (!Array.isArray(list)) return;
    list.forEach((s, i) => {
      if (typeof s !== 'string') return;
      if (known ? !known.includes(s) : !STAGE_KEY.test(s)) {
        this.issue(pointer(path, i), `unknown ${subject} stage ${show(s)}${known ? `; stages: ${known.join(', ')}` : ''}`);
      }
    });
  }

  private contacts(node: Record<string, unknown>, path: string, depth: number, subject: SubjectType): void {
    if (subject !== 'account') {
      this.issue(pointer(path, 'contacts'), `a contacts condition applies to account rules only; this is a ${subject} rule`);
      return;
    }
    const how = node.contacts;
    const hPath = pointer(path, 'contacts');
    if (isObject(how)) {
      for (const key of Object.keys(how)) if (key !== 'count') this.issue(pointer(hPath, key), `unknown key ${show(key)}; allowed: count`);
      if (!isObject(how.count)) {
        this.issue(pointer(hPath, 'count'), `count must be a comparison like { "op": "gte", "value": 2 }`);
      } else {
        for (const key of Object.keys(how.count)) {
          if (key !== 'op' && key !== 'value') this.issue(pointer(pointer(hPath, 'count'), key), `unknown key ${show(key)}; allowed: op, value`);
        }
        checkComparison(this.report, how.count, pointer(hPath, 'count'), 'number', 'the number of matching contacts', true);
      }
    } else if (how !== 'any' && how !== 'all' && how !== 'none') {
      this.issue(hPath, `contacts must be 'any', 'all', 'none' or { "count": { "op", "value" } }; got ${show(how)}`);
    }
    if (node.where === undefined) {
      this.issue(pointer(path, 'where'), `a contacts condition needs where: the contact rule to match`);
      return;
    }
    this.rule(node.where, pointer(path, 'where'), depth + 1, 'contact');
  }

  private window(days: unknown, path: string): void {
    if (days === undefined) return;
    checkDays(this.report, days, path, 'within_days');
  }
}

function article(kind: Kind): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} '${kind}'`;
}
