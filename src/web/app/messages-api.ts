import { useQuery } from '@tanstack/react-query';
import type {
  PostMessageResponse,
  ThreadListResponse,
  ThreadResponse,
  UnreadCountResponse,
} from '../../shared/api-types';
import { api, query } from '../ui/api';
import { ACTIVITY_POLL_MS } from './orders-api';

/** Which thread: an order's, or a customer's general one (docs/messages.md). */
export type StaffThread = { orderId: string } | { customerId: string };

const threadPath = (t: StaffThread) =>
  'orderId' in t
    ? `/api/staff/orders/${encodeURIComponent(t.orderId)}/messages`
    : `/api/staff/customers/${encodeURIComponent(t.customerId)}/messages`;

/** The staff inbox and threads. */
export const staffMessagesApi = {
  inbox: (f: { unread?: boolean; customerId?: string }, signal?: AbortSignal) =>
    api.get<ThreadListResponse>(
      `/api/staff/messages${query({ unread: f.unread ? 'true' : undefined, customerId: f.customerId })}`,
      { signal },
    ),
  unread: (signal?: AbortSignal) => api.get<UnreadCountResponse>('/api/staff/messages/unread', { signal }),
  thread: (t: StaffThread, signal?: AbortSignal) => api.get<ThreadResponse>(threadPath(t), { signal }),
  send: (t: StaffThread, form: FormData) => api.postForm<PostMessageResponse>(threadPath(t), form),
  read: (t: StaffThread) => api.post<void>(`${threadPath(t)}/read`),
};

/** Threads with unread messages from customers, for the navigation; polled like the activity count. */
export function useUnreadMessages() {
  return useQuery({
    queryKey: ['staff', 'messages', 'unread'],
    queryFn: ({ signal }) => staffMessagesApi.unread(signal),
    refetchInterval: ACTIVITY_POLL_MS,
  });
}
