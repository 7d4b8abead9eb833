import type {
  BoatResponse,
  BoatStatusResponse,
  CreateBoatRequest,
  SetBoatStatusRequest,
  UpdateBoatRequest,
} from '../../shared/api-types';
import { api } from '../ui/api';
import { guard } from './staff-api';

/** A customer's boats as staff keep them (src/modules/boats/boats.routes.ts). */
export const boatsApi = {
  get: (id: string, signal?: AbortSignal) =>
    guard(api.get<BoatResponse>(`/api/staff/boats/${id}`, { signal })),
  create: (customerId: string, body: CreateBoatRequest) =>
    guard(api.post<BoatResponse>(`/api/staff/customers/${customerId}/boats`, body)),
  update: (id: string, body: UpdateBoatRequest) =>
    guard(api.patch<BoatResponse>(`/api/staff/boats/${id}`, body)),
  transfer: (id: string, customerId: string) =>
    guard(api.post<BoatResponse>(`/api/staff/boats/${id}/transfer`, { customerId })),
  archive: (id: string) => guard(api.post<BoatResponse>(`/api/staff/boats/${id}/archive`)),
  restore: (id: string) => guard(api.post<BoatResponse>(`/api/staff/boats/${id}/restore`)),
  /** The live yard status and its timeline, newest first (docs/boat-status.md). */
  status: (id: string, signal?: AbortSignal) =>
    guard(api.get<BoatStatusResponse>(`/api/staff/boats/${id}/status`, { signal })),
  setStatus: (id: string, body: SetBoatStatusRequest) =>
    guard(api.post<BoatStatusResponse>(`/api/staff/boats/${id}/status`, body)),
};
