import { describe, expect, it } from 'vitest';
import type { Rule } from '../api/rule';
import { appendChild, patchNode, removeNode } from './edit-draft';
import {
  CUSTOM_TRAIT,
  comparisonOf,
  draftToRule,
  emptyGroup,
  fitOp,
  hasConditions,
  newCondition,
  parseNumber,
  type DraftContacts,
  type DraftEvent,
  type DraftGroup,
  type DraftTrait,
} from './rule-draft';
import { issuesAt, placeIssues } from './rule-issues';
import { ruleToDraft } from './rule-to-draft';

function trait(patch: Partial<DraftTrait>): DraftTrait {
  return { ...(newCondition('trait', 'account') as DraftTrait), ...patch };
}

describe('rule draft to JSON', () => {
  it('builds nested all/any groups with negation and reports where each node went', () => {
    const root = emptyGroup('all');
    const country = trait({ field: 'country', op: 'eq', value: ' FI ' });
    const orders = { ...newCondition('orders', 'account'), negated: true };
    const inner: DraftGroup = { ...emptyGroup('any'), children: [trait({ field: 'employees', op: 'gte', value: '1 000' }), orders] };
    root.children = [country, inner];
    const { rule, paths } = draftToRule(root, 'account');
    expect(rule).toEqual({
      all: [
        { trait: 'country', op: 'eq', value: 'FI' },
        { any: [{ trait: 'employees', op: 'gte', value: 1000 }, { not: { orders: 'count', within_days: 365, op: 'gte', value: 1 } }] },
      ],
    });
    expect(paths.get(root.id)).toBe('');
    expect(paths.get(country.id)).toBe('/all/0');
    expect(paths.get(inner.id)).toBe('/all/1');
    expect(paths.get(orders.id)).toBe('/all/1/any/1/not');
  });

  it('types values by the field: numbers (decimal comma too), lists, between, relative days, booleans, dates', () => {
    expect(comparisonOf({ op: 'gte', value: '2,5', value2: '' }, 'number')).toEqual({ op: 'gte', value: 2.5 });
    expect(comparisonOf({ op: 'in', value: 'FI, SE,,NO ', value2: '' }, 'string')).toEqual({ op: 'in', value: ['FI', 'SE', 'NO'] });
    expect(comparisonOf({ op: 'in', value: '1, 2', value2: '' }, 'number')).toEqual({ op: 'in', value: [1, 2] });
    expect(comparisonOf({ op: 'between', value: '10', value2: '20' }, 'number')).toEqual({ op: 'between', value: [10, 20] });
    expect(comparisonOf({ op: 'between', value: '2026-01-01', value2: '2026-02-01' }, 'date')).toEqual({ op: 'between', value: ['2026-01-01', '2026-02-01'] });
    expect(comparisonOf({ op: 'within_last_days', value: '30', value2: '' }, 'date')).toEqual({ op: 'within_last_days', value: 30 });
    expect(comparisonOf({ op: 'eq', value: 'true', value2: '' }, 'boolean')).toEqual({ op: 'eq', value: true });
    expect(comparisonOf({ op: 'exists', value: 'left over', value2: '' }, 'string')).toEqual({ op: 'exists' });
  });

  it('leaves out an empty value and sends text that is not a number as typed, for the server to name', () => {
    expect(comparisonOf({ op: 'gte', value: '  ', value2: '' }, 'number')).toEqual({ op: 'gte' });
    expect(comparisonOf({ op: 'gte', value: 'many', value2: '' }, 'number')).toEqual({ op: 'gte', value: 'many' });
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('12 kpl')).toBe('12 kpl');
  });

  it('builds event aggregates with a property, a window and filters', () => {
    const event: DraftEvent = {
      ...(newCondition('event', 'account') as DraftEvent),
      event: 'Order Completed',
      fn: 'sum',
      property: 'revenue',
      withinDays: '365',
      op: 'gt',
      value: '1000',
      where: [
        { id: 'f1', property: 'currency', op: 'eq', value: 'EUR' },
        { id: 'f2', property: 'items', op: 'in', value: '1, 2, big' },
      ],
    };
    const root = { ...emptyGroup(), children: [event] };
    expect(draftToRule(root, 'account').rule).toEqual({
      all: [
        {
          event: 'Order Completed',
          measure: { fn: 'sum', property: 'revenue' },
          within_days: 365,
          where: [
            { property: 'currency', op: 'eq', value: 'EUR' },
            { property: 'items', op: 'in', value: [1, 2, 'big'] },
          ],
          op: 'gt',
          value: 1000,
        },
      ],
    });
    // A count has no measure; first_at has one without a property; no window when left empty.
    const counted = { ...event, fn: 'count' as const, where: [], withinDays: '', op: 'gte' as const, value: '2' };
    expect(draftToRule({ ...root, children: [counted] }, 'account').rule).toEqual({ all: [{ event: 'Order Completed', op: 'gte', value: 2 }] });
    const firstAt = { ...counted, fn: 'first_at' as const, op: 'more_than_days_ago' as const, value: '90' };
    expect(draftToRule({ ...root, children: [firstAt] }, 'account').rule).toEqual({
      all: [{ event: 'Order Completed', measure: { fn: 'first_at' }, op: 'more_than_days_ago', value: 90 }],
    });
  });

  it('builds free traits with their declared type, metrics, stages, segments and contact conditions', () => {
    const custom = trait({ field: CUSTOM_TRAIT, traitKey: 'plan', traitType: 'string', op: 'eq', value: 'Pro' });
    const seats = trait({ field: CUSTOM_TRAIT, traitKey: 'seats', traitType: 'number', op: 'gte', value: '10' });
    const metric = { ...newCondition('metric', 'account'), metric: 'rfm_score', op: 'gte' as const, value: '4' };
    const stage = { ...newCondition('stage_in', 'account'), stages: ['loyal', 'promoter'] };
    const segment = newCondition('in_segment', 'account', { segmentKey: 'vip' });
    const contacts = newCondition('contacts', 'account') as DraftContacts;
    const champion = { ...(newCondition('trait', 'contact') as DraftTrait), field: 'buying_role', op: 'eq' as const, value: 'champion' };
    const counted: DraftContacts = { ...contacts, quantifier: 'count', op: 'gte', value: '2', where: { ...contacts.where, children: [champion] } };
    const root = { ...emptyGroup(), children: [custom, seats, metric, stage, segment, counted] };
    const { rule, paths } = draftToRule(root, 'account');
    expect(rule).toEqual({
      all: [
        { trait: 'traits.plan', op: 'eq', value: 'Pro' },
        { trait: 'traits.seats', type: 'number', op: 'gte', value: 10 },
        { metric: 'rfm_score', op: 'gte', value: 4 },
        { stage_in: ['loyal', 'promoter'] },
        { in_segment: 'vip' },
        { contacts: { count: { op: 'gte', value: 2 } }, where: { all: [{ trait: 'buying_role', op: 'eq', value: 'champion' }] } },
      ],
    });
    expect(paths.get(champion.id)).toBe('/all/5/where/all/0');
  });

  it('reads stored rules back into the same JSON', () => {
    const stored: Rule[] = [
      { all: [{ event: 'Order Completed', within_days: 365, op: 'gte', value: 2 }, { trait: 'country', op: 'in', value: ['FI', 'SE'] }] },
      { any: [{ not: { orders: 'revenue', op: 'between', value: [100, 500] } }, { metric: 'days_in_stage', op: 'gt', value: 30 }] },
      { all: [{ event: 'NPS Answered', measure: { fn: 'last', property: 'score' }, within_days: 365, op: 'gte', value: 9 }] },
      { all: [{ event: 'Page Viewed', where: [{ property: 'category', op: 'eq', value: 'pricing' }], within_days: 60, op: 'gte', value: 1 }] },
      { all: [{ contacts: 'any', where: { all: [{ trait: 'title', op: 'contains', value: 'CEO' }] } }, { stage_in: ['new'] }, { in_segment: 'vip' }] },
      { all: [{ trait: 'traits.trial', type: 'boolean', op: 'eq', value: true }, { trait: 'created_at', op: 'within_last_days', value: 30 }] },
    ];
    for (const rule of stored) {
      const draft = ruleToDraft(rule, 'account');
      expect(draft.children.every((child) => child.kind !== 'json')).toBe(true);
      expect(draftToRule(draft, 'account').rule).toEqual(rule);
    }
  });

  it('wraps a single stored condition in a group and keeps what it cannot reproduce as JSON', () => {
    const single = ruleToDraft({ trait: 'country', op: 'eq', value: 'FI' }, 'account');
    expect(draftToRule(single, 'account').rule).toEqual({ all: [{ trait: 'country', op: 'eq', value: 'FI' }] });
    // "in" with a comma inside a value cannot be typed as a comma-separated list: kept as JSON, unchanged.
    const comma: Rule = { all: [{ trait: 'name', op: 'in', value: ['Oy, Ab', 'Ky'] }] };
    const draft = ruleToDraft(comma, 'account');
    expect(draft.children[0]?.kind).toBe('json');
    expect(draftToRule(draft, 'account').rule).toEqual(comma);
    // A string filter value that looks like a number would come back as a number.
    const numeric: Rule = { all: [{ event: 'Plan Changed', where: [{ property: 'plan', op: 'eq', value: '2' }], op: 'gte', value: 1 }] };
    expect(ruleToDraft(numeric, 'account').children[0]?.kind).toBe('json');
    expect(draftToRule(ruleToDraft(numeric, 'account'), 'account').rule).toEqual(numeric);
  });

  it('keeps an operator the new value type takes and picks a fitting one otherwise', () => {
    expect(fitOp('gte', 'number')).toBe('gte');
    expect(fitOp('contains', 'number')).toBe('eq');
    expect(fitOp('eq', 'date')).toBe('within_last_days');
    expect(fitOp('exists', 'number', true)).toBe('eq');
  });
});

