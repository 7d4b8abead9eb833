import { AppError } from '../../server/errors.js';

/** What a grant lets its holder do (docs/shared-access.md). */
export const GRANT_ROLES = ['view', 'approve', 'pay'] as const;
export type GrantRole = (typeof GRANT_ROLES)[number];

/** `owner`: the account acts for its own record; otherwise the grant's role. */
export type PortalRole = 'owner' | GrantRole;

/**
 * What a portal route may need beyond seeing: `request` service, `approve` (accept or
 * decline estimates), `pay` invoices, `manage` the record itself (contact details, its email,
 * notification preferences, who has access).
 */
export type PortalAbility = 'request' | 'approve' | 'pay' | 'manage';

const ALLOWS: Record<PortalRole, readonly PortalAbility[]> = {
  owner: ['request', 'approve', 'pay', 'manage'],
  pay: ['request', 'approve', 'pay'],
  approve: ['request', 'approve'],
  view: [],
};

export const portalRoleMay = (role: PortalRole, ability: PortalAbility) => ALLOWS[role].includes(ability);

/** How the portal names a role to a person. */
export const ROLE_LABELS: Record<GrantRole, string> = {
  view: 'View only',
  approve: 'View and approve estimates',
  pay: 'View, approve and pay',
};

const REFUSALS: Record<PortalAbility, string> = {
  request: 'Your access to this account is view only, so you cannot request service.',
  approve: 'Your access to this account is view only, so you cannot approve or decline estimates.',
  pay: 'Your access to this account does not include paying invoices.',
  manage: 'Only the account holder can change this.',
};

/** The principal fields the check reads (src/modules/auth/sessions.ts, CustomerPrincipal). */
export interface ActingAs {
  role: PortalRole;
  ownerName?: string | null;
}

/**
 * The one check of what a signed-in portal user may do for the record they act for: owners
 * may do everything, a grant what its role allows; anything else is 403 ACCESS_ROLE_FORBIDDEN
 * with a message saying what is missing and whom to ask. Call it on every portal route that
 * changes something, after the session is read and before the input is acted on.
 */
export function requirePortalAbility(me: ActingAs, ability: PortalAbility): void {
  if (portalRoleMay(me.role, ability)) return;
  const ask = me.ownerName ? ` Ask ${me.ownerName} to change your access if you need it.` : '';
  throw new AppError('ACCESS_ROLE_FORBIDDEN', `${REFUSALS[ability]}${ask}`, {
    role: me.role,
    needs: ability,
  });
}
