import { AppError } from '../errors/app-error.js';
import type { Row } from './database.js';
import type { SqlParams } from './sql-params.js';

/**
 * Keyset pagination: a list is ordered by a few sort keys ending in the unique id, and the
 * next page starts after the last row's keys. The cursor is opaque base64url JSON of those
 * keys, bound to the sort it was made for (a cursor of another sort is refused).
 *
 * Timestamps travel as ISO text with microseconds, read from the database itself: a JS Date
 * has only milliseconds and would skip or repeat rows that share a millisecond.
 */
export type KeyType = 'text' | 'timestamptz' | 'bigint';
export type KeyValue = string | number;

export interface KeysetOrder {
  /** What the cursor is bound to, e.g. `accounts:-created_at`. */
  sort: string;
  /** SQL expressions of the sort, the last one unique (the id); all in one direction. */
  keys: readonly { sql: string; type: KeyType }[];
  direction: 'asc' | 'desc';
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

const CURSOR_PATH = 'querystring/cursor';
const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export function encodeCursor(order: KeysetOrder, values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify({ s: order.sort, k: values }), 'utf8').toString('base64url');
}

function badCursor(message: string): AppError {
  return new AppError('validation_failed', `The cursor is not valid: ${message}`, [{ path: CURSOR_PATH, message }]);
}

/** The key values of a cursor made for this order; an AppError naming `cursor` otherwise. */
export function decodeCursor(order: KeysetOrder, cursor: string): KeyValue[] {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor('is not a cursor this API gave out');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('is not a cursor this API gave out');
  }
  if (typeof parsed !== 'object' || parsed === null || !('s' in parsed) || !('k' in parsed)) {
    throw badCursor('is not a cursor this API gave out');
  }
  const { s, k } = parsed as { s: unknown; k: unknown };
  if (s !== order.sort) {
    throw badCursor(`was made for another sort (${String(s)}), not ${order.sort}; start again without a cursor`);
  }
  if (!Array.isArray(k) || k.length !== order.keys.length) throw badCursor('does not hold the keys of this sort');
  return order.keys.map((key, i) => {
    const v: unknown = k[i];
    if (key.type === 'bigint') {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw badCursor('does not hold the keys of this sort');
      return v;
    }
    if (typeof v !== 'string') throw badCursor('does not hold the keys of this sort');
    if (key.type === 'timestamptz' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v)) {
      throw badCursor('does not hold the keys of this sort');
    }
    return v;
  });
}

/** Select-list items `_k0, _k1, …`: the sort keys as the cursor stores them. */
export function keysetSelect(order: KeysetOrder, alias = ''): string {
  return order.keys
    .map((key, i) => {
      const expr = alias ? `${alias}._s${i}` : key.sql;
      const value = key.type === 'timestamptz' ? `to_char(${expr} AT TIME ZONE 'UTC', ${ISO_MICROS})` : expr;
      return `${value} AS _k${i}`;
    })
    .join(', ');
}

/** Select-list items `_s0, _s1, …`: the raw sort keys, to order by outside a subquery. */
export function keysetRawSelect(order: KeysetOrder): string {
  return order.keys.map((key, i) => `${key.sql} AS _s${i}`).join(', ');
}

/** `ORDER BY` items of the order (or of its raw keys `_s0…` selected in a subquery `alias`). */
export function keysetOrderBy(order: KeysetOrder, alias = ''): string {
  const dir = order.direction === 'asc' ? 'ASC' : 'DESC';
  return order.keys.map((key, i) => `${alias ? `${alias}._s${i}` : key.sql} ${dir}`).join(', ');
}

/**
 * The condition "after these keys" as one row comparison, which PostgreSQL turns into an
 * index range on an index with the same columns. Timestamps also get a plain bound so an
 * index ending in the timestamp (without the id) still narrows the range.
 */
export function keysetCondition(order: KeysetOrder, values: readonly KeyValue[], p: SqlParams): string {
  const op = order.direction === 'asc' ? '>' : '<';
  const placeholders = order.keys.map((key, i) => p.add(values[i], key.type));
  const row = `(${order.keys.map((k) => k.sql).join(', ')}) ${op} (${placeholders.join(', ')})`;
  const first = order.keys[0];
  if (order.keys.length > 1 && first?.type === 'timestamptz') {
    return `${first.sql} ${op}= ${placeholders[0]} AND ${row}`;
  }
  return row;
}

/** The key values `_k0…` of a row selected with keysetSelect. */
export function keysOfRow(order: KeysetOrder, row: Row): KeyValue[] {
  return order.keys.map((_, i) => row[`_k${i}`] as KeyValue);
}

/** Drops the `_k…`/`_s…` helper columns from a row. */
export function withoutKeys<T>(row: Row): T {
  const out: Row = {};
  for (const [name, value] of Object.entries(row)) {
    if (!/^_[ks]\d+$/.test(name)) out[name] = value;
  }
  return out as T;
}

/** A page from up to limit+1 rows in order: the extra row only says that there is a next page. */
export function pageFromRows<T>(order: KeysetOrder, rows: readonly Row[], limit: number): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const next_cursor = rows.length > limit && last ? encodeCursor(order, keysOfRow(order, last)) : null;
  return { data: data.map((r) => withoutKeys<T>(r)), next_cursor };
}
