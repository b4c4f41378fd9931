import { describe, expect, it } from 'vitest';
import type { SubjectType } from './rule.js';
import { validateRule, type RuleContext } from './validate-rule.js';

const ctx: RuleContext = {
  subject: 'account',
  segments: new Map<string, SubjectType>([['vip', 'account'], ['champions', 'contact']]),
  stages: ['awareness', 'new', 'customer', 'former'],
  contactStages: ['lead', 'user'],
};
const contactCtx: RuleContext = { ...ctx, subject: 'contact', stages: ['lead', 'user'] };

/** The issues of an invalid rule as "path: message" lines. */
function issues(input: unknown, c: RuleContext = ctx): string[] {
  const v = validateRule(input, c);
  if (v.ok) throw new Error(`expected issues for ${JSON.stringify(input)}`);
  return v.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('validateRule', () => {
  it('accepts a valid rule and reports time dependence and referenced segments', () => {
    const rule = {
      all: [
        { event: 'Order Completed', op: 'gte', value: 2, within_days: 365 },
        { trait: 'country', op: 'in', value: ['FI', 'SE'] },
        { any: [{ in_segment: 'vip' }, { not: { stage_in: ['former'] } }] },
        { contacts: { count: { op: 'gte', value: 2 } }, where: { all: [{ trait: 'title', op: 'contains', value: 'ceo' }, { in_segment: 'champions' }, { stage_in: ['user'] }] } },
      ],
    };
    const v = validateRule(rule, ctx);
    expect(v).toEqual({ ok: true, rule, timeDependent: true, referencedSegments: ['vip', 'champions'] });
    if (v.ok) expect(v.rule).not.toBe(rule); // a copy: later edits of the input do not change it
    const still = validateRule({ all: [{ trait: 'traits.plan', op: 'eq', value: 'pro' }, { metric: 'rfm_score', op: 'gte', value: 4 }] }, ctx);
    expect(still.ok && still.timeDependent).toBe(false);
    for (const td of [
      { trait: 'created_at', op: 'within_last_days', value: 30 },
      { metric: 'tenure_days', op: 'gt', value: 30 },
      { metric: 'days_in_stage', op: 'gt', value: 30 },
      { orders: 'count', op: 'gte', value: 1, within_days: 90 },
      { not: { event: 'Login', measure: { fn: 'last_at' }, op: 'more_than_days_ago', value: 30 } },
    ]) {
      const r = validateRule(td, ctx);
      expect(r.ok && r.timeDependent, JSON.stringify(td)).toBe(true);
    }
  });

  it('names unknown keys, unknown columns and the wrong subject', () => {
    expect(issues({ trait: 'country', op: 'eq', value: 'FI', extra: 1 })).toEqual([
      "/extra: unknown key 'extra' in a 'trait' condition; allowed: trait, type, op, value",
    ]);
    expect(issues({ trait: 'email', op: 'eq', value: 'a@b' })).toEqual([
      "/trait: unknown account field 'email'; use one of name, domain, industry, employees, country, owner, kind, created_at or 'traits.<key>'",
    ]);
    expect(issues({ trait: 'constructor', op: 'exists' })[0]).toMatch(/^\/trait: unknown account field 'constructor'/);
    expect(issues({ trait: 'country', op: 'eq', value: 'FI' }, contactCtx)[0]).toMatch(/^\/trait: unknown contact field 'country'/);
    expect(issues({ contacts: 'any', where: { trait: 'title', op: 'exists' } }, contactCtx)).toEqual([
      '/contacts: a contacts condition applies to account rules only; this is a contact rule',
    ]);
    expect(issues({ all: [{ trait: 'employees', type: 'string', op: 'eq', value: 'x' }] })).toEqual([
      "/all/0/type: account column 'employees' is a number; omit type or set it to 'number'",
    ]);
    expect(issues({ hello: 1 })).toEqual([
      ": a rule needs one of all, any, not, trait, event, orders, metric, in_segment, stage_in, contacts; found 'hello'",
    ]);
    expect(issues({ trait: 'country', event: 'x' })[0]).toMatch(/found both 'trait' and 'event'/);
    expect(issues([{ trait: 'country' }])).toEqual([': expected a rule object, got an array']);
  });

  it('checks operators against the value type, and values against operators', () => {
    expect(issues({ trait: 'country', op: 'gt', value: 'FI' })).toEqual([
      "/op: operator 'gt' does not apply to 'country' (a string); use one of eq, neq, in, not_in, contains, starts_with, exists, not_exists",
    ]);
    expect(issues({ trait: 'employees', op: 'contains', value: 1 })[0]).toMatch(/^\/op: operator 'contains' does not apply to 'employees' \(a number\)/);
    expect(issues({ event: 'Login', op: 'contains', value: 'x' })[0]).toMatch(/^\/op: operator 'contains' does not apply to count \(a number\)/);
    expect(issues({ trait: 'employees', op: 'eq', value: '10' })).toEqual(["/value: eq on 'employees' needs a number, got '10'"]);
    expect(issues({ trait: 'country', op: 'in', value: [] })).toEqual(['/value: the list is empty; give at least one value']);
    expect(issues({ trait: 'country', op: 'in', value: ['FI', 3] })).toEqual(['/value/1: expected strings, got a number']);
    expect(issues({ trait: 'employees', op: 'between', value: [50, 10] })).toEqual(['/value: the low end 50 is above the high end 10']);
    expect(issues({ trait: 'created_at', op: 'between', value: ['2026-02-01', '2026-01-01T00:00:00Z'] })).toEqual([
      "/value: the low end '2026-02-01' is above the high end '2026-01-01T00:00:00Z'",
    ]);
    expect(issues({ trait: 'created_at', op: 'gt', value: '2026-02-30' })[0]).toMatch(/^\/value: gt on 'created_at' needs an ISO 8601 date/);
    expect(issues({ trait: 'country', op: 'exists', value: 'FI' })).toEqual(['/value: exists takes no value']);
    expect(issues({ trait: 'country', op: 'like', value: 'FI' })[0]).toMatch(/^\/op: unknown operator 'like'/);
    expect(issues({ trait: 'country', value: 'FI' })).toEqual(['/op: op is required']);
    expect(issues({ trait: 'country', op: 'contains', value: '' })).toEqual(["/value: contains needs a non-empty string, got ''"]);
    expect(issues({ trait: 'traits.active', type: 'boolean', op: 'gte', value: true })[0]).toMatch(/a boolean\); use one of eq, neq, in, not_in, exists, not_exists$/);
    expect(issues({ trait: 'traits.x', type: 'json', op: 'exists' })).toEqual(["/type: type must be one of string, number, boolean, date; got 'json'"]);
  });

  it('rejects impossible windows and day counts', () => {
    expect(issues({ event: 'Login', op: 'gte', value: 1, within_days: 0 })).toEqual(['/within_days: within_days must be at least 1 day, got 0']);
    expect(issues({ event: 'Login', op: 'gte', value: 1, within_days: -5 })).toEqual(['/within_days: within_days must be at least 1 day, got -5']);
    expect(issues({ event: 'Login', op: 'gte', value: 1, within_days: 1.5 })).toEqual(['/within_days: within_days must be a whole number of days, got 1.5']);
    expect(issues({ orders: 'count', op: 'gte', value: 1, within_days: 36501 })).toEqual([
      '/within_days: within_days must be at most 36500 days (100 years), got 36501',
    ]);
    expect(issues({ trait: 'created_at', op: 'within_last_days', value: 0 })).toEqual(['/value: value must be at least 1 day, got 0']);
    expect(issues({ trait: 'created_at', op: 'within_next_days' })).toEqual(['/value: within_next_days needs a value: a number of days']);
  });

  it('checks event measures and filters', () => {
    expect(issues({ event: 'Order Completed', measure: { fn: 'sum' }, op: 'gt', value: 1 })).toEqual([
      '/measure/property: sum needs the name of a numeric event property, got nothing',
    ]);
    expect(issues({ event: 'Login', measure: { fn: 'count', property: 'x' }, op: 'gt', value: 1 })).toEqual(['/measure/property: count takes no property']);
    expect(issues({ event: 'Login', measure: { fn: 'median', property: 'x' }, op: 'gt', value: 1 })[0]).toMatch(/^\/measure\/fn: fn must be one of count/);
    expect(issues({ event: 'Login', measure: { fn: 'last_at' }, op: 'gt', value: 5 })[0]).toMatch(/^\/value: gt on last_at needs an ISO 8601 date/);
    expect(issues({ event: 'Login', op: 'gte', value: 1, where: [] })).toEqual(['/where: where needs at least one filter (or leave it out)']);
    expect(issues({ event: 'Login', op: 'gte', value: 1, where: [{ property: 'plan', op: 'gt', value: 1, x: 1 }] })).toEqual([
      "/where/0/x: unknown key 'x' in an event filter; allowed: property, op, value",
      "/where/0/op: an event filter's op is eq, neq or in; got 'gt'",
    ]);
    expect(issues({ event: 'Login', op: 'gte', value: 1, where: [{ property: 'plan', op: 'in', value: [] }] })).toEqual([
      '/where/0/value: the list is empty; give at least one value',
    ]);
    expect(issues({ event: '', op: 'gte', value: 1 })[0]).toMatch(/^\/event: event must be an event name/);
  });

  it('checks segments, stages and groups', () => {
    expect(issues({ in_segment: 'nope' })).toEqual(["/in_segment: unknown segment 'nope'"]);
    expect(issues({ in_segment: 'champions' })).toEqual([
      "/in_segment: segment 'champions' holds contacts; an account rule can only use account segments",
    ]);
    expect(issues({ contacts: 'any', where: { in_segment: 'vip' } })).toEqual([
      "/where/in_segment: segment 'vip' holds accounts; a contact rule can only use contact segments",
    ]);
    expect(issues({ stage_in: ['new', 'loyal'] })).toEqual(["/stage_in/1: unknown account stage 'loyal'; stages: awareness, new, customer, former"]);
    expect(issues({ contacts: 'all', where: { stage_in: ['new'] } })).toEqual(["/where/stage_in/0: unknown contact stage 'new'; stages: lead, user"]);
    expect(issues({ stage_in: [] })).toEqual(['/stage_in: the list is empty; give at least one value']);
    expect(issues({ all: [] })).toEqual(["/all: 'all' needs at least one rule"]);
    expect(issues({ any: {} })).toEqual(["/any: 'any' takes a list of rules, got an object"]);
    expect(issues({ contacts: 'some', where: { trait: 'title', op: 'exists' } })).toEqual([
      "/contacts: contacts must be 'any', 'all', 'none' or { \"count\": { \"op\", \"value\" } }; got 'some'",
    ]);
    expect(issues({ contacts: { count: { op: 'exists' } }, where: { trait: 'title', op: 'exists' } })[0]).toMatch(
      /^\/contacts\/count\/op: operator 'exists' does not apply to the number of matching contacts/,
    );
    expect(issues({ contacts: 'any' })).toEqual(['/where: a contacts condition needs where: the contact rule to match']);
  });

  it('limits depth and escapes JSON pointers', () => {
    let deep: unknown = { trait: 'country', op: 'exists' };
    for (let i = 0; i < 20; i++) deep = { not: deep };
    expect(issues(deep)).toEqual([`${'/not'.repeat(20)}: rules nest at most 20 levels deep`]);
    let ok: unknown = { trait: 'country', op: 'exists' };
    for (let i = 0; i < 19; i++) ok = { all: [ok] };
    expect(validateRule(ok, ctx).ok).toBe(true);
    expect(issues({ all: [{ trait: 'country', op: 'eq', value: 'FI', 'a/b~c': 1 }] })).toEqual([
      "/all/0/a~1b~0c: unknown key 'a/b~c' in a 'trait' condition; allowed: trait, type, op, value",
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      issues({
        all: [
          { trait: 'country', op: 'gt', value: 1 },
          { event: 'Login', op: 'gte', value: 1, within_days: 0 },
          { any: [] },
          { metric: 'Bad Name', op: 'gt', value: 1 },
        ],
      }),
    ).toEqual([
      "/all/0/op: operator 'gt' does not apply to 'country' (a string); use one of eq, neq, in, not_in, contains, starts_with, exists, not_exists",
      '/all/1/within_days: within_days must be at least 1 day, got 0',
      "/all/2/any: 'any' needs at least one rule",
      "/all/3/metric: metric must be a metric name like 'rfm_score' or 'tenure_days' (lower case, digits, _), got 'Bad Name'",
    ]);
  });
});
