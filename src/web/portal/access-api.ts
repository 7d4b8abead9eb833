import type {
  AccessGrantsResponse,
  AccessInviteLookupResponse,
  InviteAccessRequest,
  InviteAccessResponse,
  PortalMe,
  PortalRole,
} from '../../shared/api-types';
import { api } from '../ui/api';

const base = (yard: string) => `/api/portal/${encodeURIComponent(yard)}`;

/** Shared access (docs/shared-access.md): people with access, invitations, switching records. */
export const accessApi = {
  list: (yard: string, signal?: AbortSignal) =>
    api.get<AccessGrantsResponse>(`${base(yard)}/access`, { signal }),
  invite: (yard: string, body: InviteAccessRequest) =>
    api.post<InviteAccessResponse>(`${base(yard)}/access`, body),
  revoke: (yard: string, id: string) =>
    api.post<AccessGrantsResponse>(`${base(yard)}/access/${encodeURIComponent(id)}/revoke`),
  switchTo: (yard: string, customerId: string) =>
    api.post<PortalMe>(`${base(yard)}/access/acting`, { customerId }),
  /** Act for the record that holds this order, if the sign-in reaches it (404 otherwise). */
  openOrder: (yard: string, orderId: string) =>
    api.post<PortalMe>(`${base(yard)}/access/acting/orders/${encodeURIComponent(orderId)}`),
  lookup: (yard: string, token: string, signal?: AbortSignal) =>
    api.post<AccessInviteLookupResponse>(`${base(yard)}/access-invite/lookup`, { token }, { signal }),
  accept: (yard: string, body: { token: string; password: string; confirmPassword?: string }) =>
    api.post<PortalMe>(`${base(yard)}/access-invite/accept`, body),
};

/** How a role reads on a page. */
export const ROLE_WORDS: Record<PortalRole, string> = {
  owner: 'Account holder',
  view: 'View only',
  approve: 'View and approve estimates',
  pay: 'View, approve and pay',
};

/** What the signed-in person may do for the record they act for (the server decides; pages follow). */
export const may = {
  approve: (me: PortalMe) => me.access.role !== 'view',
  pay: (me: PortalMe) => me.access.role === 'owner' || me.access.role === 'pay',
  request: (me: PortalMe) => me.access.role !== 'view',
  manage: (me: PortalMe) => me.access.role === 'owner',
};
