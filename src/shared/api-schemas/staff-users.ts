import { z } from 'zod';
import { emailAddress, singleLine } from './text-fields.js';
import { YardSummary } from './yards.js';

/** A yard named in a staff link or a new yard: no logo or units yet to show. */
const YardName = YardSummary.pick({ id: true, slug: true, name: true });

// New yards and their staff users (src/modules/yards/staff-users.routes.ts,
// staff-links.routes.ts, operator.routes.ts; docs/yards.md).

export const StaffRoleSchema = z.enum(['owner', 'office', 'technician', 'viewer'], {
  error: 'Role must be one of owner, office, technician or viewer',
});

/** The address part of the portal's URL: what the yards.slug CHECK allows. */
export const YardSlug = z
  .string({ error: 'Slug must be text' })
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'Slug must be 2 to 63 lower-case letters, digits or hyphens, starting with a letter or digit, e.g. harbor-point',
  );

const personName = singleLine('Name', 120).min(1, 'Name is required');
const staffEmail = emailAddress('Email', 'Email must be an email address, e.g. name@example.com');

export const CreateYardRequest = z.object({
  name: singleLine('Yard name', 120).min(1, 'Yard name is required'),
  slug: YardSlug,
  ownerEmail: emailAddress('Owner email', 'Owner email must be an email address, e.g. owner@example.com'),
  ownerName: singleLine('Owner name', 120).optional(),
});

export const CreateYardResponse = z.object({
  yard: YardName,
  owner: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  /** The link expires then; it reaches the owner by email only. */
  linkExpiresAt: z.string(),
});

export const StaffStatus = z.enum(['invited', 'active', 'deactivated']);

export const StaffUserView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: StaffRoleSchema,
  status: StaffStatus,
  invitedAt: z.string().nullable(),
  /** Invited: when their newest link stops working. */
  linkExpiresAt: z.string().nullable(),
  /** The last request of a session still open; null once signed out. */
  lastSeenAt: z.string().nullable(),
  isYou: z.boolean(),
});

export const StaffUserList = z.object({ staff: z.array(StaffUserView) });

export const InviteStaffRequest = z.object({
  name: personName,
  email: staffEmail,
  role: StaffRoleSchema,
});

export const ChangeStaffRoleRequest = z.object({ role: StaffRoleSchema });

export const StaffIdParams = z.object({ id: z.uuid({ error: 'Not a staff member id' }) });

export const StaffLinkParams = z.object({ token: z.string().max(200) });

export const StaffLinkState = z.enum(['valid', 'used', 'expired', 'superseded', 'unknown']);

export const StaffLinkLookup = z.object({
  state: StaffLinkState,
  /** The rest only for a link that still works. */
  yard: YardName.optional(),
  email: z.string().optional(),
  name: z.string().optional(),
  expiresAt: z.string().optional(),
  passwordRules: z.object({ minLength: z.number(), maxLength: z.number(), hint: z.string() }).optional(),
});

export const AcceptStaffLinkRequest = z.object({
  password: z.string().max(4096, 'That password is far too long'),
  confirmPassword: z.string().max(4096),
});
