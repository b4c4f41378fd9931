import type { FieldIssue } from '../errors/app-error.js';
import { FieldReader, type JsonObject } from './read-fields.js';

export type AccountColumn = 'name' | 'domain' | 'industry' | 'employees' | 'country' | 'owner';

/** What a group call changes on an account: only the columns it names, and its other traits. */
export interface AccountPatch {
  /** Columns the traits set; null clears the column (never the name). */
  columns: Partial<Record<AccountColumn, string | number | null>>;
  traits: JsonObject;
  removed: string[];
}

const CONSUMED = new Set(['name', 'domain', 'website', 'industry', 'employees', 'country', 'owner']);

/** "https://www.Acme.fi/about" -> "acme.fi" */
export function domainOf(value: string): string | null {
  const host = value.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#]/, 1)[0] ?? '';
  const bare = host.replace(/^www\./, '').replace(/:\d+$/, '');
  return bare === '' ? null : bare;
}

/** Splits Segment group traits into account columns and free traits; type problems go into issues. */
export function readAccountTraits(traits: JsonObject, path: string, issues: FieldIssue[]): AccountPatch {
  const r = new FieldReader(traits, path, issues);
  const columns: AccountPatch['columns'] = {};
  const name = r.text('name', { allowNumber: true, max: 1000 })?.trim();
  if (name) columns.name = name;
  const domainKey = r.has('domain') ? 'domain' : r.has('website') ? 'website' : null;
  if (domainKey) {
    const raw = r.text(domainKey, { max: 1000 });
    if (raw !== null || traits[domainKey] === null) columns.domain = raw === null ? null : domainOf(raw);
  }
  for (const key of ['industry', 'owner'] as const) {
    if (!r.has(key)) continue;
    const v = r.text(key, { max: 1000 });
    if (v !== null || traits[key] === null) columns[key] = v === null ? null : v.trim() || null;
  }
  if (r.has('employees')) {
    const n = r.number('employees', { min: 0, integer: true });
    if (n !== undefined) {
      if (n > 2_147_483_647) r.fail('employees', 'is too large');
      else columns.employees = n;
    } else if (traits.employees === null) columns.employees = null;
  }
  if (r.has('country')) {
    const c = r.text('country');
    if (c !== null) {
      const code = c.trim().toUpperCase();
      if (/^[A-Z]{2}$/.test(code)) columns.country = code;
      else r.fail('country', 'must be an ISO 3166-1 alpha-2 country code such as "FI"');
    } else if (traits.country === null) columns.country = null;
  }
  const rest: JsonObject = {};
  const removed: string[] = [];
  for (const [key, value] of Object.entries(traits)) {
    if (CONSUMED.has(key) || value === undefined) continue;
    if (value === null) removed.push(key);
    else rest[key] = value;
  }
  return { columns, traits: rest, removed };
}
