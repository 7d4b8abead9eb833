import type { InviteLookupResponse, PortalMe, YardSummary } from '../../shared/api-types';
import { api, resetCsrf } from '../ui/api';

const base = (yard: string) => `/api/portal/${encodeURIComponent(yard)}`;

export const portalApi = {
  yard: (yard: string, signal?: AbortSignal) => api.get<{ yard: YardSummary }>(base(yard), { signal }),

  lookup: (yard: string, token: string, signal?: AbortSignal) =>
    api.post<InviteLookupResponse>(`${base(yard)}/invite/lookup`, { token }, { signal }),

  accept: (yard: string, token: string, password: string, confirmPassword: string) =>
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

export const portalPaths = {
  home: (yard: string) => `/portal/${encodeURIComponent(yard)}`,
  signIn: (yard: string) => `/portal/${encodeURIComponent(yard)}/sign-in`,
};

/** The invite problems the accept page explains instead of showing an error. */
export const INVITE_PROBLEMS = [
  'INVITE_EXPIRED',
  'INVITE_USED',
  'INVITE_SUPERSEDED',
  'INVITE_UNKNOWN',
] as const;
export type InviteProblem = (typeof INVITE_PROBLEMS)[number];

export function isInviteProblem(code: string): code is InviteProblem {
  return (INVITE_PROBLEMS as readonly string[]).includes(code);
}
