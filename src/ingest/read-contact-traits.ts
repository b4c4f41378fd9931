import type { FieldIssue } from '../errors/app-error.js';
import { FieldReader, type JsonObject } from './read-fields.js';

export type ContactColumn = 'email' | 'first_name' | 'last_name' | 'phone' | 'title' | 'locale' | 'timezone' | 'buying_role' | 'persona';

/** What an identify call changes on a contact: only the columns it names, and its other traits. */
export interface ContactPatch {
  /** Columns the traits set; a null value clears the column. */
  columns: Partial<Record<ContactColumn, string | null>>;
  /** Traits without a column of their own, merged into contacts.traits. */
  traits: JsonObject;
  /** Traits sent as null: removed from contacts.traits. */
  removed: string[];
}

export const BUYING_ROLES = ['decision_maker', 'influencer', 'user', 'champion', 'purchaser'] as const;

/** Segment's reserved identify traits (and Kanta's own) that have a column, with their accepted spellings, first wins. */
const COLUMN_TRAITS: Array<[ContactColumn, string[]]> = [
  ['email', ['email']],
  ['first_name', ['firstName', 'first_name']],
  ['last_name', ['lastName', 'last_name']],
  ['phone', ['phone']],
  ['title', ['title']],
  ['locale', ['locale', 'language']],
  ['timezone', ['timezone']],
  ['buying_role', ['buying_role', 'buyingRole']],
  ['persona', ['persona']],
];
const CONSUMED = new Set(COLUMN_TRAITS.flatMap(([, keys]) => keys).concat('name'));

/** Splits traits into contact columns and free traits; type problems are collected into issues. */
export function readContactTraits(traits: JsonObject, path: string, issues: FieldIssue[]): ContactPatch {
  const r = new FieldReader(traits, path, issues);
  const columns: ContactPatch['columns'] = {};
  for (const [column, keys] of COLUMN_TRAITS) {
    const key = keys.find((k) => r.has(k));
    if (key === undefined) continue;
    const value = r.text(key, { allowNumber: column === 'phone', max: 1000 });
    if (value === null && traits[key] !== null) continue; // wrong type: already an issue
    columns[column] = value === null ? null : value.trim() || null;
  }
  const role = columns.buying_role;
  if (role != null && !(BUYING_ROLES as readonly string[]).includes(role)) {
    r.fail(r.has('buying_role') ? 'buying_role' : 'buyingRole', `must be one of ${BUYING_ROLES.join(', ')}`);
    delete columns.buying_role;
  }
  // Segment's `name` trait: the full name. It fills first and last name when those are not sent.
  const name = r.text('name', { max: 1000 })?.trim();
  if (name && columns.first_name === undefined && columns.last_name === undefined) {
    const space = name.indexOf(' ');
    columns.first_name = space < 0 ? name : name.slice(0, space);
    columns.last_name = space < 0 ? null : name.slice(space + 1).trim() || null;
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
