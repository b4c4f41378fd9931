import { AppError } from '../errors/app-error.js';
import type { ImportIssue, KindSpec } from './import-target.js';

/** Which source column feeds each target field, and which feed the extra object (traits / properties). */
export interface ColumnPlan {
  spec: KindSpec;
  header: readonly string[];
  /** Source column index per field of spec.fields; -1 when not mapped. */
  sourceOf: readonly number[];
  /** `trait.<key>` / `properties.<key>` columns. */
  extras: ReadonlyArray<{ key: string; index: number }>;
  /** Columns with an empty header: a value in one is an error, not silently dropped. */
  unnamed: readonly number[];
  /** Target fields the file provides (a field not provided is left as it is on update). */
  present: ReadonlySet<string>;
}

/** Columns of our own reject files: a fixed reject file imports again as it is. */
const REJECT_FILE_COLUMNS = new Set(['kanta_line', 'kanta_errors']);

/** `External ID`, `externalId`, `external-id` -> `external_id`. */
export function normalizeHeader(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function extraKey(spec: KindSpec, name: string): string | null {
  const lower = name.trim().toLowerCase();
  for (const prefix of spec.extra.prefixes) {
    if (lower.startsWith(prefix)) return name.trim().slice(prefix.length).trim();
  }
  return null;
}

function fieldNames(spec: KindSpec): string {
  return spec.fields.map((f) => f.name).join(', ');
}

/**
 * Checks a mapping document `{ "<target field>": "<source header>" }` against a kind, naming the
 * first bad key. Target fields are the snake_case names or `<prefix><name>` for extra columns.
 */
export function checkMapping(spec: KindSpec, mapping: unknown): Record<string, string> {
  if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw new AppError('validation_failed', 'The mapping must be a JSON object like { "external_id": "Customer number" }', [
      { path: 'mapping', message: 'must be an object of target field -> source column header' },
    ]);
  }
  const issues: { path: string; message: string }[] = [];
  const out: Record<string, string> = {};
  const known = new Set(spec.fields.map((f) => f.name));
  for (const [target, source] of Object.entries(mapping as Record<string, unknown>)) {
    if (!known.has(target) && extraKey(spec, target) === null) {
      issues.push({
        path: `mapping/${target}`,
        message: `"${target}" is not a field of ${spec.kind}; fields: ${fieldNames(spec)}, or ${spec.extra.prefixes[0]}<name>`,
      });
    } else if (extraKey(spec, target) === '') {
      issues.push({ path: `mapping/${target}`, message: `"${target}" needs a name after "${spec.extra.prefixes[0]}"` });
    } else if (typeof source !== 'string' || source.trim() === '') {
      issues.push({ path: `mapping/${target}`, message: 'must be the header of a source column (a non-empty string)' });
    } else out[target] = source;
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', `The mapping is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  return out;
}

/**
 * Maps a header row to target fields: by a mapping first (when given), then by the header names
 * themselves (snake_case field names or their aliases, `<prefix><name>` for extras). Without a
 * mapping an unknown column is an error (nothing is dropped silently); with one, columns neither
 * mapped nor named after a field are ignored on purpose.
 */
export function planColumns(spec: KindSpec, header: readonly string[], mapping: Record<string, string> | null): ColumnPlan | ImportIssue[] {
  const issues: ImportIssue[] = [];
  const sourceOf = spec.fields.map(() => -1);
  const extras: { key: string; index: number }[] = [];
  const unnamed: number[] = [];
  const used = new Set<number>();
  const byName = new Map<string, number>();
  spec.fields.forEach((f, i) => byName.set(f.name, i));
  const byAlias = new Map<string, number>();
  spec.fields.forEach((f, i) => f.aliases?.forEach((a) => byAlias.set(a, i)));
  const extraKeys = new Set<string>();

  const addExtra = (key: string, index: number, label: string) => {
    if (extraKeys.has(key)) issues.push({ line: 1, field: `${spec.extra.field}.${key}`, message: `${label} gives ${spec.extra.field} "${key}" a second time` });
    extraKeys.add(key);
    extras.push({ key, index });
    used.add(index);
  };

  if (mapping) {
    for (const [target, source] of Object.entries(mapping)) {
      let index = header.indexOf(source);
      if (index < 0) index = header.findIndex((h) => h.trim().toLowerCase() === source.trim().toLowerCase());
      if (index < 0) {
        issues.push({ line: 1, field: target, message: `mapping: source column "${source}" (for ${target}) is not in the header` });
        continue;
      }
      const key = byName.has(target) ? null : extraKey(spec, target);
      if (key !== null) addExtra(key, index, `mapping "${target}"`);
      else {
        sourceOf[byName.get(target)!] = index;
        used.add(index);
      }
    }
  }

  header.forEach((raw, index) => {
    if (used.has(index)) return;
    if (raw.trim() === '') {
      unnamed.push(index);
      return;
    }
    const norm = normalizeHeader(raw);
    if (REJECT_FILE_COLUMNS.has(norm)) return;
    const key = extraKey(spec, raw);
    if (key !== null) {
      if (key === '') issues.push({ line: 1, field: null, message: `column "${raw}" needs a name after the prefix` });
      else addExtra(key, index, `column "${raw}"`);
      return;
    }
    const field = byName.get(norm) ?? byAlias.get(norm);
    if (field === undefined) {
      if (!mapping) {
        issues.push({
          line: 1,
          field: null,
          message: `unknown column "${raw}": name it after a field of ${spec.kind} (${fieldNames(spec)}) or ${spec.extra.prefixes[0]}<name>, or give a mapping`,
        });
      }
      return;
    }
    const name = spec.fields[field]!.name;
    if (sourceOf[field]! >= 0) {
      if (!mapping || !Object.prototype.hasOwnProperty.call(mapping, name)) {
        issues.push({ line: 1, field: name, message: `columns "${header[sourceOf[field]!]}" and "${raw}" both map to ${name}` });
      }
      return;
    }
    sourceOf[field] = index;
  });

  spec.fields.forEach((f, i) => {
    if (f.required && sourceOf[i]! < 0) {
      const names = [f.name, ...(f.aliases ?? [])].join(', ');
      issues.push({ line: 1, field: f.name, message: `missing column for the required field ${f.name} (a header named ${names}, or a mapping)` });
    }
  });
  if (spec.oneOf && !spec.oneOf.some((name) => sourceOf[byName.get(name)!]! >= 0)) {
    issues.push({ line: 1, field: spec.oneOf[0]!, message: `needs a column for at least one of ${spec.oneOf.join(', ')}` });
  }
  if (issues.length > 0) return issues;

  const present = new Set(spec.fields.filter((_, i) => sourceOf[i]! >= 0).map((f) => f.name));
  if (extras.length > 0) present.add(spec.extra.field);
  return { spec, header, sourceOf, extras, unnamed, present };
}
