import type {
  BatchPreviewOutcome,
  BatchRowResult,
  InviteBatchListResponse,
  InviteBatchRowsResponse,
  InviteBatchSummary,
  InviteFromSearchRequest,
} from '../../shared/api-types';
import { api, query } from '../ui/api';
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
export const batchHref = (id: string) => `/app/invites/${encodeURIComponent(id)}`;
