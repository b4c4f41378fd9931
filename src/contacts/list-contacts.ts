import type { Queryable } from '../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../db/keyset-cursor.js';
import { beginningWith, containsPattern, keysetPage, keysetSearchPage, type KeysetSource } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { CONTACT_COLUMNS, type BuyingRole, type Contact } from './contact.js';

export const CONTACT_SORTS = ['name', '-name', 'created_at', '-created_at'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/** name walks contacts_sort_name (0004): last name, first name (missing = ''), id; created_at walks contacts_created. */
const KEYS: Record<'name' | 'created_at', KeysetOrder['keys']> = {
  name: [
    { sql: "lower(coalesce(c.last_name, ''))", type: 'text' },
    { sql: "lower(coalesce(c.first_name, ''))", type: 'text' },
    { sql: 'c.id', type: 'bigint' },
  ],
  created_at: [
    { sql: 'c.created_at', type: 'timestamptz' },
    { sql: 'c.id', type: 'bigint' },
  ],
};

export function contactOrder(sort: ContactSort): KeysetOrder {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as keyof typeof KEYS;
  return { sort: `contacts:${sort}`, keys: KEYS[field], direction: desc ? 'desc' : 'asc' };
}

export interface ListContactsInput {
  q?: string | undefined;
  account_id?: number | undefined;
  email?: string | undefined;
  buying_role?: BuyingRole | undefined;
  persona?: string | undefined;
  sort?: ContactSort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** One page of a workspace's contacts, filtered, searched and sorted. */
export async function listContacts(db: Queryable, workspaceId: number, input: ListContactsInput): Promise<Page<Contact>> {
  const order = contactOrder(input.sort ?? 'name');
  const request = { after: input.cursor ? decodeCursor(order, input.cursor) : null, limit: input.limit ?? 50 };
  const source: KeysetSource = {
    from: 'contacts c',
    select: CONTACT_COLUMNS,
    id: 'c.id',
    order,
    where: (p: SqlParams) => {
      const conds = [`c.workspace_id = ${p.add(workspaceId)}`];
      if (input.account_id !== undefined) conds.push(`c.account_id = ${p.add(input.account_id, 'bigint')}`);
      if (input.email) conds.push(`lower(c.email) = lower(${p.add(input.email)})`);
      if (input.buying_role) conds.push(`c.buying_role = ${p.add(input.buying_role)}`);
      if (input.persona) conds.push(`c.persona = ${p.add(input.persona)}`);
      return conds;
    },
  };
  const q = input.q?.trim();
  if (!q) return keysetPage<Contact>(db, source, request);
  // search_text is lower(first_name, last_name, email, external_id), trigram-indexed (contacts_search).
  const pattern = containsPattern(q);
  // In name order, the last names that begin with the term lie together (and all match).
  const clustered = beginningWith(order, KEYS.name[0]!.sql, q);
  return keysetSearchPage<Contact>(db, source, (p) => `c.search_text LIKE lower(${p.add(pattern)}) ESCAPE '\\'`, request, { clustered });
}
