import type { CompareOp, CompareValue, ContactsCondition, EventCondition, Rule, ScalarValue } from './rule.js';

type Locale = 'fi' | 'en';

const FIELD_LABELS: Record<string, { fi: string; en: string }> = {
  name: { fi: 'nimi', en: 'name' },
  domain: { fi: 'verkkotunnus', en: 'domain' },
  industry: { fi: 'toimiala', en: 'industry' },
  employees: { fi: 'henkilöstömäärä', en: 'employees' },
  country: { fi: 'maa', en: 'country' },
  owner: { fi: 'vastuuhenkilö', en: 'owner' },
  kind: { fi: 'tyyppi', en: 'kind' },
  created_at: { fi: 'luontiaika', en: 'created' },
  email: { fi: 'sähköposti', en: 'email' },
  first_name: { fi: 'etunimi', en: 'first name' },
  last_name: { fi: 'sukunimi', en: 'last name' },
  title: { fi: 'titteli', en: 'title' },
  locale: { fi: 'kieli', en: 'locale' },
  timezone: { fi: 'aikavyöhyke', en: 'time zone' },
  buying_role: { fi: 'ostorooli', en: 'buying role' },
  persona: { fi: 'ostajapersoona', en: 'persona' },
};

const ORDER_LABELS = {
  count: { fi: 'tilausten määrä', en: 'order count' },
  revenue: { fi: 'liikevaihto', en: 'revenue' },
  avg_value: { fi: 'keskimääräinen tilausarvo', en: 'average order value' },
  first_at: { fi: 'ensimmäinen tilaus', en: 'first order' },
  last_at: { fi: 'viimeisin tilaus', en: 'last order' },
} as const;

const MEASURE_LABELS = {
  sum: { fi: 'summa', en: 'sum' },
  avg: { fi: 'keskiarvo', en: 'average' },
  min: { fi: 'pienin', en: 'minimum' },
  max: { fi: 'suurin', en: 'maximum' },
  first: { fi: 'ensimmäinen', en: 'first' },
  last: { fi: 'viimeisin', en: 'last' },
} as const;

const METRIC_LABELS: Record<string, { fi: string; en: string }> = {
  tenure_days: { fi: 'asiakkuuden kesto päivinä', en: 'tenure in days' },
  days_in_stage: { fi: 'päiviä nykyisessä vaiheessa', en: 'days in the current stage' },
};

/**
 * A rule as readable text in Finnish or English, e.g.
 * 'Order Completed at least 2 times in the last 365 days AND country is FI'.
 * Groups inside groups are parenthesised; values are shown as written in the rule.
 */
export function describeRule(rule: Rule, locale: Locale): string {
  return new Describer(locale).rule(rule, true);
}

class Describer {
  constructor(private readonly l: Locale) {}

  private t(fi: string, en: string): string {
    return this.l === 'fi' ? fi : en;
  }

  rule(rule: Rule, top: boolean): string {
    if ('all' in rule || 'any' in rule) {
      const list = 'all' in rule ? rule.all : rule.any;
      if (list.length === 1) return this.rule(list[0]!, top);
      const joiner = 'all' in rule ? this.t(' JA ', ' AND ') : this.t(' TAI ', ' OR ');
      const text = list.map((r) => this.rule(r, false)).join(joiner);
      return top ? text : `(${text})`;
    }
    if ('not' in rule) return `${this.t('EI', 'NOT')} ${this.paren(rule.not)}`;
    if ('in_segment' in rule) return this.t(`kuuluu segmenttiin ${rule.in_segment}`, `in segment ${rule.in_segment}`);
    if ('stage_in' in rule) {
      const keys = rule.stage_in.join(', ');
      return rule.stage_in.length === 1
        ? this.t(`vaihe on ${keys}`, `stage is ${keys}`)
        : this.t(`vaihe on jokin seuraavista: ${keys}`, `stage is one of ${keys}`);
    }
    if ('contacts' in rule) return this.contacts(rule);
    if ('trait' in rule) {
      const field = rule.trait.startsWith('traits.') ? rule.trait.slice('traits.'.length) : (FIELD_LABELS[rule.trait]?.[this.l] ?? rule.trait);
      const type = rule.type ?? (rule.trait === 'created_at' ? 'date' : rule.trait === 'employees' ? 'number' : 'string');
      return `${field} ${this.op(rule.op, rule.value, type === 'date')}`;
    }
    if ('event' in rule) return this.event(rule);
    if ('orders' in rule) {
      const date = rule.orders === 'first_at' || rule.orders === 'last_at';
      return `${ORDER_LABELS[rule.orders][this.l]}${this.window(rule.within_days)} ${this.op(rule.op, rule.value, date)}`;
    }
    const label = METRIC_LABELS[rule.metric]?.[this.l] ?? this.t(`mittari ${rule.metric}`, `metric ${rule.metric}`);
    return `${label} ${this.op(rule.op, rule.value, false)}`;
  }

  private paren(rule: Rule): string {
    const text = this.rule(rule, false);
    return text.startsWith('(') ? text : `(${text})`;
  }

  private contacts(rule: ContactsCondition): string {
    const inner = this.paren(rule.where);
    const how = rule.contacts;
    if (how === 'any') return this.t(`jokin yhteyshenkilö täyttää ehdon ${inner}`, `some contact matches ${inner}`);
    if (how === 'all') return this.t(`jokainen yhteyshenkilö täyttää ehdon ${inner}`, `every contact matches ${inner}`);
    if (how === 'none') return this.t(`yksikään yhteyshenkilö ei täytä ehtoa ${inner}`, `no contact matches ${inner}`);
    return this.t(
      `ehdon ${inner} täyttävien yhteyshenkilöiden määrä ${this.op(how.count.op, how.count.value, false)}`,
      `the number of contacts matching ${inner} ${this.op(how.count.op, how.count.value, false)}`,
    );
  }

