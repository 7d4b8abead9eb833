import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { CustomerListFiltersInput } from '../../shared/api-types';
import { useDebounced } from '../ui/use-debounced';
import { staffApi } from './staff-api';

const PAGE_SIZE = 25;
const DEBOUNCE_MS = 150;

/**
 * Searches as the person types: waits ~150 ms after the last keystroke; each query has
 * its own cache entry, so an answer for an older query never replaces the newer one, and
 * the previous rows stay on screen (dimmed) until the new ones arrive. Filters apply at
 * once (a click, not a keystroke).
 */
export function useCustomerSearch(rawQuery: string, filters: CustomerListFiltersInput = {}) {
  const q = useDebounced(rawQuery.trim(), DEBOUNCE_MS);
  const { portal, balance, archived } = filters;
  const search = useInfiniteQuery({
    queryKey: ['staff', 'customers', q, portal ?? null, balance ?? null, archived ?? null],
    queryFn: ({ pageParam, signal }) =>
      staffApi
        .customers({ q, after: pageParam, limit: PAGE_SIZE, portal, balance, archived }, signal)
        .then((res) => ({ ...res, q })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const pages = search.data?.pages ?? [];
  const first = pages[0];
  const last = pages[pages.length - 1];
  return {
    query: q,
    /** The query the rows on screen belong to. */
    shownQuery: last?.q ?? null,
    customers: pages.flatMap((p) => p.customers),
    nextCursor: last?.nextCursor ?? null,
    capped: last?.capped ?? false,
    /** How many the search finds (first page), exact up to 1,000; `totalMore` beyond. */
    total: first?.total ?? null,
    totalMore: first?.totalMore ?? false,
    suggestion: first?.suggestion ?? null,
    loading: search.isFetching && !search.isFetchingNextPage,
    loadingMore: search.isFetchingNextPage,
    error: search.error,
    loadMore: () => {
      if (!search.isFetching) void search.fetchNextPage();
    },
    retry: () => void search.refetch(),
  };
}
