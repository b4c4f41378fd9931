import { expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { compileRules } from './compile-rule-sql.js';
import { evaluateRule } from './evaluate-rule.js';
import { loadSubjectFacts } from './load-subject-facts.js';
import { formatTimestampUtc, US_PER_DAY } from './parse-iso-timestamp.js';
import type { Rule, SubjectType } from './rule.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const NOW_US = BigInt(NOW.getTime()) * 1000n;
/** now + days (and microseconds) as a timestamptz literal */
const at = (days: number, us = 0) => formatTimestampUtc(NOW_US + BigInt(days) * US_PER_DAY + BigInt(us));

let slug = 0;

describeEachDatabase('compiled rule SQL', ({ db }) => {
  async function workspace(): Promise<number> {
    return (await createWorkspace(db(), { slug: `rules-${slug++}`, name: 'rules' })).id;
  }

  /**
   * Runs the rules over every subject in SQL and in JavaScript; returns subject id -> results
   * (true/false per rule) after checking the two agree.
   */
  async function run(d: Database, ws: number, subject: SubjectType, rules: Rule[], segmentIds = new Map<string, number>()) {
    const c = compileRules(rules, { subject, segmentIds });
    const cols = rules.map((_, i) => `${c.predicates[i]} AS r${i}`).join(', ');
    const rows = await d.query<Record<string, unknown>>(
      `SELECT f.subject_id, ${cols} FROM (${c.factsSql}) f ORDER BY f.subject_id`,
      [ws, NOW, null, null, null, ...c.params],
    );
    const out: Record<number, boolean[]> = {};
    for (const row of rows) {
      const id = Number(row.subject_id);
      const sql = rules.map((_, i) => row[`r${i}`] as boolean);
      const facts = await loadSubjectFacts(d, ws, subject, id, rules, NOW);
      const js = rules.map((r) => evaluateRule(r, facts!, NOW).result);
      expect(js, `${subject} ${id}: JavaScript and SQL`).toEqual(sql);
      out[id] = sql;
    }
    return out;
  }

  it('reads columns and traits by their declared type; missing is false, its negation true', async () => {
    const ws = await workspace();
    await db().query(
      `INSERT INTO accounts (workspace_id, id, name, country, employees, traits, created_at) VALUES
        ($1, 1, 'Äänekosken Kone Oy', 'FI', 12, '{"plan": "pro", "seats": 5, "vip": true, "renewal": "2026-03-20T13:00:00", "since": "2026-02-30"}', $2),
        ($1, 2, 'beta', NULL, NULL, '{"plan": 5, "seats": "5", "vip": "true", "renewal": "2026-03-20T00:00:00+02:00"}', $3),
        ($1, 3, 'ÄÄNET', 'SE', 50, '[1, 2]', $4)`,
      [ws, at(-10), at(-40), at(-30)],
    );
    const rules: Rule[] = [
      { trait: 'country', op: 'eq', value: 'FI' },
      { trait: 'country', op: 'neq', value: 'FI' },
      { not: { trait: 'country', op: 'neq', value: 'FI' } },
      { trait: 'employees', op: 'between', value: [12, 50] },
      { trait: 'name', op: 'contains', value: 'äänE' },
      { trait: 'name', op: 'starts_with', value: 'äÄ' },
      { trait: 'traits.plan', op: 'in', value: ['pro', 'team'] },
      { trait: 'traits.plan', type: 'number', op: 'exists' },
      { trait: 'traits.seats', type: 'number', op: 'gte', value: 5 },
      { trait: 'traits.vip', type: 'boolean', op: 'eq', value: true },
      { trait: 'traits.renewal', type: 'date', op: 'within_next_days', value: 19 },
      { trait: 'traits.since', type: 'date', op: 'not_exists' },
      { trait: 'created_at', op: 'within_last_days', value: 30 },
      { trait: 'created_at', op: 'more_than_days_ago', value: 30 },
    ];
    expect(await run(db(), ws, 'account', rules)).toEqual({
      1: [true, false, true, true, true, true, true, false, true, true, false, true, true, false],
      2: [false, false, true, false, false, false, false, true, false, false, true, true, false, true],
      3: [false, true, false, true, true, true, false, false, false, false, false, true, false, true],
    });
  });

  it('counts, sums and picks events with windows to the microsecond, filters and odd names', async () => {
    const ws = await workspace();
    await db().query(`INSERT INTO accounts (workspace_id, id, name) VALUES ($1, 1, 'a'), ($1, 2, 'b'), ($1, 3, 'c')`, [ws]);
    const ev = (id: number, name: string, account: number, when: string, props: object) =>
      db().query(
        `INSERT INTO events (workspace_id, id, message_id, type, name, account_id, occurred_at, properties, source) VALUES ($1, $2, $3, 'track', $4, $5, $6, $7, 'test')`,
        [ws, id, `m${id}`, name, account, when, JSON.stringify(props)],
      );
    // Account 1: window edges of 7 days, a future event, sums that only match exactly.
    await ev(1, 'Order Completed', 1, at(-7), { amount: 0.1, "a'b\"c": 'x' }); // exactly 7 days ago: outside the window
    await ev(2, 'Order Completed', 1, at(-7, 1), { amount: 0.2, plan: 'pro' }); // a microsecond later: inside
    await ev(3, 'Order Completed', 1, at(0), { amount: 0.1, plan: 'pro' }); // now: inside
    await ev(4, 'Order Completed', 1, at(1), { amount: 'lots', plan: 'team' }); // tomorrow: not in any window
    // Account 2: two events at the same instant (first/last break the tie by id), one of another name.
    await ev(10, "Quote's Sent", 2, at(-3), { amount: 4 });
    await ev(11, "Quote's Sent", 2, at(-3), { amount: 6 });
    await ev(12, 'Login', 2, at(-1), {});
    const sum = (property: string) => ({ fn: 'sum' as const, property });
    const rules: Rule[] = [
      { event: 'Order Completed', op: 'eq', value: 2, within_days: 7 },
      { event: 'Order Completed', op: 'eq', value: 4 },
      { event: 'Order Completed', measure: sum('amount'), op: 'eq', value: 0.4 },
      { event: 'Order Completed', measure: sum('amount'), op: 'eq', value: 0.3, within_days: 7 },
      { event: 'Order Completed', measure: { fn: 'avg', property: 'amount' }, op: 'gt', value: 0.13 },
      { event: 'Order Completed', measure: { fn: 'avg', property: 'amount' }, op: 'lt', value: 0.1334 },
      { event: 'Order Completed', op: 'eq', value: 2, where: [{ property: 'plan', op: 'eq', value: 'pro' }] },
      { event: 'Order Completed', op: 'eq', value: 1, where: [{ property: 'plan', op: 'neq', value: 'pro' }] },
      { event: 'Order Completed', op: 'eq', value: 1, where: [{ property: "a'b\"c", op: 'in', value: ['x', 1] }] },
      { event: "Quote's Sent", measure: { fn: 'first', property: 'amount' }, op: 'eq', value: 4 },
      { event: "Quote's Sent", measure: { fn: 'last', property: 'amount' }, op: 'eq', value: 6 },
      { event: "Quote's Sent", measure: { fn: 'min', property: 'amount' }, op: 'eq', value: 4 },
      { event: "Quote's Sent", measure: { fn: 'max', property: 'amount' }, op: 'eq', value: 6 },
      { event: "Quote's Sent", measure: { fn: 'last_at' }, op: 'within_last_days', value: 4 },
      { event: 'Login', measure: { fn: 'first_at' }, op: 'more_than_days_ago', value: 1 },
      { event: 'Order Completed', measure: { fn: 'max', property: 'amount' }, op: 'not_exists' },
      { event: 'Order Completed', op: 'eq', value: 0 },
    ];
    expect(await run(db(), ws, 'account', rules)).toEqual({
      1: [true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false],
      2: [false, false, false, false, false, false, false, false, false, true, true, true, true, true, true, true, true],
      3: [false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, true, true],
    });
  });

  it('reads orders without cancelled ones, revenue net of refunds, and computed metrics', async () => {
    const ws = await workspace();
    await db().query(`INSERT INTO accounts (workspace_id, id, name) VALUES ($1, 1, 'a'), ($1, 2, 'b')`, [ws]);
    await db().query(
      `INSERT INTO orders (workspace_id, external_id, account_id, status, total, refunded_total, ordered_at) VALUES
        ($1, 'o1', 1, 'completed', 100.10, 0, $2),
        ($1, 'o2', 1, 'partially_refunded', 50.20, 20.20, $3),
        ($1, 'o3', 1, 'cancelled', 999, 0, $4),
        ($1, 'o4', 2, 'refunded', 10, 10, $5)`,
      [ws, at(-400), at(-10, -1), at(-900), at(-10, 1)],
    );
    await db().query(
      `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, rfm_score, clv, computed_at) VALUES
        ($1, 'account', 'rfm', 1, 0.30000000000000004, NULL, now()), ($1, 'account', 'rfm', 2, NULL, NULL, now()), ($1, 'contact', 'clv', 2, NULL, 5, now())`,
      [ws],
    );
    const rules: Rule[] = [
      { orders: 'count', op: 'eq', value: 2 },
      { orders: 'revenue', op: 'eq', value: 130.1 },
      { orders: 'revenue', op: 'eq', value: 30, within_days: 365 },
      { orders: 'avg_value', op: 'eq', value: 65.05 },
      { orders: 'first_at', op: 'lt', value: '2025-01-26T12:00:00Z' },
      { orders: 'last_at', op: 'within_last_days', value: 10 },
      { metric: 'rfm_score', op: 'gt', value: 0.3 },
      { metric: 'rfm_score', op: 'exists' },
      { metric: 'clv', op: 'exists' },
      { metric: 'tenure_days', op: 'eq', value: 400 },
      { metric: 'tenure_days', op: 'eq', value: 9 },
    ];
    expect(await run(db(), ws, 'account', rules)).toEqual({
      1: [true, true, true, true, true, false, true, true, false, true, false],
      2: [false, false, false, false, false, true, false, false, false, false, true],
    });
  });

  it('reads stages and segment members live, after the facts were read', async () => {
    const ws = await workspace();
    await db().query(`INSERT INTO accounts (workspace_id, id, name) VALUES ($1, 1, 'a'), ($1, 2, 'b')`, [ws]);
    const [seg] = await db().query<{ id: number }>(`INSERT INTO segments (workspace_id, key, name, subject_type, kind) VALUES ($1, 'vip', 'VIP', 'account', 'static') RETURNING id`, [ws]);
    const segmentIds = new Map([['vip', Number(seg!.id)]]);
    await db().query(`INSERT INTO segment_members (workspace_id, segment_id, subject_id, entered_at) VALUES ($1, $2, 1, now())`, [ws, seg!.id]);
    await db().query(
      `INSERT INTO subject_stages (workspace_id, subject_type, subject_id, stage, entered_at, definition_version) VALUES ($1, 'account', 1, 'new', $2, 1)`,
      [ws, at(-30, -1)],
    );
    const rules: Rule[] = [{ in_segment: 'vip' }, { stage_in: ['new', 'customer'] }, { metric: 'days_in_stage', op: 'gte', value: 30 }, { not: { stage_in: ['new'] } }];
    expect(await run(db(), ws, 'account', rules, segmentIds)).toEqual({ 1: [true, true, true, false], 2: [false, false, false, true] });

    // The recompute flow: facts into a temporary table once, predicates run with [ws, now].
    const c = compileRules(rules, { subject: 'account', segmentIds });
    await db().transaction(async (tx) => {
      await tx.query(`CREATE TEMP TABLE batch_facts ON COMMIT DROP AS ${c.factsSql}`, [ws, NOW, null, null, null, ...c.params]);
      await tx.query(`UPDATE subject_stages SET stage = 'customer', entered_at = $2 WHERE workspace_id = $1`, [ws, NOW]);
      await tx.query(`INSERT INTO segment_members (workspace_id, segment_id, subject_id, entered_at) VALUES ($1, $2, 2, now())`, [ws, seg!.id]);
      const after = await tx.query<{ subject_id: number; r: boolean[]; why: unknown }>(
        `SELECT f.subject_id, ARRAY[${c.predicates.join(', ')}] AS r, ${c.factsJson[2]} AS why FROM batch_facts f ORDER BY f.subject_id`,
        [ws, NOW],
      );
      expect(after.map((a) => [Number(a.subject_id), a.r])).toEqual([[1, [true, true, false, true]], [2, [true, false, false, true]]]);
      expect(after[0]!.why).toEqual({ days_in_stage: 0 });
    });
  });

  it('aggregates contacts with the contact rule: any, all, none, count', async () => {
    const ws = await workspace();
    await db().query(`INSERT INTO accounts (workspace_id, id, name) VALUES ($1, 1, 'a'), ($1, 2, 'b'), ($1, 3, 'no contacts')`, [ws]);
    await db().query(
      `INSERT INTO contacts (workspace_id, id, account_id, title) VALUES ($1, 11, 1, 'CEO'), ($1, 12, 1, 'CTO'), ($1, 13, 1, NULL), ($1, 21, 2, 'ceo'), ($1, 31, NULL, 'CEO')`,
      [ws],
    );
    await db().query(
      `INSERT INTO events (workspace_id, message_id, type, name, contact_id, account_id, occurred_at, source) VALUES ($1, 'e1', 'track', 'Login', 12, 1, $2, 'test'), ($1, 'e2', 'track', 'Login', 31, NULL, $2, 'test')`,
      [ws, at(-1)],
    );
    const chief: Rule = { trait: 'title', op: 'starts_with', value: 'c' };
    const rules: Rule[] = [
      { contacts: 'any', where: { event: 'Login', op: 'gte', value: 1, within_days: 7 } },
      { contacts: 'all', where: chief },
      { contacts: 'none', where: chief },
      { contacts: { count: { op: 'eq', value: 2 } }, where: chief },
      { contacts: { count: { op: 'between', value: [1, 1] } }, where: { all: [chief, { not: { event: 'Login', op: 'gte', value: 1 } }] } },
    ];
    expect(await run(db(), ws, 'account', rules)).toEqual({
      1: [true, false, false, true, true],
      2: [false, true, false, false, true],
      3: [false, false, true, false, false],
    });
    const c = compileRules(rules.slice(3, 4), { subject: 'account', segmentIds: new Map() });
    const why = await db().query<{ why: unknown }>(`SELECT ${c.factsJson[0]} AS why FROM (${c.factsSql}) f ORDER BY f.subject_id`, [ws, NOW, null, null, null, ...c.params]);
    expect(why.map((w) => w.why)).toEqual([
      { 'contacts(title starts with c)': { matching: 2, total: 3 } },
      { 'contacts(title starts with c)': { matching: 1, total: 1 } },
      { 'contacts(title starts with c)': { matching: 0, total: 0 } },
    ]);
  });

  it('restricts every source to the batch and labels the facts of each rule', async () => {
    const ws = await workspace();
    await db().query(`INSERT INTO contacts (workspace_id, id, email) SELECT $1, g, 'p' || g || '@x.fi' FROM generate_series(1, 9) g`, [ws]);
    await db().query(
      `INSERT INTO events (workspace_id, message_id, type, name, contact_id, occurred_at, properties, source)
       SELECT $1, 'e' || g, 'track', 'Login', 1 + g % 9, $2, jsonb_build_object('n', g), 'test' FROM generate_series(1, 90) g`,
      [ws, at(-2)],
    );
    const rule: Rule = { all: [{ event: 'Login', op: 'gte', value: 10, within_days: 30 }, { event: 'Login', measure: { fn: 'sum', property: 'n' }, op: 'gt', value: 430 }, { trait: 'email', op: 'contains', value: '@' }] };
    const c = compileRules([rule], { subject: 'contact', segmentIds: new Map() });
    const sql = `SELECT f.subject_id, ${c.predicates[0]} AS ok, ${c.factsJson[0]} AS why FROM (${c.factsSql}) f ORDER BY f.subject_id`;
    const ranged = await db().query<{ subject_id: number; ok: boolean; why: Record<string, unknown> }>(sql, [ws, NOW, 3, 5, null, ...c.params]);
    expect(ranged.map((r) => Number(r.subject_id))).toEqual([3, 4]);
    expect(ranged[0]!.why).toEqual({ 'count(Login, 30 d)': 10, 'sum(Login.n)': 425, email: 'p3@x.fi' });
    expect(ranged.map((r) => r.ok)).toEqual([false, true]);
    const listed = await db().query<{ subject_id: number; ok: boolean }>(sql, [ws, NOW, null, null, [1, 9, 77], ...c.params]);
    expect(listed.map((r) => [Number(r.subject_id), r.ok])).toEqual([[1, true], [9, true]]);
    expect(await loadSubjectFacts(db(), ws, 'contact', 77, [rule], NOW)).toBeNull();
    const three = await loadSubjectFacts(db(), ws, 'contact', 3, [rule], NOW);
    expect(three!.events).toHaveLength(10); // only Login events of the last 30 days are read
    expect(evaluateRule(rule, three!, NOW).result).toBe(false);
  });

  it('builds "why" objects of more than 50 facts, and shares facts between rules', async () => {
    const ws = await workspace();
    await db().query(`INSERT INTO accounts (workspace_id, id, name, traits) VALUES ($1, 1, 'a', '{"k7": "v"}')`, [ws]);
    const many: Rule = { any: Array.from({ length: 60 }, (_, i) => ({ trait: `traits.k${i}`, op: 'eq', value: 'v' }) as Rule) };
    const c = compileRules([many, many, { trait: 'traits.k7', op: 'exists' }], { subject: 'account', segmentIds: new Map() });
    const [row] = await db().query<{ ok: boolean; why: Record<string, unknown> }>(
      `SELECT ${c.predicates[0]} AS ok, ${c.factsJson[0]} AS why FROM (${c.factsSql}) f`,
      [ws, NOW, null, null, null, ...c.params],
    );
    expect(row!.ok).toBe(true);
    expect(Object.keys(row!.why)).toHaveLength(60);
    expect(row!.why['traits.k7']).toBe('v');
    // 60 trait values plus 60 leaf results, shared by the second (identical) rule and the third rule's value.
    expect((c.factsSql.match(/ AS f\d+/g) ?? []).length).toBe(121);
    expect(c.predicates[0]).toBe(c.predicates[1]);
  });
});
