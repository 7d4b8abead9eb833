import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CatalogJobInput,
  CatalogJobView,
  CatalogListResponse,
  CreateOrderRequest,
  CreateOrderResponse,
  MessageResponse,
  OrderLineInput,
  OrderLinesResponse,
  OrderStatus,
  OrderUpdatesResponse,
  PostOrderUpdateResponse,
  StaffOrderResponse,
  UpdateOrderRequest,
} from '../../shared/api-types';
import { api } from '../ui/api';
import { guard } from './staff-api';

const orderPath = (id: string) => `/api/staff/orders/${encodeURIComponent(id)}`;

/** Staff orders, their lines and status, and the service catalog (docs/api.md). */
export const orderApi = {
  order: (id: string, signal?: AbortSignal) => guard(api.get<StaffOrderResponse>(orderPath(id), { signal })),
  create: (body: CreateOrderRequest) => guard(api.post<CreateOrderResponse>('/api/staff/orders', body)),
  update: (id: string, body: UpdateOrderRequest) => guard(api.patch<StaffOrderResponse>(orderPath(id), body)),
  replaceLines: (id: string, lines: OrderLineInput[]) =>
    guard(api.put<OrderLinesResponse>(`${orderPath(id)}/lines`, { lines })),
  addFromCatalog: (id: string, jobId: string) =>
    guard(api.post<OrderLinesResponse>(`${orderPath(id)}/lines/from-catalog`, { jobId })),
  setStatus: (id: string, to: OrderStatus, note?: string) =>
    guard(api.post<StaffOrderResponse>(`${orderPath(id)}/status`, note ? { to, note } : { to })),
  /** Job updates (docs/job-updates.md): a multipart form with `body` and up to six `photos`. */
  updates: (id: string, signal?: AbortSignal) =>
    guard(api.get<OrderUpdatesResponse>(`${orderPath(id)}/updates`, { signal })),
  postUpdate: (id: string, form: FormData) =>
    guard(api.postForm<PostOrderUpdateResponse>(`${orderPath(id)}/updates`, form)),

  catalog: (archived: boolean, signal?: AbortSignal) =>
    guard(api.get<CatalogListResponse>(`/api/staff/catalog${archived ? '?archived=true' : ''}`, { signal })),
  createJob: (body: CatalogJobInput) => guard(api.post<CatalogJobView>('/api/staff/catalog', body)),
  updateJob: (id: string, body: Partial<CatalogJobInput>) =>
    guard(api.patch<CatalogJobView>(`/api/staff/catalog/${encodeURIComponent(id)}`, body)),
  archiveJob: (id: string) =>
    guard(api.delete<MessageResponse>(`/api/staff/catalog/${encodeURIComponent(id)}`)),
};

/**
 * The order page's reads. Every key starts ['staff-order', orderId], and every change made
 * on the page invalidates that prefix, so the estimates and invoices cards refresh with it.
 */
export const orderQueries = {
  order: (id: string) =>
    queryOptions({
      queryKey: ['staff-order', id, 'detail'],
      queryFn: ({ signal }) => orderApi.order(id, signal),
    }) /** Job updates (docs/job-updates.md): a multipart form with `body` and up to six `photos`. */,
  updates: (id: string, signal?: AbortSignal) =>
    guard(api.get<OrderUpdatesResponse>(`${orderPath(id)}/updates`, { signal })),
  postUpdate: (id: string, form: FormData) =>
    guard(api.postForm<PostOrderUpdateResponse>(`${orderPath(id)}/updates`, form)),

  catalog: (archived = false) =>
    queryOptions({
      queryKey: ['staff', 'catalog', archived],
      queryFn: ({ signal }) => orderApi.catalog(archived, signal),
    }),
};

/** A change to an order: on success everything under ['staff-order', orderId] is read again. */
export function useOrderMutation<A, R>(orderId: string, fn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['staff-order', orderId] }),
  });
}
