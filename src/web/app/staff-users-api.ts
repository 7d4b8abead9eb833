import type {
  InviteStaffRequest,
  StaffLinkLookup,
  StaffMe,
  StaffRoleName,
  StaffUserList,
} from '../../shared/api-types';
import { api } from '../ui/api';
import { guard } from './staff-api';

const base = '/api/staff/users';
const member = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** The owner's staff users (src/modules/yards/staff-users.routes.ts). */
export const staffUsersApi = {
  list: (signal?: AbortSignal) => guard(api.get<StaffUserList>(base, { signal })),
  invite: (body: InviteStaffRequest) => guard(api.post<StaffUserList>(base, body)),
  setRole: (id: string, role: StaffRoleName) => guard(api.patch<StaffUserList>(member(id), { role })),
  act: (id: string, action: 'deactivate' | 'reactivate' | 'resend-invite') =>
    guard(api.post<StaffUserList>(`${member(id)}/${action}`, {})),
};

export const staffUsersQuery = {
  queryKey: ['staff', 'users'],
  queryFn: ({ signal }: { signal: AbortSignal }) => staffUsersApi.list(signal),
};

/** A staff member's link from their email (src/modules/yards/staff-links.routes.ts): no session needed. */
export const staffLinkApi = {
  lookup: (token: string, signal?: AbortSignal) =>
    api.get<StaffLinkLookup>(`/api/staff/invite/${encodeURIComponent(token)}`, { signal }),
  accept: (token: string, password: string, confirmPassword: string) =>
    api.post<StaffMe>(`/api/staff/invite/${encodeURIComponent(token)}`, { password, confirmPassword }),
};

export const ROLE_LABELS: Record<StaffRoleName, { label: string; can: string }> = {
  owner: { label: 'Owner', can: 'Everything, including staff users and the yard settings' },
  office: { label: 'Office', can: 'Customers, boats, orders, estimates, invoices, payments and invites' },
  technician: { label: 'Technician', can: 'The orders assigned to them, without money or invites' },
  viewer: { label: 'Viewer', can: 'Looks at everything, changes nothing' },
};
