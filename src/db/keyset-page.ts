import { AppError } from '../errors/app-error.js';
import type { Queryable, Row } from './database.js';
import { keysetCondition, keysetOrderBy, keysetRawSelect, keysetSelect, keysOfRow, pageFromRows, type KeysetOrder, type KeyValue, type Page } from './keyset-cursor.js';
import { SqlParams } from './sql-params.js';

/** One keyset-paginated list over a table: what to select, how to filter, how to order. */
export interface KeysetSource {
  /** `accounts a` */
  from: string;
  /** The select list of a result row. */
  select: string;
  /** The unique id column, last key of every order (`a.id`). */
  id: string;
  /** Filter conditions (workspace first); called once per statement with that statement's params. */
  where: (p: SqlParams) => string[];
  order: KeysetOrder;
}

export interface PageRequest {
  /** Keys decoded from the cursor, or null for the first page. */
  after: KeyValue[] | null;
  limit: number;
}

/** The page size goes into the SQL text (LIMIT): only a whole number from 1 to 1000 is taken. */
export function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new AppError('validation_failed', `Invalid page size ${limit}`, [{ path: 'limit', message: 'must be a whole number from 1 to 1000' }]);
  }
  return limit;
}

/** One page in one statement: the index of the order is walked from the cursor on. */
export async function keysetPage<T>(db: Queryable, src: KeysetSource, req: PageRequest): Promise<Page<T>> {
  const p = new SqlParams();
  const conds = src.where(p);
  if (req.after) conds.push(keysetCondition(src.order, req.after, p));
  const rows = await db.query(
    `SELECT ${src.select}, ${keysetSelect(src.order)} FROM ${src.from}
      WHERE ${conds.join(' AND ')} ORDER BY ${keysetOrderBy(src.order)} LIMIT ${checkedLimit(req.limit) + 1}`,
    p.values,
  );
  return pageFromRows<T>(src.order, rows, req.limit);
}

export interface SearchOptions {
  /** How many rows the first walk along the order looks at (default max(1000, 10 x page)). */
  probeRows?: number;
  /** How many more rows a second walk may look at when the term is common (default 20,000). */
  maxWalkRows?: number;
  /** Up to how many estimated matches the search index is used at once (default 5,000). */
  indexMaxRows?: number;
}

type Walked = Row & { _id: number; _hit: boolean; _n: number };

/**
 * Walks the order from `after`, at most `probe` rows, and returns the first `need` matches
 * and, if the walk went the whole way without finding them, the probe-th row (where it
 * stopped). It streams: row_number over the index order needs no sort, and the outer
 * LIMIT stops the walk at the last match needed.
 */
async function walkMatches(
  db: Queryable,
  src: KeysetSource,
  match: (p: SqlParams) => string,
  after: KeyValue[] | null,
  probe: number,
  need: number,
): Promise<{ hits: Walked[]; edge: Walked | undefined }> {
  const order = src.order;
  const p = new SqlParams();
  const conds = src.where(p);
  if (after) conds.push(keysetCondition(order, after, p));
  const hit = match(p);
  const rows = await db.query<Walked>(
    `SELECT i.* FROM (
       SELECT ${src.id} AS _id, ${keysetSelect(order)}, (${hit}) AS _hit, row_number() OVER (ORDER BY ${keysetOrderBy(order)}) AS _n
         FROM ${src.from} WHERE ${conds.join(' AND ')}
        ORDER BY ${keysetOrderBy(order)} LIMIT ${probe}
     ) i
     WHERE i._hit OR i._n = ${probe}
     LIMIT ${need}`,
    p.values,
  );
  const hits = rows.filter((r) => r._hit);
  return { hits, edge: hits.length < need ? rows.find((r) => r._n === probe) : undefined };
}

