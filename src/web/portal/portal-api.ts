import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { InviteLookupResponse, PortalMe, YardSummary } from '../../shared/api-types';
import type { ErrorCode } from '../../shared/error-codes';
import { api, resetCsrf } from '../ui/api';

const base = (yard: string) => `/api/portal/${encodeURIComponent(yard)}`;

export const portalApi = {
  yard: (yard: string, signal?: AbortSignal) => api.get<{ yard: YardSummary }>(base(yard), { signal }),

  lookup: (yard: string, token: string, signal?: AbortSignal) =>
    api.post<InviteLookupResponse>(`${base(yard)}/invite/lookup`, { token }, { signal }),

  accept: (yard: string, token: string, password: string, confirmPassword?: string) =>
    api.post<PortalMe>(`${base(yard)}/invite/accept`, { token, password, confirmPassword }),

  requestNew: (yard: string, email: string) =>
    api.post<{ message: string }>(`${base(yard)}/invite/request-new`, { email }),

  /** The answer brings a token for the CSRF secret sign-in replaces (api.ts keeps it). */
  signIn: (yard: string, email: string, password: string, keepSignedIn = false) =>
    api.post<PortalMe>(`${base(yard)}/sign-in`, { email, password, keepSignedIn }),

  async signOut(yard: string): Promise<void> {
    try {
      await api.post<void>(`${base(yard)}/sign-out`);
    } finally {
      resetCsrf();
    }
  },

  me: (yard: string, signal?: AbortSignal) => api.get<PortalMe>(`${base(yard)}/me`, { signal }),
};

/** The portal's cached reads; every key starts with ['portal', yard]. */
export const portalQueries = {
  /**
   * The signed-in customer, the yard and their records: loaded once by the portal's shell
   * and shared by its pages; written or invalidated after every change the customer makes.
   */
  me: (yard: string) =>
    queryOptions({
      queryKey: ['portal', yard, 'me'],
      queryFn: ({ signal }) => portalApi.me(yard, signal),
      staleTime: 60_000,
    }),
  /** The yard's public summary (its name), for pages shown before anyone is signed in. */
  yard: (yard: string) =>
    queryOptions({
      queryKey: ['portal', yard, 'yard'],
      queryFn: ({ signal }) => portalApi.yard(yard, signal).then((res) => res.yard),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

/** A session began (or ended): drop what the last one loaded; keep the yard's public summary. */
export function resetPortalSession(queryClient: QueryClient, yard: string, me?: PortalMe): void {
  queryClient.removeQueries({
    queryKey: ['portal', yard],
    predicate: (q) => q.queryKey[2] !== 'yard',
  });
  if (me) queryClient.setQueryData(portalQueries.me(yard).queryKey, me);
}

/**
 * The session acts for another record now (the switcher, an order's link): everything read
 * was the other record's. The shown pages keep their queries and read them again (removing
 * them would leave the mounted pages on the old record's data); `me` is the new one already.
 */
export async function actForRecord(queryClient: QueryClient, yard: string, me: PortalMe): Promise<void> {
  queryClient.setQueryData(portalQueries.me(yard).queryKey, me);
  await queryClient.resetQueries({
    queryKey: ['portal', yard],
    predicate: (q) => q.queryKey[2] !== 'yard' && q.queryKey[2] !== 'me',
  });
}

/** The invite problems the accept page explains instead of showing an error. */
export const INVITE_PROBLEMS = [
  'INVITE_EXPIRED',
  'INVITE_USED',
  'INVITE_SUPERSEDED',
  'INVITE_UNKNOWN',
] as const satisfies readonly ErrorCode[];
export type InviteProblem = (typeof INVITE_PROBLEMS)[number];

export function isInviteProblem(code: string): code is InviteProblem {
  return (INVITE_PROBLEMS as readonly string[]).includes(code);
}
