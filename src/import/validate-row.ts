import type { ImportIssue, RowValues } from './import-target.js';
import { extraValue, Invalid, parseJsonObject, parserFor } from './parse-field-value.js';
import type { ColumnPlan } from './plan-columns.js';

export type RowValidator = (fields: readonly string[], line: number, issues: ImportIssue[]) => RowValues | null;

/**
 * Compiles the per-row check of a column plan: every mapped cell is trimmed, checked and
 * normalised; empty cells are null; the JSON column and `<prefix><name>` columns merge into one
 * object. Returns null after pushing one issue per bad cell.
 */
export function makeRowValidator(plan: ColumnPlan): RowValidator {
  const { spec, sourceOf, extras, unnamed } = plan;
  const width = plan.header.length;
  const parsers = spec.fields.map((f) => parserFor(f.type));
  const names = spec.fields.map((f) => f.name);
  const required = spec.fields.map((f) => f.required === true);
  const jsonIndex = spec.fields.findIndex((f) => f.type === 'json_object');
  const oneOf = spec.oneOf?.map((name) => names.indexOf(name)) ?? [];
  const n = names.length;

  return (fields, line, issues) => {
    const before = issues.length;
    if (fields.length !== width) {
      const extraCells = fields.slice(width).some((f) => f.trim() !== '');
      if (fields.length < width || extraCells) {
        issues.push({ line, field: null, message: `has ${fields.length} fields; the header has ${width}` });
        return null;
      }
    }
    const values: (string | null)[] = new Array<string | null>(n).fill(null);
    let extra: Record<string, unknown> | null = null;
    for (let i = 0; i < n; i++) {
      const src = sourceOf[i]!;
      if (src < 0) continue;
      const cell = fields[src];
      const v = cell === undefined ? '' : cell.trim();
      if (v === '') {
        if (required[i]) issues.push({ line, field: names[i]!, message: 'is required' });
        continue;
      }
      if (v.indexOf('\0') >= 0) {
        issues.push({ line, field: names[i]!, message: 'holds a NUL character, which the database cannot store' });
        continue;
      }
      if (i === jsonIndex) {
        if (v.indexOf('\\u0000') >= 0) {
          issues.push({ line, field: names[i]!, message: 'holds \\u0000, which the database cannot store' });
          continue;
        }
        const obj = parseJsonObject(v);
        if (obj instanceof Invalid) issues.push({ line, field: names[i]!, message: obj.message });
        else extra = obj;
        continue;
      }
      const r = parsers[i]!(v);
      if (r instanceof Invalid) issues.push({ line, field: names[i]!, message: r.message });
      else values[i] = r;
    }
    for (let e = 0; e < extras.length; e++) {
      const { key, index } = extras[e]!;
      const cell = fields[index];
      const v = cell === undefined ? '' : cell.trim();
      if (v === '') continue;
      if (v.indexOf('\0') >= 0) {
        issues.push({ line, field: `${spec.extra.field}.${key}`, message: 'holds a NUL character, which the database cannot store' });
        continue;
      }
      if (extra === null) extra = {};
      extra[key] = extraValue(v);
    }
    for (let u = 0; u < unnamed.length; u++) {
      const cell = fields[unnamed[u]!];
      if (cell !== undefined && cell.trim() !== '') {
        issues.push({ line, field: null, message: `column ${unnamed[u]! + 1} has no header but holds ${JSON.stringify(cell.trim().slice(0, 40))}` });
      }
    }
    if (oneOf.length > 0 && issues.length === before && !oneOf.some((i) => values[i] !== null)) {
      issues.push({ line, field: names[oneOf[0]!]!, message: `needs a value in at least one of ${oneOf.map((i) => names[i]).join(', ')}` });
    }
    return issues.length > before ? null : { values, extra };
  };
}
