import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerListItem } from '../../shared/api-types';
import { isAbort } from '../ui/api';
import { staffApi } from './staff-api';

const PAGE_SIZE = 25;
const DEBOUNCE_MS = 150;

export interface SearchState {
  /** The query the rows on screen belong to. */
  shownQuery: string | null;
  customers: CustomerListItem[];
  nextCursor: string | null;
  capped: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
}

const initial: SearchState = {
  shownQuery: null,
  customers: [],
  nextCursor: null,
  capped: false,
  loading: true,
  loadingMore: false,
  error: null,
};

/**
 * Searches as the person types: waits ~150 ms after the last keystroke, aborts the request
 * before it, and ignores any answer that is not for the latest query, so results never
 * arrive out of order.
 */
export function useCustomerSearch(rawQuery: string) {
  const q = rawQuery.trim();
  const [state, setState] = useState<SearchState>(initial);
  const controller = useRef<AbortController | null>(null);
  const sequence = useRef(0);
  const first = useRef(true);

  const start = useCallback(() => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    sequence.current += 1;
    return { signal: c.signal, id: sequence.current };
  }, []);

  const search = useCallback(
    (query: string) => {
      const { signal, id } = start();
      setState((s) => ({ ...s, loading: true, loadingMore: false, error: null }));
      staffApi
        .customers({ q: query, limit: PAGE_SIZE }, signal)
        .then((res) => {
          if (id !== sequence.current) return;
          setState({
            shownQuery: query,
            customers: res.customers,
            nextCursor: res.nextCursor,
            capped: res.capped,
            loading: false,
            loadingMore: false,
            error: null,
          });
        })
        .catch((error: unknown) => {
          if (id !== sequence.current || isAbort(error)) return;
          setState((s) => ({ ...s, loading: false, error }));
        });
    },
    [start],
  );

  useEffect(() => {
    const delay = first.current ? 0 : DEBOUNCE_MS;
    first.current = false;
    const timer = window.setTimeout(() => search(q), delay);
    return () => window.clearTimeout(timer);
  }, [q, search]);

  useEffect(() => () => controller.current?.abort(), []);

  const loadMore = useCallback(() => {
    const { shownQuery, nextCursor } = state;
    if (shownQuery === null || !nextCursor || state.loadingMore || state.loading) return;
    const { signal, id } = start();
    setState((s) => ({ ...s, loadingMore: true, error: null }));
    staffApi
      .customers({ q: shownQuery, after: nextCursor, limit: PAGE_SIZE }, signal)
      .then((res) => {
        if (id !== sequence.current) return;
        setState((s) => ({
          ...s,
          customers: [...s.customers, ...res.customers],
          nextCursor: res.nextCursor,
          capped: res.capped,
          loadingMore: false,
        }));
      })
      .catch((error: unknown) => {
        if (id !== sequence.current || isAbort(error)) return;
        setState((s) => ({ ...s, loadingMore: false, error }));
      });
  }, [state, start]);

  const retry = useCallback(() => search(q), [q, search]);

  return { ...state, query: q, loadMore, retry };
}
