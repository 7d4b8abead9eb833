import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditListResponse } from '../../shared/api-types';
import { api, query } from '../ui/api';

/** The filters of the audit log; empty strings mean "any". */
export interface AuditFilter {
  entity?: string;
  action?: string;
  staffId?: string;
  customerId?: string;
  orderId?: string;
  from?: string;
  to?: string;
}

const params = (f: AuditFilter) =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v ? v : null])) as Record<string, string | null>;

export const auditApi = {
  list: (f: AuditFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<AuditListResponse>(`/api/staff/audit${query({ ...params(f), cursor, limit })}`, { signal }),
  /** The CSV of these filters, as a link the browser downloads. */
  csvUrl: (f: AuditFilter) => `/api/staff/audit.csv${query(params(f))}`,
};

/** The audit rows of these filters, newest first, page after page. */
export function useAuditLog(f: AuditFilter, limit = 50) {
  return useInfiniteQuery({
    queryKey: ['staff', 'audit', f, limit],
    queryFn: ({ pageParam, signal }) => auditApi.list(f, pageParam, limit, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** Roles that read the audit log (the server's `staff:audit`). */
export const canReadAudit = (role: string) => role === 'owner' || role === 'office';
