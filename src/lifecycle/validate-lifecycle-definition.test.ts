import { describe, expect, it } from 'vitest';
import type { SubjectType } from '../rules/rule.js';
import { defaultLifecycle } from './default-lifecycle.js';
import { validateLifecycleDefinition } from './validate-lifecycle-definition.js';

const ctx = (subject: SubjectType) => ({ subject, segments: new Map<string, SubjectType>([['vip', 'account']]) });

describe('default lifecycle', () => {
  for (const subject of ['account', 'contact'] as const) {
    it(`validates for ${subject}s, with the AIDA steps, new, customer, loyal, promoter and former`, () => {
      const def = defaultLifecycle(subject);
      const v = validateLifecycleDefinition(JSON.parse(JSON.stringify(def)), ctx(subject));
      expect(v.ok ? [] : v.issues).toEqual([]);
      expect(def.stages.map((s) => s.key)).toEqual(['awareness', 'interest', 'decision', 'action', 'new', 'customer', 'loyal', 'promoter', 'former']);
      expect(def.stages.filter((s) => s.group === 'prospect').map((s) => s.kind)).toEqual(['prospect', 'prospect', 'prospect', 'prospect']);
      expect(def.stages.find((s) => s.key === 'former')?.kind).toBe('former');
      for (const s of def.stages) {
        expect(s.name.fi).not.toBe(s.name.en);
        expect(s.description?.fi.length).toBeGreaterThan(10);
      }
      expect(def.initial).toBe('awareness');
      // Every stage can be reached, and every non-former customer stage can lapse to former.
      const reached = new Set([def.initial, ...def.transitions.map((t) => t.to)]);
      expect([...reached].sort()).toEqual(def.stages.map((s) => s.key).sort());
      const lapse = def.transitions.find((t) => t.to === 'former');
      expect(lapse?.from).toEqual(['new', 'customer', 'loyal', 'promoter']);
      expect(def.transitions.find((t) => t.key === 'win_back')).toMatchObject({ from: ['former'], to: 'new' });
    });
  }

  it('takes formerAfterDays into the lapse and win-back rules', () => {
    const def = defaultLifecycle('account', { formerAfterDays: 180 });
    expect(def.settings).toEqual({ formerAfterDays: 180 });
    expect(def.transitions.find((t) => t.key === 'lapsed')?.rule).toEqual({ not: { orders: 'count', within_days: 180, op: 'gte', value: 1 } });
    expect(def.transitions.find((t) => t.key === 'win_back')?.rule).toEqual({ orders: 'count', within_days: 180, op: 'gte', value: 1 });
    expect(def.transitions.find((t) => t.key === 'lapsed')?.description.en).toContain('180 days');
  });

  it('moves people on their own purchases or product use', () => {
    const rule = defaultLifecycle('contact').transitions.find((t) => t.key === 'first_purchase')?.rule;
    expect(rule).toEqual({
      any: [
        { orders: 'count', op: 'gte', value: 1 },
        { event: 'Login', op: 'gte', value: 1 },
        { event: 'Signed In', op: 'gte', value: 1 },
      ],
    });
  });
});

describe('validateLifecycleDefinition', () => {
  const base = () => JSON.parse(JSON.stringify(defaultLifecycle('account'))) as Record<string, any>;

  it('names the exact path of a bad rule inside a transition', () => {
    const def = base();
    const i = def.transitions.findIndex((t: { key: string }) => t.key === 'engaged');
    def.transitions[i].rule.any[0].within_days = 0;
    def.transitions[i].rule.any[1].op = 'bigger';
    const v = validateLifecycleDefinition(def, ctx('account'));
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.issues.map((x) => x.path)).toEqual([`/transitions/${i}/rule/any/0/within_days`, `/transitions/${i}/rule/any/1/op`]);
    expect(v.issues[0]!.message).toMatch(/at least 1 day/);
  });

  it('refuses duplicate keys, a missing initial stage and transitions between unknown stages', () => {
    const def = base();
    def.stages[1].key = 'awareness';
    def.initial = 'lead';
    def.transitions[0].to = 'nowhere';
    def.transitions[1].from = ['former', 'ghost'];
    def.transitions[2].key = def.transitions[3].key;
    def.transitions[4].from = ['new', 'customer'];
    def.transitions[4].to = 'customer';
    const v = validateLifecycleDefinition(def, ctx('account'));
    if (v.ok) throw new Error('expected issues');
    const byPath = Object.fromEntries(v.issues.map((x) => [x.path, x.message]));
    expect(byPath['/stages/1/key']).toMatch(/duplicates the key "awareness" of \/stages\/0/);
    expect(byPath['/initial']).toMatch(/must be the key of one of the stages/);
    expect(byPath['/transitions/0/to']).toMatch(/must be a stage of this definition/);
    expect(byPath['/transitions/1/from/1']).toMatch(/must be a stage/);
    expect(byPath['/transitions/3/key']).toMatch(/duplicates the key/);
    expect(byPath['/transitions/4/from/1']).toMatch(/own target "customer"/);
  });

  it('checks stage_in against the new stages and segments against the workspace', () => {
    const def = base();
    def.stages = def.stages.filter((s: { key: string }) => s.key !== 'promoter');
    def.transitions = [
      { key: 'a', from: ['new'], to: 'customer', rule: { stage_in: ['promoter'] }, description: { fi: 'x', en: 'x' } },
      { key: 'b', from: '*', to: 'loyal', rule: { in_segment: 'nope' }, description: { fi: 'x', en: 'x' } },
      { key: 'c', from: '*', to: 'loyal', rule: { in_segment: 'vip' }, description: { fi: 'x', en: '' }, extra: 1 },
    ];
    const v = validateLifecycleDefinition(def, ctx('account'));
    if (v.ok) throw new Error('expected issues');
    expect(v.issues.map((x) => x.path)).toEqual([
      '/transitions/0/rule/stage_in/0',
      '/transitions/1/rule/in_segment',
      '/transitions/2/extra',
      '/transitions/2/description/en',
    ]);
  });

  it('reports the shape of everything else with paths', () => {
    expect(validateLifecycleDefinition([], ctx('account'))).toEqual({ ok: false, issues: [{ path: '/', message: 'must be an object' }] });
    const v = validateLifecycleDefinition(
      { stages: [{ key: 'A', name: { fi: 'a' }, kind: 'vip' }], initial: 'A', transitions: {}, settings: { formerAfterDays: 0 }, colour: 'red' },
      ctx('contact'),
    );
    if (v.ok) throw new Error('expected issues');
    expect(v.issues.map((x) => x.path)).toEqual([
      '/colour',
      '/stages/0/key',
      '/stages/0/name/en',
      '/stages/0/kind',
      '/initial',
      '/transitions',
      '/settings/formerAfterDays',
    ]);
  });

  it('returns the definition and which transitions depend on time', () => {
    const v = validateLifecycleDefinition(base(), ctx('account'));
    if (!v.ok) throw new Error('expected ok');
    expect(v.definition.transitions).toHaveLength(11);
    // A first purchase is for ever; every other default rule has a window or reads the clock.
    expect(v.definition.transitions[0]!.key).toBe('first_purchase');
    expect(v.timeDependent).toEqual([false, ...Array(10).fill(true)]);
  });
});
