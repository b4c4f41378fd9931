/**
 * Test support for the rule language (used by compile-evaluate-agree.test.ts): random workspaces of
 * accounts, contacts, events, orders, metrics, stages and segment memberships, and random
 * valid rules over them, as fast-check arbitraries; plus a plain-SQL writer of the data.
 * Values come from small shared pools so rules and data meet: boundaries of windows to the
 * microsecond, sums that only match exactly (0.1 + 0.2 = 0.3), traits of the wrong JSON type,
 * invalid dates.
 */
import fc from 'fast-check';
import type { Queryable } from '../../db/database.js';
import { insertSubjectMetrics } from './insert-subject-metrics.js';
import { formatTimestampUtc, US_PER_DAY } from '../parse-iso-timestamp.js';
import type { CompareOp, Rule, SubjectType } from '../rule.js';
import { OPS_BY_TYPE, SUBJECT_COLUMNS, type ValueType } from '../subject-fields.js';

export const NOW = new Date('2025-06-01T12:00:00.123Z');
const NOW_US = BigInt(NOW.getTime()) * 1000n;
const H = 3_600_000_000n;
/** Offsets from now in microseconds: window edges exactly and a microsecond either side. */
const D = US_PER_DAY;
const OFFSETS = [0n, -1n, 1n, -D, -D + 1n, -7n * D, -7n * D + 1n, -7n * D - 1n, -30n * D, -30n * D + 1n, -3n * H, -365n * D, -365n * D + 1n, -500n * D, D, 7n * D + 500n, -2n * D];
const at = fc.constantFrom(...OFFSETS).map((o) => formatTimestampUtc(NOW_US + o));

const STRINGS = ['pro', 'Pro', 'free', 'Äänet', 'ääNET oy', 'İstanbul', 'x'];
const NUMBERS = [0, 1, 2, 3, 5, 10, 0.1, 0.2, 0.3, 12.34, -1, 100];
const DATE_VALUES = ['2025-05-31', '2025-05-25T12:00:00.123Z', '2025-06-01T12:00:00.123Z', '2025-05-02T12:00:00+03:00', '2024-06-01', '2025-06-03T00:00'];
const TRAIT_DATES = [...DATE_VALUES, '2025-02-30', 'not a date', '2025-05-31T24:00', '2025-05-31 23:59:60', '2025-06-01T15:00:00.123+0300', '2025-05-27T12:00:00.123001Z'];
const EVENT_NAMES = ['Order Completed', 'Login', "Quote's Sent"];
const STAGES = ['new', 'customer', 'former'];
export const ACCOUNT_SEGMENTS = ['s1', 's2'];
export const CONTACT_SEGMENTS = ['c1'];

const jsonScalar = fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...NUMBERS), fc.boolean(), fc.constant(null), fc.constantFrom(...TRAIT_DATES));
const jsonValue = fc.oneof({ weight: 6, arbitrary: jsonScalar }, { weight: 1, arbitrary: fc.constantFrom([1], { a: 1 }) });
const TRAIT_KEYS = ['plan', 'score', 'vip', 'since', 'a.b'];
const traits = fc.dictionary(fc.constantFrom(...TRAIT_KEYS), jsonValue, { maxKeys: 4 });
const properties = fc.dictionary(fc.constantFrom('amount', 'plan', 'n'), jsonValue, { maxKeys: 3 });

export interface TestData {
  accounts: { id: number; name: string; country: string | null; industry: string | null; employees: number | null; created_at: string; traits: object }[];
  contacts: { id: number; account_id: number | null; email: string | null; title: string | null; buying_role: string | null; created_at: string; traits: object }[];
  events: { name: string; account: number | null; contact: number | null; at: string; properties: object }[];
  orders: { account: number | null; contact: number | null; status: string; total: string; refunded: string; at: string }[];
  metrics: { type: SubjectType; id: number; metric: string; value: number | null }[];
  stages: { type: SubjectType; id: number; stage: string; entered: string }[];
  members: { segment: string; id: number }[];
}

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });

