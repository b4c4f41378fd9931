import { AppError } from '../errors/app-error.js';
import { comparisonSql, daysFromNowSql, type Operand } from './compile-comparison-sql.js';
import { describeRule } from './describe-rule.js';
import { factLabel } from './fact-label.js';
import type { ContactsCondition, EventCondition, MetricCondition, OrderCondition, Rule, SubjectType, TraitCondition } from './rule.js';
import type { RuleSqlParams } from './rule-sql-params.js';
import { scoreFamilyOf, type ScoreFamily } from './score-families.js';
import { resolveTraitField } from './subject-fields.js';

/** What one compiled rule (or leaf) is: a boolean over the facts row `f`, and the facts it read. */
export interface CompiledPredicate {
  sql: string;
  /** label -> SQL over `f` (value columns, or live reads of stages and segments) */
  facts: Map<string, string>;
}

export interface LevelOptions {
  subject: SubjectType;
  params: RuleSqlParams;
  segmentIds: ReadonlyMap<string, number>;
  /** CTE name prefix: '' for the subjects themselves, 'c_' for the contacts of accounts. */
  prefix: string;
}

interface Aggregate {
  name: string;
  sql: string;
}

/** The aggregate column of `key` in `aggs`, added as `<letter><n>` when new. */
function aggregate(aggs: Map<string, Aggregate>, letter: string, key: string, sql: () => string): string {
  let a = aggs.get(key);
  if (!a) {
    a = { name: `${letter}${aggs.size}`, sql: sql() };
    aggs.set(key, a);
  }
  return a.name;
}

function aggregateList(aggs: Map<string, Aggregate>): string {
  return [...aggs.values()].map((a) => `${a.sql} AS ${a.name}`).join(', ');
}

const WS = '$1::bigint';
const NOW = '$2::timestamptz';

/**
 * Compiles the rules of one subject level (the accounts or contacts being evaluated, or the
 * contacts of those accounts) into one facts query: a CTE per source table, each scanned once
 * with FILTERed aggregates for every fact any rule needs, joined to the subjects. Facts and
 * leaf results become columns f0, f1, ... of the facts row; identical facts and leaves are
 * shared between rules.
 */
export class RuleLevelCompiler {
  private columns = 0;
  /** "expr AS fN" over the joined sources (values and constants), keyed for sharing */
  private readonly values = new Map<string, { name: string; expr: string }>();
  /** "expr AS fN" over x (the value row): leaf results */
  private readonly leaves = new Map<string, { name: string; expr: string }>();
  private readonly subjectColumns = new Set<string>();
  private needTraits = false;
  /** per source: key -> aggregate column (name and SQL) */
  private readonly eventAggs = new Map<string, Aggregate>();
  private readonly eventNames = new Set<string>();
  /** The widest window (days) of the event aggregates; null once one reads all time. */
  private eventDays: number | null | undefined;
  private readonly orderAggs = new Map<string, Aggregate>();
  private readonly metricAggs = new Map<string, Aggregate>();
  private readonly metricFamilies = new Set<ScoreFamily>();
  private readonly contactAggs = new Map<string, Aggregate>();
  private contactLevel: RuleLevelCompiler | null = null;

  constructor(private readonly o: LevelOptions) {}

  private get p(): string {
    return this.o.prefix;
  }

  private nextColumn(): string {
    return `f${this.columns++}`;
  }

  /** A value column (shared by key); returns its name. */
  private value(key: string, expr: string): string {
    let v = this.values.get(key);
    if (!v) {
      v = { name: this.nextColumn(), expr };
      this.values.set(key, v);
    }
    return v.name;
  }

  /** A leaf result column over the value row x (shared by key); returns its name. */
  private leaf(key: string, expr: (x: string) => string): string {
    let l = this.leaves.get(key);
    if (!l) {
      l = { name: this.nextColumn(), expr: expr('x') };
      this.leaves.set(key, l);
    }
    return l.name;
  }

  /** Parameters as they are inside the facts query. */
  private readonly param: Operand = (value, cast) => this.o.params.add(value, cast);

  /** Parameters of a live predicate: carried as constant columns of the facts row. */
  private readonly constant: Operand = (value, cast) => `f.${this.value(`const|${cast}|${JSON.stringify(value)}`, this.o.params.add(value, cast))}`;

