import { describe, expect, it } from 'vitest';
import { evaluateRule } from './evaluate-rule.js';
import type { SubjectFacts } from './load-subject-facts.js';
import { US_PER_DAY } from './parse-iso-timestamp.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_US = BigInt(NOW.getTime()) * 1000n;

function facts(over: Partial<SubjectFacts> = {}): SubjectFacts {
  return {
    subject: 'account',
    id: 1,
    columns: { name: 'Kone Oy', country: 'FI', employees: 12, created_at: NOW_US - 400n * US_PER_DAY },
    traits: { plan: 'pro', seats: '5' },
    events: [
      { id: 1, name: 'Order Completed', at: NOW_US - 10n * US_PER_DAY, properties: { amount: 0.1 } },
      { id: 2, name: 'Order Completed', at: NOW_US - 400n * US_PER_DAY, properties: { amount: 0.2 } },
    ],
    orders: [{ id: 1, status: 'cancelled', total: '10.00', refunded: '0.00', at: NOW_US - US_PER_DAY }],
    metrics: { rfm_score: 4.5 },
    stage: { key: 'customer', enteredAt: NOW_US - 3n * US_PER_DAY - 1n },
    segments: ['vip'],
    contacts: [],
    ...over,
  };
}

describe('evaluateRule', () => {
  it('explains each leaf with the value it compared, in both languages', () => {
    const e = evaluateRule(
      {
        all: [
          { event: 'Order Completed', op: 'gte', value: 2, within_days: 365 },
          { trait: 'country', op: 'eq', value: 'FI' },
          { not: { trait: 'traits.seats', type: 'number', op: 'gt', value: 1 } },
          { event: 'Order Completed', measure: { fn: 'sum', property: 'amount' }, op: 'eq', value: 0.3 },
        ],
      },
      facts(),
      NOW,
    );
    expect(e.result).toBe(false);
    expect(e.text).toEqual({ fi: 'kaikki seuraavista pätevät', en: 'all of the following hold' });
    expect(e.children!.map((c) => [c.result, c.actual, c.text.en])).toEqual([
      [false, 1, 'Order Completed at least 2 times in the last 365 days (actual: 1)'],
      [true, 'FI', 'country is FI (actual: FI)'],
      [true, undefined, 'the following does not hold'],
      [true, 0.3, 'sum of amount in Order Completed is 0.3 (actual: 0.3)'],
    ]);
    expect(e.children![2]!.children![0]).toEqual({
      result: false,
      actual: null,
      text: { fi: 'seats on suurempi kuin 1 (ei arvoa)', en: 'seats is greater than 1 (no value)' },
    });
    expect(e.children![0]!.text.fi).toBe('Order Completed vähintään 2 kertaa viimeisen 365 päivän aikana (arvo: 1)');
  });

  it('explains stages, segments, clock metrics, orders and contacts', () => {
    const contact = (id: number, title: string | null): SubjectFacts => ({ ...facts(), subject: 'contact', id, columns: { title, created_at: NOW_US }, contacts: [] });
    const f = facts({ contacts: [contact(11, 'CEO'), contact(12, null)] });
    const e = evaluateRule(
      {
        any: [
          { stage_in: ['new'] },
          { in_segment: 'vip' },
          { metric: 'days_in_stage', op: 'gte', value: 3 },
          { orders: 'count', op: 'gte', value: 1 },
          { orders: 'last_at', op: 'exists' },
          { contacts: 'all', where: { trait: 'title', op: 'eq', value: 'CEO' } },
        ],
      },
      f,
      NOW,
    );
    expect(e.result).toBe(true);
    expect(e.children!.map((c) => [c.result, c.actual, c.text.en])).toEqual([
      [false, 'customer', 'stage is new (stage: customer)'],
      [true, true, 'in segment vip (is a member)'],
      [true, 3, 'days in the current stage is at least 3 (actual: 3)'],
      [false, 0, 'order count is at least 1 (actual: 0)'],
      [false, null, 'last order is set (no value)'],
      [false, { matching: 1, total: 2 }, 'every contact matches (title is CEO) (1 of 2 contacts match)'],
    ]);
    expect(e.children![5]!.children!.map((c) => c.text.fi)).toEqual(['yhteyshenkilö 11: titteli on CEO (arvo: CEO)', 'yhteyshenkilö 12: titteli on CEO (ei arvoa)']);
    expect(e.children![1]!.text.fi).toBe('kuuluu segmenttiin vip (on jäsen)');
  });
});
