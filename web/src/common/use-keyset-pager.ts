import { useCallback, useState } from 'react';
import type { Page } from '../api/page';
import { useResource } from './use-resource';

export interface KeysetPager<T> {
  items: T[];
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  loading: boolean;
  error: unknown;
  next: () => void;
  previous: () => void;
  reload: () => void;
}

/** Previous/next over a keyset list, the cursors of earlier pages kept in a stack (in memory, not in the URL). */
export function useKeysetPager<T>(key: string, load: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>): KeysetPager<T> {
  const [state, setState] = useState<{ key: string; stack: (string | null)[]; cursor: string | null }>({ key, stack: [], cursor: null });
  // Another list (or a reload after a change) starts again from its first page.
  const current = state.key === key ? state : { key, stack: [], cursor: null };
  if (current !== state) setState(current);
  const page = useResource(`${key}|${current.cursor ?? ''}`, (signal) => load(current.cursor, signal));
  const nextCursor = page.data?.next_cursor ?? null;
  const next = useCallback(() => {
    if (nextCursor) setState((s) => ({ ...s, stack: [...s.stack, s.cursor], cursor: nextCursor }));
  }, [nextCursor]);
  const previous = useCallback(() => setState((s) => (s.stack.length === 0 ? s : { ...s, stack: s.stack.slice(0, -1), cursor: s.stack.at(-1) ?? null })), []);
  return {
    items: page.data?.data ?? [],
    page: current.stack.length + 1,
    hasPrevious: current.stack.length > 0,
    hasNext: nextCursor !== null,
    loading: page.loading,
    error: page.error,
    next,
    previous,
    reload: page.reload,
  };
}
