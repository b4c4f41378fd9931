import { describe, expect, it } from 'vitest';
import { describeRule } from './describe-rule.js';
import type { Rule } from './rule.js';

const both = (rule: Rule) => ({ en: describeRule(rule, 'en'), fi: describeRule(rule, 'fi') });

describe('describeRule', () => {
  it('reads a typical rule in both languages', () => {
    expect(both({ all: [{ event: 'Order Completed', op: 'gte', value: 2, within_days: 365 }, { trait: 'country', op: 'eq', value: 'FI' }] })).toEqual({
      en: 'Order Completed at least 2 times in the last 365 days AND country is FI',
      fi: 'Order Completed vähintään 2 kertaa viimeisen 365 päivän aikana JA maa on FI',
    });
  });

  it('parenthesises nested groups and negations', () => {
    const rule: Rule = {
      any: [
        { all: [{ in_segment: 'vip' }, { not: { stage_in: ['former'] } }] },
        { metric: 'rfm_score', op: 'between', value: [4, 5.5] },
      ],
    };
    expect(both(rule)).toEqual({
      en: '(in segment vip AND NOT (stage is former)) OR metric rfm_score is between 4 and 5.5',
      fi: '(kuuluu segmenttiin vip JA EI (vaihe on former)) TAI mittari rfm_score on välillä 4–5,5',
    });
    expect(describeRule({ all: [{ trait: 'country', op: 'exists' }] }, 'en')).toBe('country is set');
  });

  it('describes every condition kind', () => {
    const cases: [Rule, string, string][] = [
      [{ trait: 'traits.plan', op: 'in', value: ['pro', 'team'] }, 'plan is one of pro, team', 'plan on jokin seuraavista: pro, team'],
      [{ trait: 'employees', op: 'lt', value: 10 }, 'employees is less than 10', 'henkilöstömäärä on pienempi kuin 10'],
      [{ trait: 'created_at', op: 'gt', value: '2026-01-01' }, 'created is after 2026-01-01', 'luontiaika on myöhemmin kuin 2026-01-01'],
      [{ trait: 'created_at', op: 'within_last_days', value: 30 }, 'created is within the last 30 days', 'luontiaika on viimeisen 30 päivän aikana'],
      [{ trait: 'traits.renewal', type: 'date', op: 'within_next_days', value: 60 }, 'renewal is within the next 60 days', 'renewal on seuraavan 60 päivän aikana'],
      [{ trait: 'title', op: 'contains', value: 'ceo' }, 'title contains ceo', 'titteli sisältää ceo'],
      [{ trait: 'traits.active', type: 'boolean', op: 'eq', value: false }, 'active is false', 'active on epätosi'],
      [{ event: 'Login', op: 'eq', value: 1, within_days: 1 }, 'Login exactly 1 time in the last 1 day', 'Login tasan 1 kerran viimeisen 1 päivän aikana'],
      [{ event: 'Login', op: 'lt', value: 3 }, 'Login fewer than 3 times', 'Login alle 3 kertaa'],
      [
        { event: 'Order Completed', measure: { fn: 'sum', property: 'revenue' }, op: 'gte', value: 1000, within_days: 90, where: [{ property: 'plan', op: 'eq', value: 'pro' }] },
        'sum of revenue in Order Completed where plan is pro in the last 90 days is at least 1000',
        'Order Completed (ehdolla plan on pro): revenue (summa) viimeisen 90 päivän aikana on vähintään 1000',
      ],
      [{ event: 'Login', measure: { fn: 'last_at' }, op: 'more_than_days_ago', value: 30 }, 'last Login is more than 30 days ago', 'viimeisin tapahtuma Login on yli 30 päivää sitten'],
      [{ orders: 'revenue', op: 'gte', value: 500.5, within_days: 365 }, 'revenue in the last 365 days is at least 500.5', 'liikevaihto viimeisen 365 päivän aikana on vähintään 500,5'],
      [{ orders: 'last_at', op: 'within_last_days', value: 90 }, 'last order is within the last 90 days', 'viimeisin tilaus on viimeisen 90 päivän aikana'],
      [{ metric: 'tenure_days', op: 'gte', value: 365 }, 'tenure in days is at least 365', 'asiakkuuden kesto päivinä on vähintään 365'],
      [{ metric: 'days_in_stage', op: 'gt', value: 14 }, 'days in the current stage is greater than 14', 'päiviä nykyisessä vaiheessa on suurempi kuin 14'],
      [{ stage_in: ['new', 'customer'] }, 'stage is one of new, customer', 'vaihe on jokin seuraavista: new, customer'],
      [{ contacts: 'any', where: { trait: 'buying_role', op: 'eq', value: 'decision_maker' } }, 'some contact matches (buying role is decision_maker)', 'jokin yhteyshenkilö täyttää ehdon (ostorooli on decision_maker)'],
      [{ contacts: 'none', where: { event: 'Login', op: 'gte', value: 1, within_days: 30 } }, 'no contact matches (Login at least 1 time in the last 30 days)', 'yksikään yhteyshenkilö ei täytä ehtoa (Login vähintään 1 kerran viimeisen 30 päivän aikana)'],
      [
        { contacts: { count: { op: 'gte', value: 3 } }, where: { all: [{ trait: 'title', op: 'exists' }, { in_segment: 'champions' }] } },
        'the number of contacts matching (title is set AND in segment champions) is at least 3',
        'ehdon (titteli on asetettu JA kuuluu segmenttiin champions) täyttävien yhteyshenkilöiden määrä on vähintään 3',
      ],
    ];
    for (const [rule, en, fi] of cases) expect(both(rule), JSON.stringify(rule)).toEqual({ en, fi });
  });
});
