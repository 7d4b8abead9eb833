import type { PostMessageResponse, ThreadListResponse, ThreadResponse } from '../../shared/api-types';
import { api } from '../ui/api';

const base = (yard: string) => `/api/portal/${encodeURIComponent(yard)}`;

/** Which thread: the general one, or an order's (docs/messages.md). */
export type PortalThread = { orderId: string } | 'general';

const threadPath = (yard: string, t: PortalThread) =>
  t === 'general'
    ? `${base(yard)}/messages/general`
    : `${base(yard)}/orders/${encodeURIComponent(t.orderId)}/messages`;

/** The portal's messages with the yard. */
export const messagesApi = {
  list: (yard: string, signal?: AbortSignal) =>
    api.get<ThreadListResponse>(`${base(yard)}/messages`, { signal }),
  thread: (yard: string, t: PortalThread, signal?: AbortSignal) =>
    api.get<ThreadResponse>(threadPath(yard, t), { signal }),
  send: (yard: string, t: PortalThread, form: FormData) =>
    api.postForm<PostMessageResponse>(threadPath(yard, t), form),
  read: (yard: string, t: PortalThread) => api.post<void>(`${threadPath(yard, t)}/read`),
};

export const messageQueries = {
  list: (yard: string) => ({
    queryKey: ['portal', yard, 'messages'] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) => messagesApi.list(yard, signal),
  }),
};
