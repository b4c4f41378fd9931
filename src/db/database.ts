/**
 * The one database port of Kanta. Two adapters implement it: PGlite (embedded, a data
 * directory) and PostgreSQL through `pg`. Both speak the same SQL; value types are
 * normalised at this boundary (bigint, count(*) and numeric come back as JS numbers,
 * timestamps as Date, json/jsonb parsed).
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement with $1.. parameters and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one statement and returns the number of rows it affected. */
  execute(sql: string, params?: unknown[]): Promise<number>;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads CSV text (no header, RFC 4180 quoting, empty unquoted field = NULL) into a
   * table with COPY. Returns the number of rows loaded.
   */
  copyCsv(table: string, columns: readonly string[], csv: string): Promise<number>;
  /** Bulk-loads rows in PostgreSQL's binary COPY format (encode-binary-copy.ts) into a table. Returns the number of rows loaded. */
  copyBinary(table: string, columns: readonly string[], data: Uint8Array<ArrayBuffer>): Promise<number>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn inside one transaction: all of it commits, or none of it. Inside fn use only tx (PGlite has one connection: the outer handle would wait). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Type ids whose text form we turn into JS numbers on both adapters. */
export const NUMERIC_TYPE_IDS = { int8: 20, numeric: 1700 } as const;

export function toNumber(text: string): number {
  return Number(text);
}
