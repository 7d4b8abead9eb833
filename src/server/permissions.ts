import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Sessions } from '../modules/auth/sessions.js';
import { AppError } from './errors.js';

/** The staff roles (docs/yards.md, "Roles"). */
export const STAFF_ROLES = ['owner', 'office', 'technician', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What a staff route needs. A technician's `staff:read` and `staff:work` reach only the
 * orders assigned to them and the customers and boats on those; the services narrow that.
 */
export const STAFF_PERMISSIONS = [
  /** Look at customers, boats, orders, estimates, invoices, requests, activity. */
  'staff:read',
  /** Work on an order: its lines, status and notes. */
  'staff:work',
  /** Customers, boats, orders and estimates: create, edit, archive, merge, import. */
  'staff:records',
  /** Invoices, payments and refunds. */
  'staff:money',
  /** Portal invites, bulk invites and the invite email. */
  'staff:invites',
  /** The audit log. */
  'staff:audit',
  /** The yard's settings and its staff users. */
  'staff:owner',
] as const;
export type StaffPermission = (typeof STAFF_PERMISSIONS)[number];

/**
 * Every route says who may call it (`config: { access }`): `public` (no session: sign-in,
 * links from emails, health), `customer` (a portal session of the address's yard, checked
 * by the route), `operator` (the operator's token), or a staff permission, checked before
 * the request's input is read (`checkStaffAccess`).
 */
export type Access = 'public' | 'customer' | 'operator' | StaffPermission;

export const GRANTS: Record<StaffRole, readonly StaffPermission[]> = {
  owner: STAFF_PERMISSIONS,
  office: ['staff:read', 'staff:work', 'staff:records', 'staff:money', 'staff:invites', 'staff:audit'],
  technician: ['staff:read', 'staff:work'],
  viewer: ['staff:read'],
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * `with-page`: the handler reads the staff session together with its page in one
     * statement (sessions.staffWith), which checks the role as `checkStaffAccess` would;
     * the hooks leave the session to it.
     */
    session?: 'with-page';
  }
}

export const isStaffPermission = (a: Access | undefined): a is StaffPermission =>
  (STAFF_PERMISSIONS as readonly string[]).includes(a ?? '');

export const roleMay = (role: StaffRole, permission: StaffPermission) => GRANTS[role].includes(permission);

/** What a refused staff member reads: what the route needs, and whom to ask. */
const FORBIDDEN_MESSAGES: Record<StaffPermission, string> = {
  'staff:read': 'Your role at this yard cannot see this. Ask the owner if you need it.',
  'staff:work': 'Your role at this yard cannot work on orders. Ask the owner if you need it.',
  'staff:records':
    'Your role at this yard cannot create or change customers, boats, orders or estimates. Ask the office or the owner.',
  'staff:money':
    'Your role at this yard cannot handle invoices, payments or refunds. Ask the office or the owner.',
  'staff:invites': 'Your role at this yard cannot send portal invites. Ask the office or the owner.',
  'staff:audit': 'Your role at this yard cannot read the audit log. Ask the office or the owner.',
  'staff:owner': "Only the yard's owner can change this. Ask the owner to make the change.",
};

/**
 * An onRequest hook: a staff route is answered only for a signed-in staff member whose
 * role grants the route's permission (401 signed out, 403 otherwise).
 */
export function checkStaffAccess(sessions: Pick<Sessions, 'staff'>) {
  return async (req: FastifyRequest) => {
    const access = req.routeOptions.config.access;
    if (!isStaffPermission(access) || req.routeOptions.config.session === 'with-page') return;
    requireRole((await sessions.staff(req)).role, access);
  };
}

/** 403 ROLE_FORBIDDEN unless `role` grants the route's `access`. */
export function requireRole(role: StaffRole, access: Access | undefined) {
  if (!isStaffPermission(access)) throw new AppError('INTERNAL', 'A staff route without a staff permission');
  if (!roleMay(role, access)) {
    throw new AppError('ROLE_FORBIDDEN', FORBIDDEN_MESSAGES[access], { role, needs: access });
  }
}

export const ACCESS_VALUES: readonly Access[] = ['public', 'customer', 'operator', ...STAFF_PERMISSIONS];

/**
 * An onRoute hook: every /api route must declare a known `config.access`; one that does not
 * stops the app from being built, with an error naming the route.
 */
export function requireDeclaredAccess(route: RouteOptions) {
  const url = route.url;
  if (!url?.startsWith('/api/')) return;
  const access = (route.config as { access?: unknown } | undefined)?.access;
  if (typeof access === 'string' && (ACCESS_VALUES as readonly string[]).includes(access)) return;
  const methods = ([] as string[]).concat(route.method).join(',');
  throw new Error(
    `Route ${methods} ${url} declares no access: add config: { access: 'public' | 'customer' | 'operator' | 'staff:…' } (docs/yards.md, "Roles").`,
  );
}
