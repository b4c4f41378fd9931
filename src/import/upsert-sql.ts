/**
 * The ON CONFLICT clause of an idempotent upsert: it updates only the given columns, merges
 * JSON objects shallowly (`old || new`), and writes nothing (not even updated_at) when no value
 * differs, so importing the same rows again leaves every row untouched.
 */
export function onConflictUpdate(
  alias: string,
  conflict: string,
  columns: readonly string[],
  opts: { mergeJson?: readonly string[]; touch?: boolean } = {},
): string {
  const merge = opts.mergeJson ?? [];
  if (columns.length === 0 && merge.length === 0) return `ON CONFLICT (${conflict}) DO NOTHING`;
  const sets = [
    ...columns.map((c) => `${c} = excluded.${c}`),
    ...merge.map((c) => `${c} = ${alias}.${c} || excluded.${c}`),
    ...(opts.touch === false ? [] : ['updated_at = now()']),
  ];
  const before = [...columns.map((c) => `${alias}.${c}`), ...merge.map((c) => `${alias}.${c}`)];
  const after = [...columns.map((c) => `excluded.${c}`), ...merge.map((c) => `${alias}.${c} || excluded.${c}`)];
  const row = (items: string[]) => (items.length === 1 ? `ROW(${items[0]})` : `(${items.join(', ')})`);
  return `ON CONFLICT (${conflict}) DO UPDATE SET ${sets.join(', ')} WHERE ${row(before)} IS DISTINCT FROM ${row(after)}`;
}

/** Wraps an INSERT ... RETURNING (xmax = 0) AS inserted into a count of inserted and updated rows. */
export function countUpserts(insert: string): string {
  return `WITH up AS (${insert} RETURNING (xmax = 0) AS inserted)
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

export interface MergeTarget {
  /** The target table. */
  table: string;
  /** The columns after workspace_id of the unique key that identifies a row. */
  key: readonly string[];
  /** Columns a new row gets, each from the source column of the same name. */
  insert: readonly string[];
  /** Columns set on an existing row when any of them (or a merged JSON object) differs. */
  update: readonly string[];
  /** JSON object columns merged shallowly (`old || new`) on an existing row. */
  mergeJson?: readonly string[];
  /** Set updated_at = now() on the rows changed (default true). */
  touch?: boolean;
  /** Columns of an existing row to carry along as `found_<column>` (e.g. its id). */
  found?: readonly string[];
  /** Extra RETURNING expressions of the insert over t, e.g. `t.id`. */
  returning?: readonly string[];
}

/**
 * Three CTEs that merge the rows of the CTE or table `source` into a target, as an upsert with
 * onConflictUpdate would, but without touching an unchanged row and with one pass over the
 * existing rows: `<name>_e` is the source joined once with the rows already there (`_found`,
 * `_changed`, `found_*`); `<name>_u` updates only the rows whose values differ (an unchanged row
 * is neither locked nor written); `<name>_i` inserts the rows not found, without per-row conflict
 * handling in the common case. Its ON CONFLICT clause only matters when a concurrent
 * transaction inserts the same key meanwhile; that row is then updated as before. The source's
 * columns must already have the target's types (numeric(14,2) etc.), so that "differs" means
 * what storing the value would change, and its keys must be unique. `<name>_u` and `<name>_i`
 * return `inserted` (false for an updated row); the insert also `returning`.
 */
export function mergeCtes(name: string, source: string, target: MergeTarget, workspaceParam = '$1'): string {
  const merge = target.mergeJson ?? [];
  const touch = target.touch !== false;
  const keyMatch = (alias: string, other: string) => target.key.map((k) => `${alias}.${k} = ${other}.${k}`).join(' AND ');
  const row = (items: string[]) => (items.length === 1 ? `ROW(${items[0]})` : `(${items.join(', ')})`);
  const differs = (old: string) =>
    `${row([...target.update, ...merge].map((c) => `${old}.${c}`))} IS DISTINCT FROM ${row([...target.update.map((c) => `s.${c}`), ...merge.map((c) => `${old}.${c} || s.${c}`)])}`;
  const compared = target.update.length + merge.length > 0;
  const sets = [...target.update.map((c) => `${c} = s.${c}`), ...merge.map((c) => `${c} = t.${c} || s.${c}`), ...(touch ? ['updated_at = now()'] : [])];
  const found = (target.found ?? []).map((c) => `, x.${c} AS found_${c}`).join('');
  const extra = (target.returning ?? []).map((r) => `, ${r}`).join('');
  const conflict = onConflictUpdate('t', ['workspace_id', ...target.key].join(', '), target.update, { mergeJson: merge, touch });
  return `${name}_e AS MATERIALIZED (
         SELECT s.*, x.workspace_id IS NOT NULL AS _found,
                ${compared ? `x.workspace_id IS NOT NULL AND ${differs('x')}` : 'false'} AS _changed${found}
           FROM ${source} s LEFT JOIN ${target.table} x ON x.workspace_id = ${workspaceParam} AND ${keyMatch('x', 's')}
       ), ${name}_u AS (
         ${
           compared
             ? `UPDATE ${target.table} AS t SET ${sets.join(', ')}
           FROM ${name}_e s
          WHERE s._changed AND t.workspace_id = ${workspaceParam} AND ${keyMatch('t', 's')} AND ${differs('t')}
         RETURNING false AS inserted`
             : 'SELECT false AS inserted WHERE false'
         }
       ), ${name}_i AS (
         INSERT INTO ${target.table} AS t (workspace_id, ${target.insert.join(', ')})
         SELECT ${workspaceParam}, ${target.insert.map((c) => `s.${c}`).join(', ')} FROM ${name}_e s WHERE NOT s._found
         ${conflict}
         RETURNING (xmax = 0) AS inserted${extra}
       )`;
}

/** Select-list items counting what the CTEs of mergeCtes(name) inserted and updated, as `<name>_inserted` and `<name>_updated`. */
export function mergeCounts(name: string): string {
  return `(SELECT count(*) FILTER (WHERE inserted) FROM ${name}_i)::int AS ${name}_inserted,
          ((SELECT count(*) FROM ${name}_u) + (SELECT count(*) FILTER (WHERE NOT inserted) FROM ${name}_i))::int AS ${name}_updated`;
}
