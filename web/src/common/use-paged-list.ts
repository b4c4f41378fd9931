import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from '../api/api-error';
import type { Page } from '../api/page';

export interface PagedList<T> {
  items: T[];
  error: unknown;
  /** The first page is loading. */
  loading: boolean;
  /** A further page is loading. */
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
  retry: () => void;
}

/** A keyset list shown as "first page, then load more": rows accumulate, cursors come from the server. */
export function usePagedList<T>(key: string, loadPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const loadRef = useRef(loadPage);
  loadRef.current = loadPage;

  const fetchPage = useCallback((from: string | null, append: boolean) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setError(null);
    if (append) setLoadingMore(true);
    else setLoading(true);
    loadRef.current(from, current.signal).then(
      (page) => {
        if (current.signal.aborted) return;
        setItems((before) => (append ? [...before, ...page.data] : page.data));
        setCursor(page.next_cursor);
        setLoading(false);
        setLoadingMore(false);
      },
      (failure: unknown) => {
        if (current.signal.aborted || isAbort(failure)) return;
        setError(failure);
        setLoading(false);
        setLoadingMore(false);
      },
    );
  }, []);

  useEffect(() => {
    setItems([]);
    setCursor(null);
    fetchPage(null, false);
    return () => controller.current?.abort();
  }, [key, attempt, fetchPage]);

  const loadMore = useCallback(() => {
    if (cursor) fetchPage(cursor, true);
  }, [cursor, fetchPage]);
  const retry = useCallback(() => {
    if (items.length > 0 && cursor) fetchPage(cursor, true);
    else setAttempt((n) => n + 1);
  }, [items.length, cursor, fetchPage]);

  return { items, error, loading, loadingMore, hasMore: cursor !== null, loadMore, retry };
}