  compile(rule: Rule): CompiledPredicate {
    const facts = new Map<string, string>();
    const sql = this.node(rule, facts);
    return { sql, facts };
  }

  private node(rule: Rule, facts: Map<string, string>): string {
    if ('all' in rule) return `(${rule.all.map((r) => this.node(r, facts)).join(' AND ')})`;
    if ('any' in rule) return `(${rule.any.map((r) => this.node(r, facts)).join(' OR ')})`;
    if ('not' in rule) return `(NOT ${this.node(rule.not, facts)})`;
    if ('in_segment' in rule) {
      const id = this.o.segmentIds.get(rule.in_segment);
      if (id === undefined || !Number.isSafeInteger(id)) {
        throw new AppError('conflict', `segment '${rule.in_segment}' used by a rule does not exist`);
      }
      const sql = `EXISTS (SELECT 1 FROM segment_members sm WHERE sm.workspace_id = ${WS} AND sm.segment_id = ${id} AND sm.subject_id = f.subject_id)`;
      facts.set(factLabel(rule), sql);
      return sql;
    }
    if ('stage_in' in rule) {
      const stages = this.constant(rule.stage_in, 'text[]');
      facts.set(factLabel(rule), `(${this.stageRow('st.stage')})`);
      return `EXISTS (${this.stageRow('1')} AND st.stage = ANY(${stages}))`;
    }
    if ('contacts' in rule) return this.contacts(rule, facts);
    if ('metric' in rule && rule.metric === 'days_in_stage') {
      const days = `floor(extract(epoch from (${NOW} - st.entered_at)) / 86400)`;
      facts.set(factLabel(rule), `(${this.stageRow(days)})`);
      return `coalesce(${comparisonSql(`(${this.stageRow(days)})`, 'number', rule.op, rule.value, this.constant)}, false)`;
    }
    const [valueColumn, type, numberCast] = this.leafValue(rule);
    facts.set(factLabel(rule), `f.${valueColumn}`);
    const name = this.leaf(JSON.stringify(['leaf', valueColumn, rule.op, rule.value ?? null]), (x) =>
      `coalesce(${comparisonSql(`${x}.${valueColumn}`, type, rule.op, rule.value, this.param, numberCast)}, false)`,
    );
    return `f.${name}`;
  }

  /** SELECT <what> of this subject's current stage row. */
  private stageRow(what: string): string {
    return `SELECT ${what} FROM subject_stages st WHERE st.workspace_id = ${WS} AND st.subject_type = '${this.o.subject}' AND st.subject_id = f.subject_id`;
  }

  private leafValue(
    rule: TraitCondition | EventCondition | OrderCondition | MetricCondition,
  ): [string, 'string' | 'number' | 'boolean' | 'date', 'numeric' | 'float8'] {
    if ('trait' in rule) {
      const field = resolveTraitField(this.o.subject, rule);
      if (!field) throw new AppError('bad_request', `unknown ${this.o.subject} field '${rule.trait}'`);
      if (field.kind === 'column') {
        this.subjectColumns.add(field.column);
        return [this.value(`column|${field.column}`, `${this.p}s.${field.column}`), field.type, 'numeric'];
      }
      this.needTraits = true;
      const json = `${this.p}s.traits -> ${this.param(field.key, 'text')}`;
      const text = `${this.p}s.traits ->> ${this.param(field.key, 'text')}`;
      const expr =
        field.type === 'string' ? `CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${text} END`
        : field.type === 'number' ? `CASE WHEN jsonb_typeof(${json}) = 'number' THEN (${text})::numeric END`
        : field.type === 'boolean' ? `CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN (${text})::boolean END`
        : `CASE WHEN jsonb_typeof(${json}) = 'string' THEN kanta_try_timestamptz(${text}) END`;
      return [this.value(`trait|${field.type}|${field.key}`, expr), field.type, 'numeric'];
    }
    if ('event' in rule) return this.eventValue(rule);
    if ('orders' in rule) return this.orderValue(rule);
    if (rule.metric === 'tenure_days') {
      const first = this.orderAgg('tenure', 'min(o.ordered_at)');
      const expr = `floor(extract(epoch from (${NOW} - ${this.p}od.${first})) / 86400)`;
      return [this.value('tenure_days', expr), 'number', 'numeric'];
    }
    // A stored metric is a column of its family's subject_scores row; a name no family has is never stored.
    const family = scoreFamilyOf(rule.metric);
    if (family) this.metricFamilies.add(family);
    const key = `metric|${rule.metric}`;
    const agg = aggregate(this.metricAggs, 'm', key, () => (family ? `max(m.${rule.metric})` : 'max(NULL::float8)'));
    return [this.value(key, `${this.p}mt.${agg}`), 'number', 'float8'];
  }

