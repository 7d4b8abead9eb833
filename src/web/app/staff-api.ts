import { queryOptions } from '@tanstack/react-query';
import type {
  CustomerListFiltersInput,
  CustomerListResponse,
  CustomerProfileResponse,
  SendInviteResponse,
  StaffMe,
  UpdateCustomerRequest,
} from '../../shared/api-types';
import { appRouter } from '../app-router';
import { ApiError, api, query, resetCsrf } from '../ui/api';

export const SIGN_IN_PATH = '/app/sign-in';

/** On 401 from any /api/staff call the person goes to the sign-in page, then comes back here. */
export function guard<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) {
      const here = window.location.pathname + window.location.search;
      if (!here.startsWith(SIGN_IN_PATH)) {
        void appRouter.navigate({ to: '/app/sign-in', search: { next: here }, replace: true });
      }
    }
    throw error;
  });
}

const base = '/api/staff';

export const staffApi = {
  me: (signal?: AbortSignal) => guard(api.get<StaffMe>(`${base}/me`, { signal })),

  /** The answer brings a token for the CSRF secret sign-in replaces (api.ts keeps it). */
  signIn: (email: string, password: string) => api.post<StaffMe>(`${base}/sign-in`, { email, password }),

  async signOut(): Promise<void> {
    try {
      await api.post<void>(`${base}/sign-out`);
    } finally {
      resetCsrf();
    }
  },

  customers: (
    params: { q?: string; after?: string | null; limit?: number } & CustomerListFiltersInput,
    signal?: AbortSignal,
  ) =>
    guard(
      api.get<CustomerListResponse>(
        `${base}/customers${query({ q: params.q, after: params.after, limit: params.limit, portal: params.portal, balance: params.balance, archived: params.archived })}`,
        { signal },
      ),
    ),

  customer: (id: string, signal?: AbortSignal) =>
    guard(api.get<CustomerProfileResponse>(`${base}/customers/${encodeURIComponent(id)}`, { signal })),

  updateCustomer: (id: string, body: UpdateCustomerRequest) =>
    guard(api.patch<CustomerProfileResponse>(`${base}/customers/${encodeURIComponent(id)}`, body)),

  invite: (id: string) =>
    guard(api.post<SendInviteResponse>(`${base}/customers/${encodeURIComponent(id)}/invites`, {})),
};

/** The dashboard's cached reads; every key starts with 'staff', so signing out drops them all. */
export const staffQueries = {
  /** Who is signed in and the yard: loaded once by the shell, shared by every page. */
  me: () =>
    queryOptions({
      queryKey: ['staff', 'me'],
      queryFn: ({ signal }) => staffApi.me(signal),
      staleTime: 5 * 60_000,
    }),
  customer: (id: string) =>
    queryOptions({
      queryKey: ['staff', 'customer', id],
      queryFn: ({ signal }) => staffApi.customer(id, signal),
    }),
  /** Whether the built-in mailbox exists (only with the built-in mail catcher). */
  mailbox: () =>
    queryOptions({
      queryKey: ['staff', 'mailbox-available'],
      queryFn: ({ signal }) =>
        api.get('/api/mailbox', { signal }).then(
          () => true,
          () => false,
        ),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

/** Only paths inside the dashboard are valid places to return to after signing in. */
export function safeNext(next: string | null | undefined): string {
  if (next?.startsWith('/app/') && !next.startsWith('//') && !next.startsWith(SIGN_IN_PATH)) return next;
  return '/app/customers';
}
