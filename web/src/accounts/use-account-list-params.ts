import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { ACCOUNT_SORTS, type AccountQuery, type AccountSort } from '../api/accounts';

/** The cursors of the pages before this one, kept in the history entry so "back" restores them. */
interface ListHistoryState {
  cursorStack: (string | null)[];
}

function stackOf(state: unknown): (string | null)[] {
  const stack = (state as ListHistoryState | null)?.cursorStack;
  return Array.isArray(stack) ? stack : [];
}

function sortOf(value: string | null): AccountSort {
  return ACCOUNT_SORTS.find((sort) => sort === value) ?? 'name';
}

function searchOf(query: AccountQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.sort !== 'name') params.set('sort', query.sort);
  for (const name of ['country', 'industry', 'owner', 'kind'] as const) {
    if (query[name]) params.set(name, query[name]);
  }
  if (query.cursor) params.set('cursor', query.cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export type AccountFilterPatch = Partial<Omit<AccountQuery, 'cursor'>>;

/**
 * The list's query lives in the URL (shareable, survives reload and "back"); the paging is
 * keyset: "next" pushes the current cursor on a stack, "previous" pops it. No totals needed.
 */
export function useAccountListParams() {
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const stack = stackOf(location.state);

  const query = useMemo<AccountQuery>(
    () => ({
      q: searchParams.get('q') ?? '',
      sort: sortOf(searchParams.get('sort')),
      country: searchParams.get('country') ?? '',
      industry: searchParams.get('industry') ?? '',
      owner: searchParams.get('owner') ?? '',
      kind: searchParams.get('kind') ?? '',
      cursor: searchParams.get('cursor'),
    }),
    [searchParams],
  );

  const go = useCallback(
    (next: AccountQuery, cursorStack: (string | null)[], replace: boolean) => {
      const state: ListHistoryState = { cursorStack };
      navigate({ pathname: location.pathname, search: searchOf(next) }, { state, replace });
    },
    [navigate, location.pathname],
  );

  /** A changed filter, search or sort starts again from the first page (a cursor belongs to one sort). */
  const setFilters = useCallback(
    (patch: AccountFilterPatch, options: { replace?: boolean } = {}) => go({ ...query, ...patch, cursor: null }, [], options.replace ?? false),
    [go, query],
  );
  const nextPage = useCallback((cursor: string) => go({ ...query, cursor }, [...stack, query.cursor], false), [go, query, stack]);
  const previousPage = useCallback(() => go({ ...query, cursor: stack.at(-1) ?? null }, stack.slice(0, -1), false), [go, query, stack]);

  return {
    query,
    /** 1-based; only counts pages walked in this history entry. */
    page: stack.length + 1,
    hasPrevious: query.cursor !== null,
    setFilters,
    nextPage,
    previousPage,
  };
}