  private eventValue(rule: EventCondition): [string, 'number' | 'date', 'numeric'] {
    const measure = rule.measure ?? { fn: 'count' as const };
    this.eventNames.add(rule.event);
    const days = rule.within_days ?? null;
    this.eventDays = this.eventDays === undefined ? days : this.eventDays === null || days === null ? null : Math.max(this.eventDays, days);
    const conds = [`e.name = ${this.param(rule.event, 'text')}`];
    if (rule.within_days !== undefined) conds.push(this.windowSql('e.occurred_at', rule.within_days));
    for (const w of rule.where ?? []) {
      const prop = `e.properties -> ${this.param(w.property, 'text')}`;
      if (w.op === 'eq') conds.push(`${prop} = ${this.param(JSON.stringify(w.value), 'jsonb')}`);
      else if (w.op === 'neq') conds.push(`${prop} <> ${this.param(JSON.stringify(w.value), 'jsonb')}`);
      else conds.push(`${prop} = ANY(${this.param((w.value as unknown[]).map((v) => JSON.stringify(v)), 'jsonb[]')})`);
    }
    const filter = `FILTER (WHERE ${conds.join(' AND ')})`;
    const num = 'property' in measure
      ? `CASE WHEN jsonb_typeof(e.properties -> ${this.param(measure.property, 'text')}) = 'number' THEN (e.properties ->> ${this.param(measure.property, 'text')})::numeric END`
      : '';
    const agg =
      measure.fn === 'count' ? `count(*) ${filter}`
      : measure.fn === 'first_at' ? `min(e.occurred_at) ${filter}`
      : measure.fn === 'last_at' ? `max(e.occurred_at) ${filter}`
      : measure.fn === 'first' ? `(array_agg(${num} ORDER BY e.occurred_at, e.id) ${filter})[1]`
      : measure.fn === 'last' ? `(array_agg(${num} ORDER BY e.occurred_at DESC, e.id DESC) ${filter})[1]`
      : `${measure.fn}(${num}) ${filter}`;
    const key = JSON.stringify(['event', rule.event, measure, rule.within_days ?? null, rule.where ?? null]);
    const name = aggregate(this.eventAggs, 'a', key, () => agg);
    const column = `${this.p}ev.${name}`;
    const zeroWhenNone = measure.fn === 'count' || measure.fn === 'sum';
    const type = measure.fn === 'first_at' || measure.fn === 'last_at' ? 'date' : 'number';
    return [this.value(key, zeroWhenNone ? `coalesce(${column}, 0)` : column), type, 'numeric'];
  }

  private orderAgg(key: string, agg: string): string {
    return aggregate(this.orderAggs, 'o', key, () => agg);
  }

  private orderValue(rule: OrderCondition): [string, 'number' | 'date', 'numeric'] {
    const filter = rule.within_days === undefined ? '' : ` FILTER (WHERE ${this.windowSql('o.ordered_at', rule.within_days)})`;
    const net = '(o.total - o.refunded_total)';
    const agg =
      rule.orders === 'count' ? `count(*)${filter}`
      : rule.orders === 'revenue' ? `sum(${net})${filter}`
      : rule.orders === 'avg_value' ? `avg(${net})${filter}`
      : rule.orders === 'first_at' ? `min(o.ordered_at)${filter}`
      : `max(o.ordered_at)${filter}`;
    const key = JSON.stringify(['orders', rule.orders, rule.within_days ?? null]);
    const column = `${this.p}od.${this.orderAgg(key, agg)}`;
    const zeroWhenNone = rule.orders === 'count' || rule.orders === 'revenue';
    const type = rule.orders === 'first_at' || rule.orders === 'last_at' ? 'date' : 'number';
    return [this.value(key, zeroWhenNone ? `coalesce(${column}, 0)` : column), type, 'numeric'];
  }

