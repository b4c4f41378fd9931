import { daysFromNowSql } from './compile-comparison-sql.js';
import { aggregate, type Aggregate } from './fact-aggregates.js';
import type { EventCondition } from './rule.js';
import type { RuleSqlParams } from './rule-sql-params.js';

/** One read of the events table: the aggregates it computes, the names they read and their widest window. */
export interface EventScan {
  /** The CTE (without the level's prefix) its aggregates are columns of. */
  cte: string;
  aggs: Map<string, Aggregate>;
  names: Set<string>;
  /** The widest window (days) of its aggregates; null once one reads all time. */
  days: number | null | undefined;
}

/** `column` within `days` before now ($2): the window of an event or order fact. */
export function withinDaysSql(params: RuleSqlParams, column: string, days: number): string {
  return `${column} > ${daysFromNowSql('-', params.add(days, 'integer'))} AND ${column} <= $2::timestamptz`;
}

/**
 * The event facts of one rule level, as FILTERed aggregates over the events alias `e`.
 *
 * Read per subject (a list of ids, or the contacts of accounts), they are split in two scans:
 * - `ev`: counts, first and last times with no property condition. All they read (name and
 *   time) is in the subject's time index (events_account_time / events_contact_time hold the
 *   name), so each subject's rows are one short index range, read index-only: about one page a
 *   subject instead of one heap page an event (a subject's events arrive over time, each on
 *   its own page).
 * - `ep`: facts that read properties (a `where`, or a property's sum, last value, ...). They
 *   find the ids of their names' events in that index too, and fetch only those rows.
 * Read over an id range (a whole workspace in batches), one scan reads every row once (`ev`).
 */
export class EventFacts {
  readonly plain: EventScan = { cte: 'ev', aggs: new Map(), names: new Set(), days: undefined };
  readonly properties: EventScan = { cte: 'ep', aggs: new Map(), names: new Set(), days: undefined };

  constructor(
    private readonly params: RuleSqlParams,
    /** read per subject: split property facts from the rest */
    private readonly split: boolean,
  ) {}

  /** Adds the aggregate of `rule` (shared when an identical one exists): its scan, column and key. */
  add(rule: EventCondition): { scan: EventScan; column: string; fn: string; key: string } {
    const measure = rule.measure ?? { fn: 'count' as const };
    const readsProperties = 'property' in measure || (rule.where?.length ?? 0) > 0;
    const scan = this.split && readsProperties ? this.properties : this.plain;
    scan.names.add(rule.event);
    const days = rule.within_days ?? null;
    scan.days = scan.days === undefined ? days : scan.days === null || days === null ? null : Math.max(scan.days, days);
    const conds = [`e.name = ${this.params.add(rule.event, 'text')}`];
    if (rule.within_days !== undefined) conds.push(withinDaysSql(this.params, 'e.occurred_at', rule.within_days));
    for (const w of rule.where ?? []) {
      const prop = `e.properties -> ${this.params.add(w.property, 'text')}`;
      if (w.op === 'eq') conds.push(`${prop} = ${this.params.add(JSON.stringify(w.value), 'jsonb')}`);
      else if (w.op === 'neq') conds.push(`${prop} <> ${this.params.add(JSON.stringify(w.value), 'jsonb')}`);
      else conds.push(`${prop} = ANY(${this.params.add((w.value as unknown[]).map((v) => JSON.stringify(v)), 'jsonb[]')})`);
    }
    const filter = `FILTER (WHERE ${conds.join(' AND ')})`;
    const num =
      'property' in measure
        ? `CASE WHEN jsonb_typeof(e.properties -> ${this.params.add(measure.property, 'text')}) = 'number' THEN (e.properties ->> ${this.params.add(measure.property, 'text')})::numeric END`
        : '';
    const agg =
      measure.fn === 'count' ? `count(*) ${filter}`
      : measure.fn === 'first_at' ? `min(e.occurred_at) ${filter}`
      : measure.fn === 'last_at' ? `max(e.occurred_at) ${filter}`
      : measure.fn === 'first' ? `(array_agg(${num} ORDER BY e.occurred_at, e.id) ${filter})[1]`
      : measure.fn === 'last' ? `(array_agg(${num} ORDER BY e.occurred_at DESC, e.id DESC) ${filter})[1]`
      : `${measure.fn}(${num}) ${filter}`;
    const key = JSON.stringify(['event', rule.event, measure, rule.within_days ?? null, rule.where ?? null]);
    const column = aggregate(scan.aggs, scan === this.plain ? 'a' : 'p', key, () => agg);
    return { scan, column, fn: measure.fn, key };
  }

  /** The WHERE of the rows `scan` reads (events alias `alias`), all but the subject's own condition. */
  where(scan: EventScan, alias: string): string {
    const names = this.params.add([...scan.names].sort(), 'text[]');
    // When every fact of the scan has a window, no row outside the widest one counts: read only
    // those (a range of the (subject, occurred_at) index, not the subject's whole history).
    const window = typeof scan.days === 'number' ? ` AND ${withinDaysSql(this.params, `${alias}.occurred_at`, scan.days)}` : '';
    return `${alias}.workspace_id = $1::bigint AND ${alias}.name = ANY(${names})${window}`;
  }
}
