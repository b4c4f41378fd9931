import type { SqlParams } from './sql-params.js';

/** Writable columns of a table and the cast of each parameter (`text`, `bigint`, …). */
export type WritableColumns = Readonly<Record<string, string | null>>;

/**
 * The column and value lists of an INSERT from the fields present in `input` (a field
 * left out takes the column default), plus the JSONB column (`traits`) as given or `{}`.
 */
export function insertColumns(
  input: Record<string, unknown>,
  columns: WritableColumns,
  p: SqlParams,
  jsonColumn?: string,
): { columns: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  for (const [column, cast] of Object.entries(columns)) {
    if (input[column] === undefined) continue;
    names.push(column);
    values.push(p.add(input[column], cast ?? undefined));
  }
  if (jsonColumn) {
    names.push(jsonColumn);
    values.push(p.add(JSON.stringify(input[jsonColumn] ?? {}), 'jsonb'));
  }
  return { columns: names, values };
}

/**
 * The `SET` list of a partial update (PATCH): only the fields present in the patch are
 * written; a field set to null is cleared. The JSONB column (`traits`, `properties`) is
 * merged shallowly: keys with a value are set, keys set to null are removed.
 */
export function patchAssignments(patch: Record<string, unknown>, columns: WritableColumns, p: SqlParams, jsonColumn?: string): string[] {
  const sets: string[] = [];
  for (const [column, cast] of Object.entries(columns)) {
    if (patch[column] === undefined) continue;
    sets.push(`${column} = ${p.add(patch[column], cast ?? undefined)}`);
  }
  const json = jsonColumn ? patch[jsonColumn] : undefined;
  if (jsonColumn && json && typeof json === 'object') {
    const entries = Object.entries(json as Record<string, unknown>);
    const set = Object.fromEntries(entries.filter(([, v]) => v !== null));
    const remove = entries.filter(([, v]) => v === null).map(([k]) => k);
    sets.push(`${jsonColumn} = (${jsonColumn} || ${p.add(JSON.stringify(set), 'jsonb')}) - ${p.add(remove, 'text[]')}`);
  }
  return sets;
}