  private windowSql(column: string, days: number): string {
    return `${column} > ${daysFromNowSql('-', this.param(days, 'integer'))} AND ${column} <= ${NOW}`;
  }

  private contacts(rule: ContactsCondition, facts: Map<string, string>): string {
    if (this.o.subject !== 'account' || this.p !== '') throw new AppError('bad_request', 'a contacts condition applies to account rules only');
    this.contactLevel ??= new RuleLevelCompiler({ ...this.o, subject: 'contact', prefix: 'c_' });
    const inner = this.contactLevel.compile(rule.where);
    const key = JSON.stringify(['contacts', rule.where]);
    const agg = aggregate(this.contactAggs, 'c', key, () => `count(*) FILTER (WHERE ${inner.sql})`);
    const matching = this.value(`contacts|${key}`, `coalesce(ct.${agg}, 0)`);
    const total = this.value('contacts|total', 'coalesce(ct.total, 0)');
    facts.set(`contacts(${describeRule(rule.where, 'en')})`, `jsonb_build_object('matching', f.${matching}, 'total', f.${total})`);
    const how = rule.contacts;
    const leafKey = JSON.stringify(['contacts-leaf', matching, how]);
    const name = this.leaf(leafKey, (x) => {
      const m = `${x}.${matching}`;
      if (how === 'any') return `${m} > 0`;
      if (how === 'none') return `${m} = 0`;
      if (how === 'all') return `(${x}.${total} > 0 AND ${m} = ${x}.${total})`;
      return `coalesce(${comparisonSql(m, 'number', how.count.op, how.count.value, this.param)}, false)`;
    });
    return `f.${name}`;
  }

  /** `col` restricted to the batch: $3 <= col < $4 and col = ANY($5), each when given. */
  static scope(col: string): string {
    return `($3::bigint IS NULL OR ${col} >= $3::bigint) AND ($4::bigint IS NULL OR ${col} < $4::bigint) AND ($5::bigint[] IS NULL OR ${col} = ANY($5::bigint[]))`;
  }