  private event(rule: EventCondition): string {
    const m = rule.measure ?? { fn: 'count' as const };
    const name = `${rule.event}${this.where(rule.where)}`;
    const window = this.window(rule.within_days);
    if (m.fn === 'count') return `${name} ${this.times(rule.op, rule.value)}${window}`;
    if (m.fn === 'first_at' || m.fn === 'last_at') {
      const which = m.fn === 'first_at' ? this.t('ensimmäinen tapahtuma', 'first') : this.t('viimeisin tapahtuma', 'last');
      return `${which} ${name}${window} ${this.op(rule.op, rule.value, true)}`;
    }
    if (!('property' in m)) return name;
    const label = MEASURE_LABELS[m.fn][this.l];
    return this.t(
      `${name}: ${m.property} (${label})${window} ${this.op(rule.op, rule.value, false)}`,
      `${label} of ${m.property} in ${name}${window} ${this.op(rule.op, rule.value, false)}`,
    );
  }

  private where(filters: EventCondition['where']): string {
    if (!filters || filters.length === 0) return '';
    const parts = filters.map((f) => `${f.property} ${this.op(f.op, f.value, false)}`);
    return this.t(` (ehdolla ${parts.join(' ja ')})`, ` where ${parts.join(' and ')}`);
  }

  private window(days: number | undefined): string {
    if (days === undefined) return '';
    return this.t(` viimeisen ${days} päivän aikana`, ` in the last ${days} ${days === 1 ? 'day' : 'days'}`);
  }

  private times(op: CompareOp, value: CompareValue | undefined): string {
    const n = typeof value === 'number' ? value : null;
    const unit = (k: number) => (this.l === 'fi' ? (k === 1 ? 'kerran' : 'kertaa') : k === 1 ? 'time' : 'times');
    if (n !== null) {
      const phrases: Partial<Record<CompareOp, [string, string]>> = {
        eq: [`tasan ${this.num(n)} ${unit(n)}`, `exactly ${n} ${unit(n)}`],
        neq: [`muu kuin ${this.num(n)} ${unit(n)}`, `other than ${n} ${unit(n)}`],
        gt: [`yli ${this.num(n)} ${unit(n)}`, `more than ${n} ${unit(n)}`],
        gte: [`vähintään ${this.num(n)} ${unit(n)}`, `at least ${n} ${unit(n)}`],
        lt: [`alle ${this.num(n)} ${unit(n)}`, `fewer than ${n} ${unit(n)}`],
        lte: [`enintään ${this.num(n)} ${unit(n)}`, `at most ${n} ${unit(n)}`],
      };
      const p = phrases[op];
      if (p) return this.t(p[0], p[1]);
    }
    if (op === 'between' && Array.isArray(value)) {
      return this.t(`${this.val(value[0]!)}–${this.val(value[1]!)} kertaa`, `between ${value[0]} and ${value[1]} times`);
    }
    return this.t(`kertamäärä ${this.op(op, value, false)}`, `a number of times that ${this.op(op, value, false)}`);
  }

  /** The operator and value, e.g. 'is at least 5' / 'on vähintään 5'. */
  op(op: CompareOp, value: CompareValue | undefined, date: boolean): string {
    const v = value === undefined ? '' : Array.isArray(value) ? value.map((x) => this.val(x)).join(', ') : this.val(value);
    const range = Array.isArray(value) ? [this.val(value[0]!), this.val(value[1]!)] : ['', ''];
    switch (op) {
      case 'eq': return this.t(`on ${v}`, `is ${v}`);
      case 'neq': return this.t(`ei ole ${v}`, `is not ${v}`);
      case 'in': return this.t(`on jokin seuraavista: ${v}`, `is one of ${v}`);
      case 'not_in': return this.t(`ei ole mikään seuraavista: ${v}`, `is none of ${v}`);
      case 'gt': return date ? this.t(`on myöhemmin kuin ${v}`, `is after ${v}`) : this.t(`on suurempi kuin ${v}`, `is greater than ${v}`);
      case 'gte': return date ? this.t(`on ${v} tai myöhemmin`, `is on or after ${v}`) : this.t(`on vähintään ${v}`, `is at least ${v}`);
      case 'lt': return date ? this.t(`on aiemmin kuin ${v}`, `is before ${v}`) : this.t(`on pienempi kuin ${v}`, `is less than ${v}`);
      case 'lte': return date ? this.t(`on ${v} tai aiemmin`, `is on or before ${v}`) : this.t(`on enintään ${v}`, `is at most ${v}`);
      case 'between': return this.t(`on välillä ${range[0]}–${range[1]}`, `is between ${range[0]} and ${range[1]}`);
      case 'contains': return this.t(`sisältää ${v}`, `contains ${v}`);
      case 'starts_with': return this.t(`alkaa ${v}`, `starts with ${v}`);
      case 'exists': return this.t('on asetettu', 'is set');
      case 'not_exists': return this.t('ei ole asetettu', 'is not set');
      case 'within_last_days': return this.t(`on viimeisen ${v} päivän aikana`, `is within the last ${v} days`);
      case 'more_than_days_ago': return this.t(`on yli ${v} päivää sitten`, `is more than ${v} days ago`);
      case 'within_next_days': return this.t(`on seuraavan ${v} päivän aikana`, `is within the next ${v} days`);
    }
  }

  private val(x: ScalarValue): string {
    if (typeof x === 'boolean') return x ? this.t('tosi', 'true') : this.t('epätosi', 'false');
    if (typeof x === 'number') return this.num(x);
    return x;
  }

  private num(n: number): string {
    return this.l === 'fi' ? String(n).replace('.', ',') : String(n);
  }
}