describe('editing a draft', () => {
  it('adds, changes and removes nodes deep in the tree, leaving the rest untouched', () => {
    const root = emptyGroup();
    const first = trait({ value: 'FI' });
    const inner = emptyGroup('any');
    let next = appendChild(appendChild(root, root.id, first), root.id, inner);
    const second = trait({ field: 'industry', value: 'Retail' });
    next = appendChild(next, inner.id, second);
    expect(draftToRule(next, 'account').rule).toEqual({
      all: [{ trait: 'country', op: 'eq', value: 'FI' }, { any: [{ trait: 'industry', op: 'eq', value: 'Retail' }] }],
    });
    const edited = patchNode(next, second.id, { value: 'Software', negated: true });
    expect(edited.children[0]).toBe(next.children[0]);
    expect(draftToRule(edited, 'account').rule).toEqual({
      all: [{ trait: 'country', op: 'eq', value: 'FI' }, { any: [{ not: { trait: 'industry', op: 'eq', value: 'Software' } }] }],
    });
    const removed = removeNode(edited, inner.id);
    expect(draftToRule(removed, 'account').rule).toEqual({ all: [{ trait: 'country', op: 'eq', value: 'FI' }] });
    // The top group stays.
    expect(removeNode(removed, removed.id)).toBe(removed);
    expect(hasConditions(removed)).toBe(true);
    expect(hasConditions({ ...removed, children: [emptyGroup()] })).toBe(false);
  });

  it('edits inside the contact rule of a contacts condition', () => {
    const contacts = newCondition('contacts', 'account') as DraftContacts;
    const top = emptyGroup();
    let root = appendChild(top, top.id, contacts);
    const person = newCondition('trait', 'contact');
    root = appendChild(root, contacts.where.id, person);
    root = patchNode(root, person.id, { value: 'ceo@example.com' });
    expect(draftToRule(root, 'account').rule).toEqual({ all: [{ contacts: 'any', where: { all: [{ trait: 'email', op: 'eq', value: 'ceo@example.com' }] } }] });
  });
});