  /**
   * The CTEs of this level and the SELECT of its facts rows. `level.where` picks this level's
   * subjects (alias t of its table, with `level.owner` as an extra column for the contacts of
   * accounts); `level.key` is the column the batch's ids ($5) name: t.id, or t.account_id for
   * the contacts of accounts.
   *
   * How a batch is read (`byIds`): over an id range, each source table is filtered by the scope
   * and grouped once; over a list of ids, every subject is looked up, and its rows aggregated,
   * through the indexes one subject at a time (a LATERAL per subject), so the cost follows the
   * batch, never the workspace: with filters on the ids the planner took a large list (a
   * backlogged queue) for a reason to scan whole tables (5M events for 2,500 accounts, measured).
   */
  render(level: { where: string; key: string; owner: string | null }, byIds: boolean): { ctes: string[]; select: string } {
    const p = this.p;
    const { owner } = level;
    const table = this.o.subject === 'account' ? 'accounts' : 'contacts';
    const idColumn = this.o.subject === 'account' ? 'account_id' : 'contact_id';
    const ctes: string[] = [];
    const cols = ['t.id AS subject_id'];
    if (owner) cols.push(`${owner} AS owner_id`);
    if (this.needTraits) cols.push('t.traits');
    for (const c of this.subjectColumns) cols.push(`t.${c}`);
    const subjects = `SELECT ${cols.join(', ')} FROM ${table} t WHERE t.workspace_id = ${WS} AND ${level.where}`;
    // OFFSET 0 keeps the subquery from being flattened into a join the planner may run as a scan.
    ctes.push(
      byIds
        ? `${p}s AS (SELECT x.* FROM (SELECT DISTINCT unnest($5::bigint[]) AS id) u CROSS JOIN LATERAL (${subjects} AND ${level.key} = u.id OFFSET 0) x)`
        : `${p}s AS (${subjects})`,
    );
    const joins: string[] = [];
    /**
     * A CTE `<prefix><name>` of per-subject aggregates over a source table, left-joined to the
     * subjects: over a list of ids, one aggregate per subject of this level read through the
     * source's index on the subject column; over a range, grouped by the subject column over
     * the rows in scope, or for the contacts of a batch of accounts (the only level with an
     * owner) one aggregate per contact in scope read through the source's (workspace, contact)
     * index. A semi-join on those contacts would scan the whole source table of the workspace
     * once per batch (cost growing with the square of its size).
     */
    const source = (name: string, from: string, where: string, subjectColumn: string, aggs: Map<string, Aggregate>) => {
      /** One aggregate per row of `driver` (alias sc, its id column `id`), read through the source's index. */
      const perSubject = (driver: string, id: string) =>
        `SELECT sc.${id} AS subject_id, x.* FROM ${driver} CROSS JOIN LATERAL` +
        ` (SELECT ${aggregateList(aggs)} FROM ${from} WHERE ${where} AND ${subjectColumn} = sc.${id}) x`;
      const sql = byIds
        ? perSubject(`${p}s sc`, 'subject_id')
        : owner
          ? `${perSubject('contacts sc', 'id')} WHERE sc.workspace_id = ${WS} AND sc.account_id IS NOT NULL AND ${RuleLevelCompiler.scope('sc.account_id')}`
          : `SELECT ${subjectColumn} AS subject_id, ${aggregateList(aggs)} FROM ${from}` +
            ` WHERE ${where} AND ${subjectColumn} IS NOT NULL AND ${RuleLevelCompiler.scope(subjectColumn)} GROUP BY ${subjectColumn}`;
      ctes.push(`${p}${name} AS ${byIds ? 'MATERIALIZED ' : ''}(${sql})`);
      joins.push(`LEFT JOIN ${p}${name} ON ${p}${name}.subject_id = ${p}s.subject_id`);
    };
    if (this.eventAggs.size > 0) {
      const names = this.o.params.add([...this.eventNames].sort(), 'text[]');
      // When every event fact has a window, no row outside the widest one counts: read only those
      // (a range of the (subject, occurred_at) index instead of the subject's whole history).
      const window = typeof this.eventDays === 'number' ? ` AND ${this.windowSql('e.occurred_at', this.eventDays)}` : '';
      source('ev', 'events e', `e.workspace_id = ${WS} AND e.name = ANY(${names})${window}`, `e.${idColumn}`, this.eventAggs);
    }
    if (this.orderAggs.size > 0) {
      source('od', 'orders o', `o.workspace_id = ${WS} AND o.status <> 'cancelled'`, `o.${idColumn}`, this.orderAggs);
    }
    if (this.metricAggs.size > 0) {
      const families = this.o.params.add([...this.metricFamilies].sort(), 'text[]');
      source('mt', 'subject_scores m', `m.workspace_id = ${WS} AND m.subject_type = '${this.o.subject}' AND m.family = ANY(${families})`, 'm.subject_id', this.metricAggs);
    }
    if (this.contactLevel) {
      const inner = this.contactLevel.render(
        { where: `t.account_id IS NOT NULL AND ${RuleLevelCompiler.scope('t.account_id')}`, key: 't.account_id', owner: 't.account_id' },
        byIds,
      );
      ctes.push(...inner.ctes, `c_f AS (${inner.select})`);
      ctes.push(
        `ct AS (SELECT f.owner_id AS subject_id, count(*) AS total, ${aggregateList(this.contactAggs)} FROM c_f f GROUP BY f.owner_id)`,
      );
      joins.push(`LEFT JOIN ct ON ct.subject_id = ${p}s.subject_id`);
    }
    const values = [...this.values.values()].map((v) => `, ${v.expr} AS ${v.name}`).join('');
    const inner = `SELECT ${p}s.subject_id${owner ? `, ${p}s.owner_id` : ''}${values} FROM ${p}s ${joins.join(' ')}`;
    const leaves = [...this.leaves.values()].map((l) => `, ${l.expr} AS ${l.name}`).join('');
    return { ctes, select: `SELECT x.*${leaves} FROM (${inner}) x` };
  }
}
