import type {
  CreateEstimateRequest,
  StaffEstimateResponse,
  StaffEstimatesResponse,
  UpdateEstimateRequest,
} from '../../shared/api-types';
import { api } from '../ui/api';
import { guard } from './staff-api';

const est = (id: string) => `/api/staff/estimates/${encodeURIComponent(id)}`;

/** Staff's estimates of an order (src/modules/orders/staff-estimates.routes.ts). */
export const estimatesApi = {
  list: (orderId: string, signal?: AbortSignal) =>
    guard(
      api.get<StaffEstimatesResponse>(`/api/staff/orders/${encodeURIComponent(orderId)}/estimates`, {
        signal,
      }),
    ),
  create: (orderId: string, body: CreateEstimateRequest = {}) =>
    guard(
      api.post<StaffEstimateResponse>(`/api/staff/orders/${encodeURIComponent(orderId)}/estimates`, body),
    ),
  update: (id: string, body: UpdateEstimateRequest) => guard(api.patch<StaffEstimateResponse>(est(id), body)),
  refresh: (id: string) => guard(api.post<StaffEstimateResponse>(`${est(id)}/refresh`, {})),
  revise: (id: string) => guard(api.post<StaffEstimateResponse>(`${est(id)}/revise`, {})),
  send: (id: string) => guard(api.post<StaffEstimateResponse>(`${est(id)}/send`, {})),
  pdfUrl: (id: string) => `${est(id)}/pdf`,
};