describe('server issues on the rule builder', () => {
  it('puts each issue on the deepest node its path points into, with the field below it', () => {
    const country = trait({ value: 'FI' });
    const orders = { ...newCondition('orders', 'account'), negated: true, withinDays: '0' };
    const inner: DraftGroup = { ...emptyGroup('any'), children: [orders] };
    const root: DraftGroup = { ...emptyGroup(), children: [country, inner] };
    const { paths } = draftToRule(root, 'account');
    const placed = placeIssues(
      [
        { path: '/rule/all/1/any/0/not/within_days', message: 'within_days must be at least 1 day, got 0' },
        { path: '/rule/all/0/value', message: 'eq needs a value' },
        { path: '/rule/all/1/any', message: "'any' needs at least one rule" },
        { path: '/rule', message: 'segment references make a cycle: a → b → a' },
        { path: 'body/name', message: 'must NOT have fewer than 1 characters' },
        { path: '/key', message: 'must be 1-63 lower-case letters' },
      ],
      paths,
    );
    expect(placed.byNode.get(orders.id)).toEqual([{ field: 'within_days', message: 'within_days must be at least 1 day, got 0' }]);
    expect(placed.byNode.get(country.id)).toEqual([{ field: 'value', message: 'eq needs a value' }]);
    expect(placed.byNode.get(inner.id)).toEqual([{ field: 'any', message: "'any' needs at least one rule" }]);
    expect(placed.byNode.get(root.id)).toEqual([{ field: '', message: 'segment references make a cycle: a → b → a' }]);
    expect(placed.other).toEqual([
      { path: '/name', message: 'must NOT have fewer than 1 characters' },
      { path: '/key', message: 'must be 1-63 lower-case letters' },
    ]);
    expect(issuesAt(placed.byNode.get(orders.id), 'within_days')).toHaveLength(1);
    expect(issuesAt(placed.byNode.get(orders.id), 'value')).toHaveLength(0);
  });

  it('does not confuse /all/1 with /all/10', () => {
    const root: DraftGroup = { ...emptyGroup(), children: Array.from({ length: 11 }, () => trait({ value: 'FI' })) };
    const { paths } = draftToRule(root, 'account');
    const placed = placeIssues([{ path: '/rule/all/10/op', message: 'op is required' }], paths);
    expect([...placed.byNode.keys()]).toEqual([root.children[10]!.id]);
    expect(issuesAt(placed.byNode.get(root.children[10]!.id), 'value/0')).toHaveLength(0);
  });
});
