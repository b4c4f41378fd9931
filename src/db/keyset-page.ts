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
  /**
   * Rows that all match and lie together in the order, e.g. names that begin with the term
   * when the list is in name order: walking cannot reach them sooner than the search index.
   */
  clustered?: (p: SqlParams) => string;
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

/** The planner's estimate of the rows after `after` that meet `conds`: a planning step, nothing is read. */
async function estimateAfter(db: Queryable, src: KeysetSource, conds: ((p: SqlParams) => string)[], after: KeyValue[]): Promise<number> {
  const p = new SqlParams();
  const where = [...src.where(p), ...conds.map((c) => c(p)), keysetCondition(src.order, after, p)].join(' AND ');
  const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${src.from} WHERE ${where}`, p.values);
  const raw = row?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: { 'Plan Rows': number } }];
  return plan[0].Plan['Plan Rows'];
}

/** The first `need` matches after `after` in order, through the search index: a materialised set, so the planner cannot go back to walking the order. */
async function firstMatchesByIndex(db: Queryable, src: KeysetSource, match: (p: SqlParams) => string, after: KeyValue[], need: number): Promise<number[]> {
  const p = new SqlParams();
  const where = [...src.where(p), match(p), keysetCondition(src.order, after, p)].join(' AND ');
  const rows = await db.query<{ _id: number }>(
    `WITH m AS MATERIALIZED (SELECT ${src.id} AS _id, ${keysetRawSelect(src.order)} FROM ${src.from} WHERE ${where})
     SELECT m._id FROM m ORDER BY ${keysetOrderBy(src.order, 'm')} LIMIT ${need}`,
    p.values,
  );
  return rows.map((r) => r._id);
}

/**
 * Whether walking on along the order is expected to fill the page for less than fetching
 * every remaining match through the search index, which costs about as much a match as
 * walking does a row. The planner knows how many rows and matches lie after `after`, not
 * where: the matches of `clustered` lie together in the order and cannot be reached by
 * walking; the others are taken as evenly spread.
 */
async function walkingPays(db: Queryable, src: KeysetSource, match: (p: SqlParams) => string, after: KeyValue[], missing: number, opts: { indexMax: number; maxWalk: number; clustered: ((p: SqlParams) => string) | undefined }): Promise<boolean> {
  if (opts.maxWalk <= 0) return false;
  const matches = await estimateAfter(db, src, [match], after);
  if (matches <= opts.indexMax) return false;
  const rows = await estimateAfter(db, src, [], after);
  const clustered = opts.clustered ? await estimateAfter(db, src, [opts.clustered], after) : 0;
  const spread = matches - clustered;
  if (spread <= 0) return false;
  const toFill = (missing * rows) / spread;
  return toFill <= opts.maxWalk && toFill < matches;
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
 * 3. If many, walk on (at most `maxWalkRows` rows) only if that is expected to fill the page
 *    in fewer rows than there are matches to fetch (`walkingPays`); then, or straight away,
 *    take what is still missing from the search index.
 *
 * The planner cannot make this choice alone: its estimate of how often a term matches says
 * nothing of where in the order the matches lie. A term that begins many names clusters
 * them in name order, and walking to them would scan a large part of the table: that is
 * what `clustered` tells. A term whose many matches all lie far away in the order stays
 * costly: its cost grows with its number of matches.
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
  if (edge && (await walkingPays(db, src, match, keysOfRow(order, edge), want - ids.length, { indexMax, maxWalk, clustered: opts.clustered }))) {
    ({ hits, edge } = await walkMatches(db, src, match, keysOfRow(order, edge), Math.max(maxWalk, want), want - ids.length));
    ids.push(...hits.map((r) => r._id));
  }
  if (edge) ids.push(...(await firstMatchesByIndex(db, src, match, keysOfRow(order, edge), want - ids.length)));
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

/** `term` with `%`, `_` and `\` escaped for LIKE: they match only themselves. */
function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern that finds `term` anywhere. */
export function containsPattern(term: string): string {
  return `%${likeEscaped(term)}%`;
}

/** A LIKE pattern that finds `term` at the start. */
export function prefixPattern(term: string): string {
  return `${likeEscaped(term)}%`;
}