export const testData: fc.Arbitrary<TestData> = fc
  .record({
    accounts: fc.array(fc.record({ name: fc.constantFrom(...STRINGS), country: maybe(fc.constantFrom('FI', 'SE')), industry: maybe(fc.constantFrom(...STRINGS)), employees: maybe(fc.constantFrom(0, 5, 10, 100)), created_at: at, traits }), { minLength: 1, maxLength: 4 }),
    contacts: fc.array(fc.record({ account: fc.nat(5), email: maybe(fc.constantFrom('a@x.fi', 'B@X.FI')), title: maybe(fc.constantFrom(...STRINGS)), buying_role: maybe(fc.constantFrom('decision_maker', 'user')), created_at: at, traits }), { maxLength: 6 }),
    events: fc.array(fc.record({ name: fc.constantFrom(...EVENT_NAMES, 'Other'), account: fc.nat(5), contact: fc.nat(7), at, properties }), { maxLength: 20 }),
    orders: fc.array(fc.record({ account: fc.nat(5), contact: fc.nat(7), status: fc.constantFrom('completed', 'partially_refunded', 'refunded', 'cancelled'), total: fc.constantFrom('0.10', '0.20', '10.00', '12.34', '5.00'), part: fc.constantFrom(0, 0.5, 1), at }), { maxLength: 8 }),
    metrics: fc.array(fc.record({ contact: fc.boolean(), n: fc.nat(7), metric: fc.constantFrom('rfm_score', 'clv'), value: maybe(fc.constantFrom(0.1, 0.3, 0.30000000000000004, 1, 2.5, 5)) }), { maxLength: 6 }),
    stages: fc.array(fc.record({ contact: fc.boolean(), n: fc.nat(7), stage: fc.constantFrom(...STAGES), entered: at }), { maxLength: 6 }),
    members: fc.array(fc.record({ segment: fc.constantFrom(...ACCOUNT_SEGMENTS, ...CONTACT_SEGMENTS), n: fc.nat(7) }), { maxLength: 6 }),
  })
  .map((r) => {
    const accounts = r.accounts.map((a, i) => ({ id: i + 1, ...a }));
    const accountId = (n: number) => (n < accounts.length ? n + 1 : null);
    const contacts = r.contacts.map(({ account, ...c }, i) => ({ id: 101 + i, account_id: accountId(account), ...c }));
    const contactId = (n: number) => (n < contacts.length ? 101 + n : null);
    const idOf = (contact: boolean, n: number) => (contact ? contactId(n) : accountId(n));
    const uniq = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
    return {
      accounts,
      contacts,
      events: r.events.map((e) => ({ ...e, account: accountId(e.account), contact: contactId(e.contact) })),
      orders: r.orders.map((o) => ({ ...o, account: accountId(o.account), contact: contactId(o.contact), refunded: (Number(o.total) * o.part).toFixed(2) })),
      metrics: uniq(
        r.metrics.flatMap((m) => { const id = idOf(m.contact, m.n); return id === null ? [] : [{ type: (m.contact ? 'contact' : 'account') as SubjectType, id, metric: m.metric, value: m.value }]; }),
        (m) => `${m.type}${m.id}${m.metric}`,
      ),
      stages: uniq(
        r.stages.flatMap((s) => { const id = idOf(s.contact, s.n); return id === null ? [] : [{ type: (s.contact ? 'contact' : 'account') as SubjectType, id, stage: s.stage, entered: s.entered }]; }),
        (s) => `${s.type}${s.id}`,
      ),
      members: uniq(
        r.members.flatMap((m) => { const id = idOf(CONTACT_SEGMENTS.includes(m.segment), m.n); return id === null ? [] : [{ segment: m.segment, id }]; }),
        (m) => `${m.segment}${m.id}`,
      ),
    };
  });

