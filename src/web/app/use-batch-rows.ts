import { useCallback, useEffect, useRef, useState } from 'react';
import type { InviteBatchRowView } from '../../shared/api-types';
import { isAbort } from '../ui/api';
import { bulkInvitesApi, ROWS_PAGE_SIZE, type RowsFilter } from './bulk-invites-api';

/** The API answers at most this many rows at a time. */
const MAX_LIMIT = 500;

interface RowsState {
  rows: InviteBatchRowView[];
  nextOffset: number | null;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
}

const initial: RowsState = { rows: [], nextOffset: null, loading: true, loadingMore: false, error: null };

/**
 * The batch's rows for one filter, a page at a time. A new `refreshKey` fetches the rows
 * already shown again (results change while the batch sends) without losing "Show more" pages.
 */
export function useBatchRows(batchId: string, filter: RowsFilter, refreshKey: string) {
  const [state, setState] = useState<RowsState>(initial);
  const controller = useRef<AbortController | null>(null);
  const shown = useRef(0);
  const filterKey = `${filter.preview ?? ''}|${filter.result ?? ''}`;
  const lastFilter = useRef(filterKey);

  const start = useCallback(() => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    return c.signal;
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey stands for the filter's values
  useEffect(() => {
    const sameFilter = lastFilter.current === filterKey;
    lastFilter.current = filterKey;
    const limit = sameFilter ? Math.min(MAX_LIMIT, Math.max(ROWS_PAGE_SIZE, shown.current)) : ROWS_PAGE_SIZE;
    const signal = start();
    setState((s) => (sameFilter ? { ...s, loading: true } : { ...initial }));
    bulkInvitesApi
      .rows(batchId, filter, 0, limit, signal)
      .then((res) => {
        if (signal.aborted) return;
        shown.current = res.rows.length;
        setState({
          rows: res.rows,
          nextOffset: res.nextOffset,
          loading: false,
          loadingMore: false,
          error: null,
        });
      })
      .catch((error: unknown) => {
        if (signal.aborted || isAbort(error)) return;
        setState((s) => ({ ...s, loading: false, loadingMore: false, error }));
      });
  }, [batchId, filterKey, refreshKey, start]);

  useEffect(() => () => controller.current?.abort(), []);

  const loadMore = useCallback(() => {
    const offset = state.nextOffset;
    if (offset === null || state.loading || state.loadingMore) return;
    const signal = start();
    setState((s) => ({ ...s, loadingMore: true, error: null }));
    bulkInvitesApi
      .rows(batchId, filter, offset, ROWS_PAGE_SIZE, signal)
      .then((res) => {
        if (signal.aborted) return;
        setState((s) => {
          const rows = [...s.rows, ...res.rows];
          shown.current = rows.length;
          return { ...s, rows, nextOffset: res.nextOffset, loadingMore: false };
        });
      })
      .catch((error: unknown) => {
        if (signal.aborted || isAbort(error)) return;
        setState((s) => ({ ...s, loadingMore: false, error }));
      });
  }, [batchId, filter, state.nextOffset, state.loading, state.loadingMore, start]);

  return { ...state, loadMore };
}
