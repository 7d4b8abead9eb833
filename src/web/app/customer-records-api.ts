import type {
  CreateCustomerRequest,
  CreateCustomerResponse,
  CustomerProfileResponse,
  MergeCustomerRequest,
  MergePreviewResponse,
  MergeResponse,
} from '../../shared/api-types';
import { api, query } from '../ui/api';
import { guard } from './staff-api';

const base = '/api/staff/customers';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Creating, archiving, restoring and merging customers (docs/customers.md). */
export const customerRecordsApi = {
  create: (body: CreateCustomerRequest) => guard(api.post<CreateCustomerResponse>(base, body)),
  archive: (id: string) => guard(api.post<CustomerProfileResponse>(`${one(id)}/archive`, {})),
  restore: (id: string) => guard(api.post<CustomerProfileResponse>(`${one(id)}/restore`, {})),
  mergePreview: (keepId: string, mergeId: string, signal?: AbortSignal) =>
    guard(api.get<MergePreviewResponse>(`${one(keepId)}/merge-preview${query({ mergeId })}`, { signal })),
  merge: (keepId: string, body: MergeCustomerRequest) =>
    guard(api.post<MergeResponse>(`${one(keepId)}/merge`, body)),
};