/** Writes the data into a new workspace with plain SQL; returns segment key -> id. */
export async function insertTestData(db: Queryable, ws: number, d: TestData): Promise<Map<string, number>> {
  const insert = async (table: string, cols: string[], rows: unknown[][]) => {
    if (rows.length === 0) return;
    const values = rows.map((r, i) => `(${r.map((_, j) => `$${i * r.length + j + 1}`).join(', ')})`).join(', ');
    await db.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values}`, rows.flat());
  };
  await insert('accounts', ['workspace_id', 'id', 'name', 'country', 'industry', 'employees', 'created_at', 'traits'],
    d.accounts.map((a) => [ws, a.id, a.name, a.country, a.industry, a.employees, a.created_at, JSON.stringify(a.traits)]));
  await insert('contacts', ['workspace_id', 'id', 'account_id', 'email', 'title', 'buying_role', 'created_at', 'traits'],
    d.contacts.map((c) => [ws, c.id, c.account_id, c.email, c.title, c.buying_role, c.created_at, JSON.stringify(c.traits)]));
  await insert('events', ['workspace_id', 'message_id', 'type', 'name', 'account_id', 'contact_id', 'occurred_at', 'properties', 'source'],
    d.events.map((e, i) => [ws, `m${i}`, 'track', e.name, e.account, e.contact, e.at, JSON.stringify(e.properties), 'test']));
  await insert('orders', ['workspace_id', 'external_id', 'account_id', 'contact_id', 'status', 'total', 'refunded_total', 'ordered_at'],
    d.orders.map((o, i) => [ws, `o${i}`, o.account, o.contact, o.status, o.total, o.refunded, o.at]));
  await insertSubjectMetrics(db, ws, d.metrics, NOW);
  await insert('subject_stages', ['workspace_id', 'subject_type', 'subject_id', 'stage', 'entered_at', 'definition_version'],
    d.stages.map((s) => [ws, s.type, s.id, s.stage, s.entered, 1]));
  const segmentIds = new Map<string, number>();
  for (const key of [...ACCOUNT_SEGMENTS, ...CONTACT_SEGMENTS]) {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO segments (workspace_id, key, name, subject_type, kind) VALUES ($1, $2, $2, $3, 'static') RETURNING id`,
      [ws, key, CONTACT_SEGMENTS.includes(key) ? 'contact' : 'account'],
    );
    segmentIds.set(key, Number(row!.id));
  }
  await insert('segment_members', ['workspace_id', 'segment_id', 'subject_id', 'entered_at'],
    d.members.map((m) => [ws, segmentIds.get(m.segment), m.id, NOW]));
  return segmentIds;
}

function comparison(type: ValueType, numbers: readonly number[] = NUMBERS): fc.Arbitrary<{ op: CompareOp; value?: unknown }> {
  const scalar: fc.Arbitrary<unknown> =
    type === 'string' ? fc.constantFrom(...STRINGS, 'ä', 'ÄÄ') : type === 'number' ? fc.constantFrom(...numbers) : type === 'boolean' ? fc.boolean() : fc.constantFrom(...DATE_VALUES);
  return fc.constantFrom(...OPS_BY_TYPE[type]).chain((op): fc.Arbitrary<{ op: CompareOp; value?: unknown }> => {
    switch (op) {
      case 'exists':
      case 'not_exists': return fc.constant({ op });
      case 'in':
      case 'not_in': return fc.uniqueArray(scalar, { minLength: 1, maxLength: 3, selector: (x) => JSON.stringify(x) }).map((value) => ({ op, value }));
      case 'between': return fc.tuple(scalar, scalar).map(([a, b]) => ({ op, value: type === 'date' ? [a, b].sort() : [a, b].sort((x, y) => (x as number) - (y as number)) }));
      case 'within_last_days':
      case 'more_than_days_ago':
      case 'within_next_days': return fc.constantFrom(1, 2, 7, 30).map((value) => ({ op, value }));
      default: return scalar.map((value) => ({ op, value }));
    }
  });
}