/** The matches after `after`: their number as the planner estimates it, or the first `need` of them in order. */
function matchesAfter(src: KeysetSource, match: (p: SqlParams) => string, after: KeyValue[]) {
  const p = new SqlParams();
  const where = [...src.where(p), match(p), keysetCondition(src.order, after, p)].join(' AND ');
  return {
    /** The planner's estimate (statistics of the search column): a planning step, nothing is read. */
    estimate: async (db: Queryable): Promise<number> => {
      const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${src.from} WHERE ${where}`, p.values);
      const raw = row?.['QUERY PLAN'];
      const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: { 'Plan Rows': number } }];
      return plan[0].Plan['Plan Rows'];
    },
    /** Through the search index: a materialised set, so the planner cannot go back to walking the order. */
    first: async (db: Queryable, need: number): Promise<number[]> => {
      const rows = await db.query<{ _id: number }>(
        `WITH m AS MATERIALIZED (SELECT ${src.id} AS _id, ${keysetRawSelect(src.order)} FROM ${src.from} WHERE ${where})
         SELECT m._id FROM m ORDER BY ${keysetOrderBy(src.order, 'm')} LIMIT ${need}`,
        p.values,
      );
      return rows.map((r) => r._id);
    },
  };
}

/**
 * One page of a search (`match`, e.g. a trigram LIKE) in the order of the list, fast both
 * for a term that matches a large share of rows and for a rare one:
 *
 * 1. Walk the index of the order from the cursor, keeping the matches, and stop as soon as
 *    the page is full or `probeRows` rows were looked at. A common term fills the page
 *    after a few dozen rows.
 * 2. Otherwise ask the planner how many matches there are after the walked stretch. If
 *    few, fetch them through the search index, sort them and take what is missing: the
 *    cost grows with the number of matches, which is small.
 * 3. If many, they lie elsewhere in the order: walk on, at most `maxWalkRows` rows, and
 *    only then fall back to the search index.
 *
 * The planner cannot make this choice alone: its estimate of how often a term matches says
 * nothing of where in the order the matches lie (a term that begins many names clusters
 * them in name order, and walking to them would scan a large part of the table). A common
 * term whose matches all lie far away in the order stays costly: its cost grows with its
 * number of matches.
 */
export async function keysetSearchPage<T>(
  db: Queryable,
  src: KeysetSource,
  match: (p: SqlParams) => string,
  req: PageRequest,
  opts: SearchOptions = {},
): Promise<Page<T>> {
  const want = checkedLimit(req.limit) + 1;
  const order = src.order;
  const probe = opts.probeRows !== undefined ? Math.max(opts.probeRows, want) : Math.max(1000, want * 10);
  const maxWalk = opts.maxWalkRows ?? 20_000;
  const indexMax = opts.indexMaxRows ?? 5_000;

  const ids: number[] = [];
  let { hits, edge } = await walkMatches(db, src, match, req.after, probe, want);
  ids.push(...hits.map((r) => r._id));
  if (edge) {
    let rest = matchesAfter(src, match, keysOfRow(order, edge));
    if ((await rest.estimate(db)) > indexMax && maxWalk > 0) {
      ({ hits, edge } = await walkMatches(db, src, match, keysOfRow(order, edge), Math.max(maxWalk, want), want - ids.length));
      ids.push(...hits.map((r) => r._id));
      rest = edge ? matchesAfter(src, match, keysOfRow(order, edge)) : rest;
    }
    if (edge) ids.push(...(await rest.first(db, want - ids.length)));
  }
  if (ids.length === 0) return { data: [], next_cursor: null };

  const p = new SqlParams();
  const conds = [...src.where(p), `${src.id} = ANY(${p.add(ids, 'bigint[]')})`];
  const rows = await db.query(
    `SELECT ${src.select}, ${keysetSelect(order)} FROM ${src.from}
      WHERE ${conds.join(' AND ')} ORDER BY ${keysetOrderBy(order)}`,
    p.values,
  );
  return pageFromRows<T>(order, rows, req.limit);
}

/** A LIKE pattern that finds `term` anywhere: `%`, `_` and `\` in the term match only themselves. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
