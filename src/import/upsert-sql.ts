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
