import type {
  ImportInviteResponse,
  ImportMapping,
  ImportOutcome,
  ImportRowsResponse,
  ImportSummary,
} from '../../shared/api-types';
import { api, query } from '../ui/api';
import { guard } from './staff-api';

const base = '/api/staff/imports';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Staff calls of the import from another system (docs/import.md). */
export const importsApi = {
  get: (id: string, signal?: AbortSignal) => guard(api.get<ImportSummary>(one(id), { signal })),
  upload(customers: File, boats: File | null): Promise<ImportSummary> {
    const form = new FormData();
    form.append('customers', customers, customers.name);
    if (boats) form.append('boats', boats, boats.name);
    return guard(api.postForm<ImportSummary>(base, form));
  },
  map: (id: string, mapping: ImportMapping, save: boolean) =>
    guard(api.put<ImportSummary>(`${one(id)}/mapping`, { mapping, save })),
  rows: (id: string, outcome: ImportOutcome | null, signal?: AbortSignal) =>
    guard(api.get<ImportRowsResponse>(`${one(id)}/rows${query({ outcome, limit: 200 })}`, { signal })),
  confirm: (id: string) => guard(api.post<ImportSummary>(`${one(id)}/confirm`)),
  discard: (id: string) => guard(api.post<ImportSummary>(`${one(id)}/discard`)),
  invite: (id: string) => guard(api.post<ImportInviteResponse>(`${one(id)}/invite`)),
};

export const importReportHref = (id: string) => `${one(id)}/report.csv`;
