import { compareFactValue, type FactValue } from './compare-fact-value.js';
import { describeRule } from './describe-rule.js';
import { ExactDecimal, ExactRatio } from './exact-decimal.js';
import type { SubjectFacts } from './load-subject-facts.js';
import { dateToMicros } from './parse-iso-timestamp.js';
import { readEventFact, readMetricFact, readOrderFact, readTraitFact } from './read-subject-fact.js';
import type { Rule } from './rule.js';

/** One node of a rule, evaluated: the result, readable text, and for leaves what was compared. */
export interface Evaluation {
  result: boolean;
  text: { fi: string; en: string };
  /** Leaves: the value compared (numbers, strings, booleans, ISO timestamps; null = missing). */
  actual?: unknown;
  children?: Evaluation[];
}

/** A fact as JSON for the explanation: numbers as numbers, timestamps as ISO 8601. */
function shown(fact: FactValue): unknown {
  if (fact.value === null) return null;
  if (fact.type === 'number') return fact.value.toNumber();
  if (fact.type === 'date') return new Date(Number(fact.value / 1000n)).toISOString();
  return fact.value;
}

function actualText(v: unknown): { fi: string; en: string } {
  if (v === null) return { fi: 'ei arvoa', en: 'no value' };
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : JSON.stringify(v);
  return { fi: `arvo: ${typeof v === 'number' ? s.replace('.', ',') : s}`, en: `actual: ${s}` };
}

function leafText(rule: Rule, note: { fi: string; en: string }): { fi: string; en: string } {
  return { fi: `${describeRule(rule, 'fi')} (${note.fi})`, en: `${describeRule(rule, 'en')} (${note.en})` };
}

/**
 * Evaluates a rule for one subject in JavaScript from its raw facts (loadSubjectFacts), with
 * the same semantics as the compiled SQL (rule.ts): it exists to explain "why" a subject is
 * or is not in a stage or segment, leaf by leaf, and to check the SQL. `now` is the time the
 * rule is evaluated at.
 */
export function evaluateRule(rule: Rule, facts: SubjectFacts, now: Date): Evaluation {
  return evaluate(rule, facts, dateToMicros(now), now);
}

function evaluate(rule: Rule, facts: SubjectFacts, nowUs: bigint, now: Date): Evaluation {
  if ('all' in rule || 'any' in rule) {
    const all = 'all' in rule;
    const children = (all ? rule.all : rule.any).map((r) => evaluate(r, facts, nowUs, now));
    return {
      result: all ? children.every((c) => c.result) : children.some((c) => c.result),
      text: all
        ? { fi: 'kaikki seuraavista pätevät', en: 'all of the following hold' }
        : { fi: 'vähintään yksi seuraavista pätee', en: 'at least one of the following holds' },
      children,
    };
  }
  if ('not' in rule) {
    const child = evaluate(rule.not, facts, nowUs, now);
    return { result: !child.result, text: { fi: 'seuraava ei päde', en: 'the following does not hold' }, children: [child] };
  }
  if ('in_segment' in rule) {
    const member = facts.segments.includes(rule.in_segment);
    return {
      result: member,
      text: leafText(rule, member ? { fi: 'on jäsen', en: 'is a member' } : { fi: 'ei ole jäsen', en: 'is not a member' }),
      actual: member,
    };
  }
  if ('stage_in' in rule) {
    const stage = facts.stage?.key ?? null;
    return {
      result: stage !== null && rule.stage_in.includes(stage),
      text: leafText(rule, stage === null ? { fi: 'ei vaihetta', en: 'no stage' } : { fi: `vaihe: ${stage}`, en: `stage: ${stage}` }),
      actual: stage,
    };
  }
  if ('contacts' in rule) {
    const children = facts.contacts.map((c) => {
      const e = evaluate(rule.where, c, nowUs, now);
      return { ...e, text: { fi: `yhteyshenkilö ${c.id}: ${e.text.fi}`, en: `contact ${c.id}: ${e.text.en}` } };
    });
    const matching = children.filter((c) => c.result).length;
    const total = children.length;
    const how = rule.contacts;
    const result =
      how === 'any' ? matching > 0
      : how === 'none' ? matching === 0
      : how === 'all' ? total > 0 && matching === total
      : compareFactValue({ type: 'number', value: new ExactRatio(ExactDecimal.of(matching)!) }, how.count.op, how.count.value, nowUs);
    return {
      result,
      text: leafText(rule, { fi: `${matching}/${total} yhteyshenkilöä täyttää ehdon`, en: `${matching} of ${total} contacts match` }),
      actual: { matching, total },
      children,
    };
  }
  const fact =
    'trait' in rule ? readTraitFact(rule, facts)
    : 'event' in rule ? readEventFact(rule, facts, nowUs)
    : 'orders' in rule ? readOrderFact(rule, facts, nowUs)
    : readMetricFact(rule, facts, nowUs);
  const actual = shown(fact);
  return { result: compareFactValue(fact, rule.op, rule.value, nowUs), text: leafText(rule, actualText(actual)), actual };
}