const windowDays = fc.option(fc.constantFrom(1, 7, 30, 365), { nil: undefined, freq: 3 });

function leaf(subject: SubjectType): fc.Arbitrary<Rule> {
  const columns = Object.entries(SUBJECT_COLUMNS[subject]);
  const trait = fc.oneof(
    fc.constantFrom(...columns).chain(([trait, type]) => comparison(type).map((c) => ({ trait, ...c }))),
    fc.tuple(fc.constantFrom(...TRAIT_KEYS), fc.constantFrom<ValueType>('string', 'number', 'boolean', 'date')).chain(([key, type]) =>
      comparison(type).map((c) => ({ trait: `traits.${key}`, type, ...c }))),
  );
  const where = fc.option(
    fc
      .array(fc.record({ property: fc.constantFrom('plan', 'n', 'amount'), op: fc.constantFrom('eq', 'neq', 'in'), value: jsonScalar.filter((v) => v !== null) }), { minLength: 1, maxLength: 2 })
      .map((ws) => ws.map((w) => (w.op === 'in' ? { ...w, value: [w.value, 'free'] } : w))),
    { nil: undefined, freq: 3 },
  );
  const measure = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom({ fn: 'count' }, { fn: 'first_at' }, { fn: 'last_at' }),
    fc.record({ fn: fc.constantFrom('sum', 'avg', 'min', 'max', 'first', 'last'), property: fc.constantFrom('amount', 'n') }),
  );
  const event = fc.record({ event: fc.constantFrom(...EVENT_NAMES), measure, within_days: windowDays, where }).chain((e) =>
    comparison(e.measure && (e.measure.fn === 'first_at' || e.measure.fn === 'last_at') ? 'date' : 'number', [...NUMBERS, 0.5, 0.25, 4.5]).map((c) => strip({ ...e, ...c })));
  const orders = fc.record({ orders: fc.constantFrom('count', 'revenue', 'avg_value', 'first_at', 'last_at'), within_days: windowDays }).chain((o) =>
    comparison(o.orders.endsWith('_at') ? 'date' : 'number', [...NUMBERS, 0.15, 5.05, 12.44, 22.34]).map((c) => strip({ ...o, ...c })));
  const metric = fc.constantFrom('rfm_score', 'clv', 'tenure_days', 'days_in_stage', 'missing_metric').chain((m) =>
    comparison('number', [...NUMBERS, 0.30000000000000004, 2.5, 7, 30, 40, 365]).map((c) => ({ metric: m, ...c })));
  const segment = fc.constantFrom(...(subject === 'account' ? ACCOUNT_SEGMENTS : CONTACT_SEGMENTS)).map((k) => ({ in_segment: k }));
  const stage = fc.uniqueArray(fc.constantFrom(...STAGES), { minLength: 1, maxLength: 2 }).map((s) => ({ stage_in: s }));
  return fc.oneof(trait, event, orders, metric, segment, stage) as fc.Arbitrary<Rule>;
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A random valid rule of the subject type: nested all/any/not, and contacts conditions for accounts. */
export function ruleOf(subject: SubjectType): fc.Arbitrary<Rule> {
  const { rule } = fc.letrec<{ rule: Rule; group: Rule }>((tie) => ({
    rule: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf(subject), leaf(subject), tie('group')),
    group: fc.oneof(
      fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
      tie('rule').map((not) => ({ not })),
      ...(subject === 'account'
        ? [fc.record({
            contacts: fc.oneof(fc.constantFrom('any', 'all', 'none'), comparison('number', [0, 1, 2, 3]).filter((c) => c.op !== 'exists' && c.op !== 'not_exists').map((count) => ({ count }))),
            where: ruleOf('contact'),
          })]
        : []),
    ) as fc.Arbitrary<Rule>,
  }));
  return rule;
}
