import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { linkOptions } from '@tanstack/react-router';
import type {
  BatchPreviewOutcome,
  BatchRowResult,
  InviteBatchListResponse,
  InviteBatchRowsResponse,
  InviteBatchSummary,
  InviteFromSearchRequest,
} from '../../shared/api-types';
import { api, query } from '../ui/api';
import { isLive } from './bulk-invite-words';
import { guard } from './staff-api';

const base = '/api/staff/invite-batches';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const ROWS_PAGE_SIZE = 100;

export interface RowsFilter {
  preview?: BatchPreviewOutcome | null;
  result?: BatchRowResult | null;
}

/** Staff calls of bulk portal invites; downloads are plain links (see the *Href helpers). */
export const bulkInvitesApi = {
  list: (signal?: AbortSignal) => guard(api.get<InviteBatchListResponse>(base, { signal })),

  get: (id: string, signal?: AbortSignal) => guard(api.get<InviteBatchSummary>(one(id), { signal })),

  rows: (id: string, filter: RowsFilter, offset: number, limit: number, signal?: AbortSignal) =>
    guard(
      api.get<InviteBatchRowsResponse>(
        `${one(id)}/rows${query({ preview: filter.preview, result: filter.result, offset, limit })}`,
        { signal },
      ),
    ),

  upload(file: File): Promise<InviteBatchSummary> {
    const form = new FormData();
    form.append('file', file, file.name);
    return guard(api.postForm<InviteBatchSummary>(base, form));
  },

  fromSearch: (q: string) =>
    guard(api.post<InviteBatchSummary>(`${base}/from-search`, { q } satisfies InviteFromSearchRequest)),

  confirm: (id: string) => guard(api.post<InviteBatchSummary>(`${one(id)}/confirm`)),

  cancel: (id: string) => guard(api.post<InviteBatchSummary>(`${one(id)}/cancel`)),
};

export const templateHref = (format: 'csv' | 'xlsx') => `${base}/template.${format}`;
export const reportHref = (id: string, format: 'csv' | 'xlsx') => `${one(id)}/report.${format}`;
export const batchLink = (id: string) => linkOptions({ to: '/app/invites/$id', params: { id } });

/** While a batch sends (or stops), its summary is fetched again this often. */
const BATCH_POLL_MS = 1_000;
/** After failed polls, wait longer each time (up to 10 s) so an outage is not hammered. */
const MAX_BACKOFF_MS = 10_000;
/** While a batch sends, the recent-batches list and the rows on screen refresh this often. */
const LIST_POLL_MS = 5_000;

/**
 * How long until the next poll of a batch: every second while it sends; after a failed
 * poll, as long as it has been since the last good answer (so the wait doubles), at most
 * 10 s; never once it has finished.
 */
export function batchPollInterval(state: {
  data: InviteBatchSummary | undefined;
  dataUpdatedAt: number;
  errorUpdatedAt: number;
}): number | false {
  if (!state.data || !isLive(state.data.status)) return false;
  if (state.errorUpdatedAt <= state.dataUpdatedAt) return BATCH_POLL_MS;
  return Math.min(Math.max(Date.now() - state.dataUpdatedAt, BATCH_POLL_MS), MAX_BACKOFF_MS);
}

export const bulkInviteQueries = {
  list: () =>
    queryOptions({
      queryKey: ['staff', 'invite-batches'],
      queryFn: ({ signal }) => bulkInvitesApi.list(signal),
      refetchInterval: (q) => (q.state.data?.batches.some((b) => isLive(b.status)) ? LIST_POLL_MS : false),
    }),
  batch: (id: string) =>
    queryOptions({
      queryKey: ['staff', 'invite-batches', id],
      queryFn: ({ signal }) => bulkInvitesApi.get(id, signal),
      refetchInterval: (q) => batchPollInterval(q.state),
    }),
  /** The rows of one filter, a page at a time; a refetch fetches every page shown again. */
  rows: (id: string, filter: RowsFilter, live: boolean) =>
    infiniteQueryOptions({
      queryKey: ['staff', 'invite-batches', id, 'rows', filter.preview ?? null, filter.result ?? null],
      queryFn: ({ pageParam, signal }) => bulkInvitesApi.rows(id, filter, pageParam, ROWS_PAGE_SIZE, signal),
      initialPageParam: 0,
      getNextPageParam: (last) => last.nextOffset ?? undefined,
      refetchInterval: live ? LIST_POLL_MS : false,
    }),
};
