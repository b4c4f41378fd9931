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
  /** Matches that lie together in the order (names that begin with the term, in name order). */
  clustered?: Clustered;
}

/**
 * Rows that all match and lie together in the order, and the rows before them. Used only for
 * the planner's estimates, never to decide what matches: in a linguistic collation the names
 * that begin with a term need not lie exactly together.
 */
export interface Clustered {
  rows: (p: SqlParams) => string;
  before: (p: SqlParams) => string;
  /**
   * Where the cluster begins (ascending orders only): every row of it is at or after this point,
   * so walking from here meets its first rows at once. Without it (descending orders) the
   * cluster is read whole through `rows`, which must then have an index of its own.
   */
  start?: (p: SqlParams) => string;
  /** How to find the matches outside the cluster without reading the cluster. */
  outside?: OutsideCluster;
}

/**
 * Conditions that together every match outside a cluster meets, and only matches do; each is
 * read on its own, through its own index. A first page of a cluster far along the order then
 * costs the page and the matches outside the cluster, not every match.
 */
export interface OutsideCluster {
  /** Read through a search index; the planner's estimate of it decides whether this way is taken (fewer than half of the matches). */
  others: (p: SqlParams) => string;
  /** Read as index-only prefix ranges, whatever their size: rows there that lie in the cluster cost an index entry each, not a table row. */
  byPrefix: ((p: SqlParams) => string)[];
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
  start?: (p: SqlParams) => string,
): Promise<{ hits: Walked[]; edge: Walked | undefined }> {
  const order = src.order;
  const p = new SqlParams();
  const conds = src.where(p);
  if (after) conds.push(keysetCondition(order, after, p));
  if (start) conds.push(start(p));
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

/**
 * The planner's estimates of how many rows after `after` (or from the start) meet each list of
 * conditions: one planning step for all of them (a UNION ALL, one branch each), nothing is read.
 */
async function estimateAfter(db: Queryable, src: KeysetSource, condSets: ((p: SqlParams) => string)[][], after: KeyValue[] | null): Promise<number[]> {
  const p = new SqlParams();
  const branches = condSets.map((conds) => {
    const where = [...src.where(p), ...conds.map((c) => c(p)), ...(after ? [keysetCondition(src.order, after, p)] : [])];
    return `(SELECT 1 FROM ${src.from} WHERE ${where.join(' AND ')})`;
  });
  const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${branches.join(' UNION ALL ')}`, p.values);
  const raw = row?.['QUERY PLAN'];
  type Node = { 'Node Type': string; 'Plan Rows': number; Plans?: Node[] };
  const plan = ((typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: Node }])[0].Plan;
  if (condSets.length === 1) return [plan['Plan Rows']];
  // An Append of one child a branch, in order; any other shape (e.g. a parallel plan) is asked branch by branch.
  if (plan['Node Type'] === 'Append' && plan.Plans?.length === condSets.length) return plan.Plans.map((n) => n['Plan Rows']);
  const each: number[] = [];
  for (const conds of condSets) each.push(...(await estimateAfter(db, src, [conds], after)));
  return each;
}

/**
 * What the planner expects after a point of the order: rows, matches, and of those the
 * clustered ones; from the start also the rows before the cluster and the matches outside it
 * that `outside.others` finds (NaN without it).
 */
interface Expected {
  rows: number;
  matches: number;
  clustered: number;
  beforeCluster: number;
  others: number;
}

async function expectAfter(db: Queryable, src: KeysetSource, match: (p: SqlParams) => string, clustered: Clustered | undefined, after: KeyValue[] | null): Promise<Expected> {
  // Where the cluster begins, and what lies outside it, matter only from the start (a first page); later it is walked to or past.
  const fromStart = clustered && !after ? [[clustered.before], ...(clustered.outside ? [[clustered.outside.others]] : [])] : [];
  const sets = [[], [match], ...(clustered ? [[clustered.rows]] : []), ...fromStart];
  const [rows = 0, matches = 0, inCluster = 0, before = 0, others = NaN] = await estimateAfter(db, src, sets, after);
  return { rows, matches, clustered: inCluster, beforeCluster: before, others };
}

/**
 * The first `need` rows after `after` in order among the rows meeting any of these conditions
 * (each a branch of a UNION, so each can use its own index): each branch read whole (OFFSET 0:
 * the planner cannot go back to walking the order, hoping to meet its rows soon) and only its
 * first `need` rows kept (a top-N sort) before the branches meet.
 */
async function firstRowsAmong(db: Queryable, src: KeysetSource, branches: ((p: SqlParams) => string)[], after: KeyValue[] | null, need: number): Promise<number[]> {
  const p = new SqlParams();
  const selects = branches.map((cond) => {
    const where = [...src.where(p), cond(p), ...(after ? [keysetCondition(src.order, after, p)] : [])].join(' AND ');
    return `(SELECT b.* FROM (SELECT ${src.id} AS _id, ${keysetRawSelect(src.order)} FROM ${src.from} WHERE ${where} OFFSET 0) b
              ORDER BY ${keysetOrderBy(src.order, 'b')} LIMIT ${need})`;
  });
  const rows = await db.query<{ _id: number }>(
    `WITH m AS MATERIALIZED (${selects.join(' UNION ')})
     SELECT m._id FROM m ORDER BY ${keysetOrderBy(src.order, 'm')} LIMIT ${need}`,
    p.values,
  );
  return rows.map((r) => r._id);
}

/**
 * The first `need` matches of a first page whose matches cluster far along the order. If the
 * planner expects fewer than half of the matches outside the cluster (`outside.others`): the
 * cluster's first rows by walking from its `start` (at most `probe` rows), or without a start
 * by reading the cluster whole, together with the matches outside it, each condition through
 * its own index. Otherwise, or if that walk does not find them, every match through the search
 * index. (At 1M accounts, 8,603 names beginning with "väisän", which occurs nowhere else: a
 * request took 5-7 ms by the walk and 13-15 ms by reading the cluster (descending order)
 * against 23-45 ms through the search index.)
 */
async function firstMatchesAroundCluster(db: Queryable, src: KeysetSource, match: (p: SqlParams) => string, clustered: Clustered, e: Expected, need: number, probe: number): Promise<number[]> {
  const { start, outside } = clustered;
  if (outside && e.others < e.matches / 2) {
    if (!start) return firstRowsAmong(db, src, [clustered.rows, outside.others, ...outside.byPrefix], null, need);
    const head = await walkMatches(db, src, clustered.rows, null, probe, need, start);
    if (!head.edge) {
      const ids = head.hits.map((r) => r._id);
      const first = ids.length ? [(p: SqlParams) => `${src.id} = ANY(${p.add(ids, 'bigint[]')})`] : [];
      return firstRowsAmong(db, src, [...first, outside.others, ...outside.byPrefix], null, need);
    }
  }
  return firstRowsAmong(db, src, [match], null, need);
}

/**
 * Whether walking on along the order is expected to fill the page for less than fetching
 * every remaining match through the search index, which costs about as much a match as
 * walking does a row. The planner knows how many rows and matches lie ahead, not where: the
 * clustered matches lie together and are not reached sooner by walking; the others are
 * taken as evenly spread.
 */
function walkingPays(e: Expected, missing: number, opts: { indexMax: number; maxWalk: number }): boolean {
  if (opts.maxWalk <= 0 || e.matches <= opts.indexMax) return false;
  const spread = e.matches - e.clustered;
  if (spread <= 0) return false;
  const toFill = (missing * e.rows) / spread;
  return toFill <= opts.maxWalk && toFill < e.matches;
}

/**
 * One page of a search (`match`, e.g. a trigram LIKE) in the order of the list, fast both
 * for a term that matches a large share of rows and for a rare one:
 *
 * 0. On a first page with `clustered` matches, walk twice the page size first: a common term
 *    fills the page there. If not, ask the planner once, from the start, and go on by step 3
 *    with those estimates; or, if it expects most matches to lie together beyond the first
 *    walk, with too few elsewhere for walking to pay, read the first matches at once: the
 *    cluster's first rows and the matches outside it (`firstMatchesAroundCluster`).
 * 1. Otherwise walk the index of the order from the cursor, keeping the matches, and stop as
 *    soon as the page is full or `probeRows` rows were looked at. A common term fills the
 *    page after a few dozen rows.
 * 2. If not full, ask the planner how many matches there are after the walked stretch. If
 *    few, fetch them through the search index, sort them and take what is missing: the
 *    cost grows with the number of matches, which is small.
 * 3. If many, walk on (at most `maxWalkRows` rows) only if that is expected to fill the page
 *    in fewer rows than there are matches to fetch (`walkingPays`); then, or straight away,
 *    take what is still missing from the search index.
 *
 * The planner cannot make this choice alone: its estimate of how often a term matches says
 * nothing of where in the order the matches lie. A term that begins many names clusters
 * them in name order, and walking to them would scan a large part of the table: that is
 * what `clustered` tells. A term whose many matches all lie far away in the order, and not
 * together in a cluster with `outside`, stays costly: its cost grows with its number of matches.
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
  let edge: Walked | undefined;
  let expected: Expected | undefined;
  if (req.after === null && opts.clustered) {
    // A first page: a short walk fills it for a common term; if not, the planner's estimates
    // from the start (nearly those after the short walk) choose the way on at once.
    const short = await walkMatches(db, src, match, null, Math.min(probe, want * 2), want);
    ids.push(...short.hits.map((r) => r._id));
    if (!short.edge) return pageOf<T>(db, src, ids, req.limit);
    edge = short.edge;
    expected = await expectAfter(db, src, match, opts.clustered, null);
    if (expected.clustered >= want && expected.beforeCluster > probe && !walkingPays(expected, want - ids.length, { indexMax, maxWalk })) {
      // From the start, not from the short walk's edge: the first matches include the walk's,
      // and comparing every match with the edge cost more than the walk saved (at 1M accounts,
      // 8,603 matches: 31 ms against 19 ms).
      return pageOf<T>(db, src, await firstMatchesAroundCluster(db, src, match, opts.clustered, expected, want, probe), req.limit);
    }
  } else {
    let hits: Walked[];
    ({ hits, edge } = await walkMatches(db, src, match, req.after, probe, want));
    ids.push(...hits.map((r) => r._id));
    if (edge) expected = await expectAfter(db, src, match, opts.clustered, keysOfRow(order, edge));
  }
  if (edge && expected && walkingPays(expected, want - ids.length, { indexMax, maxWalk })) {
    const on = await walkMatches(db, src, match, keysOfRow(order, edge), Math.max(maxWalk, want), want - ids.length);
    ids.push(...on.hits.map((r) => r._id));
    edge = on.edge;
  }
  if (edge) ids.push(...(await firstRowsAmong(db, src, [match], keysOfRow(order, edge), want - ids.length)));
  return pageOf<T>(db, src, ids, req.limit);
}

/** The page of these rows (at most one more than the page size, to tell whether a next page exists). */
async function pageOf<T>(db: Queryable, src: KeysetSource, ids: number[], limit: number): Promise<Page<T>> {
  if (ids.length === 0) return { data: [], next_cursor: null };
  const order = src.order;
  const p = new SqlParams();
  const conds = [...src.where(p), `${src.id} = ANY(${p.add(ids, 'bigint[]')})`];
  const rows = await db.query(
    `SELECT ${src.select}, ${keysetSelect(order)} FROM ${src.from}
      WHERE ${conds.join(' AND ')} ORDER BY ${keysetOrderBy(order)}`,
    p.values,
  );
  return pageFromRows<T>(order, rows, limit);
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

/**
 * In an order whose first key is `key` (lower-cased text), the rows whose key begins with
 * `term`: a cluster for keysetSearchPage. Undefined in any other order. `outside`, if given,
 * finds the matches not beginning with the term (see OutsideCluster). In ascending order the
 * cluster's first rows are walked to from the term itself (every key that begins with it sorts
 * at or after it); in descending order, with `outside`, the cluster is read whole, so `key`
 * needs an index that turns the prefix LIKE into a range (text_pattern_ops).
 */
export function beginningWith(order: KeysetOrder, key: string, term: string, outside?: OutsideCluster): Clustered | undefined {
  if (order.keys[0]?.sql !== key) return undefined;
  const begins = (p: SqlParams) => `${key} LIKE lower(${p.add(prefixPattern(term))}) ESCAPE '\\'`;
  if (order.direction === 'desc') return { rows: begins, before: (p) => `${key} > lower(${p.add(term)}) AND NOT ${begins(p)}`, ...(outside ? { outside } : {}) };
  const before = (p: SqlParams) => `${key} < lower(${p.add(term)})`;
  return outside ? { rows: begins, before, start: (p) => `${key} >= lower(${p.add(term)})`, outside } : { rows: begins, before };
}
