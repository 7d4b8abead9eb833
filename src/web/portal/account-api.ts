import type {
  EmailChangeLookupResponse,
  NotificationPreferences,
  PasswordResetLookupResponse,
  PortalMe,
  ServiceRequestResponse,
  UpdateContactRequest,
  UpdateNotificationPreferences,
} from '../../shared/api-types';
import { api, resetCsrf } from '../ui/api';

const base = (yard: string) => `/api/portal/${encodeURIComponent(yard)}`;
type Message = { message: string };

/** Forgot password, the account page, email confirmation and service requests. */
export const accountApi = {
  forgot: (yard: string, email: string) => api.post<Message>(`${base(yard)}/password/forgot`, { email }),

  lookupReset: (yard: string, token: string, signal?: AbortSignal) =>
    api.post<PasswordResetLookupResponse>(`${base(yard)}/password/reset/lookup`, { token }, { signal }),

  reset: (
    yard: string,
    body: { token: string; password: string; confirmPassword: string; endSessions: boolean },
  ) => api.post<Message>(`${base(yard)}/password/reset`, body),

  updateContact: (yard: string, patch: UpdateContactRequest) =>
    api.patch<PortalMe>(`${base(yard)}/me`, patch),

  updateNotifications: (yard: string, change: UpdateNotificationPreferences) =>
    api.patch<NotificationPreferences>(`${base(yard)}/me/notifications`, change),

  changeEmail: (yard: string, newEmail: string, currentPassword: string) =>
    api.post<Message>(`${base(yard)}/me/email`, { newEmail, currentPassword }),

  changePassword: (
    yard: string,
    body: { currentPassword: string; password: string; confirmPassword: string },
  ) => api.post<Message>(`${base(yard)}/me/password`, body),

  async signOutEverywhere(yard: string): Promise<void> {
    try {
      await api.post<void>(`${base(yard)}/me/sign-out-everywhere`);
    } finally {
      resetCsrf();
    }
  },

  lookupEmailChange: (yard: string, token: string, signal?: AbortSignal) =>
    api.post<EmailChangeLookupResponse>(`${base(yard)}/email-change/lookup`, { token }, { signal }),

  confirmEmailChange: (yard: string, token: string) =>
    api.post<Message>(`${base(yard)}/email-change/confirm`, { token }),

  requestService: (yard: string, form: FormData) =>
    api.postForm<ServiceRequestResponse>(`${base(yard)}/service-requests`, form),
};
