import type { Queryable } from '../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../db/keyset-cursor.js';
import { beginningWith, containsPattern, keysetPage, keysetSearchPage, prefixPattern, type KeysetSource, type OutsideCluster } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { ACCOUNT_COLUMNS, type Account, type AccountKind } from './account.js';

export const ACCOUNT_SORTS = ['name', '-name', 'created_at', '-created_at', 'updated_at', '-updated_at'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

/**
 * Each sort walks an index: accounts_name (workspace_id, lower(name), id) and, with a
 * country/industry/owner filter, that filter's index ending in (lower(name), id);
 * accounts_created and accounts_updated (0004) for the time sorts.
 */
const KEYS: Record<'name' | 'created_at' | 'updated_at', KeysetOrder['keys']> = {
  name: [
    { sql: 'lower(a.name)', type: 'text' },
    { sql: 'a.id', type: 'bigint' },
  ],
  created_at: [
    { sql: 'a.created_at', type: 'timestamptz' },
    { sql: 'a.id', type: 'bigint' },
  ],
  updated_at: [
    { sql: 'a.updated_at', type: 'timestamptz' },
    { sql: 'a.id', type: 'bigint' },
  ],
};

export function accountOrder(sort: AccountSort): KeysetOrder {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as keyof typeof KEYS;
  return { sort: `accounts:${sort}`, keys: KEYS[field], direction: desc ? 'desc' : 'asc' };
}

export interface ListAccountsInput {
  q?: string | undefined;
  country?: string | undefined;
  industry?: string | undefined;
  owner?: string | undefined;
  kind?: AccountKind | undefined;
  sort?: AccountSort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** One page of a workspace's accounts, filtered, searched and sorted. */
export async function listAccounts(db: Queryable, workspaceId: number, input: ListAccountsInput): Promise<Page<Account>> {
  const order = accountOrder(input.sort ?? 'name');
  const request = { after: input.cursor ? decodeCursor(order, input.cursor) : null, limit: input.limit ?? 50 };
  const source: KeysetSource = {
    from: 'accounts a',
    select: ACCOUNT_COLUMNS,
    id: 'a.id',
    order,
    where: (p: SqlParams) => {
      const conds = [`a.workspace_id = ${p.add(workspaceId)}`];
      if (input.country) conds.push(`a.country = ${p.add(input.country)}`);
      if (input.industry) conds.push(`a.industry = ${p.add(input.industry)}`);
      if (input.owner) conds.push(`a.owner = ${p.add(input.owner)}`);
      if (input.kind) conds.push(`a.kind = ${p.add(input.kind)}`);
      return conds;
    },
  };
  const q = input.q?.trim();
  if (!q) return keysetPage<Account>(db, source, request);
  // search_text is lower(name || domain || external_id), trigram-indexed (accounts_search).
  const pattern = containsPattern(q);
  // In name order, the names that begin with the term lie together (and all match).
  const clustered = beginningWith(order, KEYS.name[0]!.sql, q, q.includes(' ') ? undefined : outsideNameStart(q));
  return keysetSearchPage<Account>(db, source, (p) => `a.search_text LIKE lower(${p.add(pattern)}) ESCAPE '\\'`, request, { clustered });
}

/**
 * The accounts whose search text (lower(name || ' ' || domain || ' ' || external_id)) holds
 * `term`, a term without spaces, but whose name does not begin with it: the term lies within
 * one field, not at the name's start. Inside the name or the domain, or anywhere in the
 * external id: accounts_search_rest; at the start of the domain: accounts_domain_start,
 * index-only (both migration 0021).
 */
function outsideNameStart(term: string): OutsideCluster {
  const like = (p: SqlParams, pattern: string) => `LIKE lower(${p.add(pattern)}) ESCAPE '\\'`;
  return {
    others: (p) => `(substr(lower(a.name), 2) || ' ' || substr(lower(coalesce(a.domain, '')), 2) || ' ' || lower(coalesce(a.external_id, ''))) ${like(p, containsPattern(term))}`,
    byPrefix: [
      (p) => {
        const prefix = like(p, prefixPattern(term));
        return `lower(a.domain) ${prefix} AND NOT lower(a.name) ${prefix}`;
      },
    ],
  };
}
