import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  ActivityListResponse,
  ActivityUnreadResponse,
  StaffOrdersResponse,
} from '../../shared/api-types';
import { api, query } from '../ui/api';

/** The Orders list's filters, as they stand in the address (?q=&status=a,b&from=&to=&boatId=). */
export interface OrdersFilter {
  q?: string;
  status?: string;
  from?: string;
  to?: string;
  boatId?: string;
  customerId?: string;
}

export const PAGE_SIZE = 50;
/** How often the dashboard asks whether customers did something new. */
export const ACTIVITY_POLL_MS = 30_000;

export const ordersApi = {
  list: (f: OrdersFilter, cursor: string | null, signal?: AbortSignal) =>
    api.get<StaffOrdersResponse>(`/api/staff/orders${query({ ...f, cursor, limit: PAGE_SIZE })}`, { signal }),
  activity: (unread: boolean, cursor: string | null, signal?: AbortSignal) =>
    api.get<ActivityListResponse>(`/api/staff/activity${query({ unread: unread ? 'true' : null, cursor })}`, {
      signal,
    }),
  unread: (signal?: AbortSignal) =>
    api.get<ActivityUnreadResponse>('/api/staff/activity/unread-count', { signal }),
  read: (id: string) =>
    api.post<ActivityUnreadResponse>(`/api/staff/activity/${encodeURIComponent(id)}/read`),
  readAll: () => api.post<ActivityUnreadResponse>('/api/staff/activity/read-all'),
};

/** The list for these filters, page after page by cursor; the previous rows stay while the next load. */
export function useOrdersList(f: OrdersFilter) {
  const res = useInfiniteQuery({
    queryKey: ['staff', 'orders', 'list', f],
    queryFn: ({ pageParam, signal }) => ordersApi.list(f, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const pages = res.data?.pages ?? [];
  return {
    orders: pages.flatMap((p) => p.orders),
    first: pages[0] ?? null,
    hasMore: !!pages.at(-1)?.nextCursor,
    loading: res.isFetching && !res.isFetchingNextPage,
    loadingMore: res.isFetchingNextPage,
    error: res.error,
    loadMore: () => {
      if (!res.isFetching) void res.fetchNextPage();
    },
  };
}

/** The unread count in the nav, asked again every 30 s while the dashboard is open. */
export function useUnreadActivity() {
  return useQuery({
    queryKey: ['staff', 'activity', 'unread'],
    queryFn: ({ signal }) => ordersApi.unread(signal),
    refetchInterval: ACTIVITY_POLL_MS,
  });
}
