import { z } from 'zod';
import { PasswordRules } from './invites.js';
import { emailAddress, singleLine } from './text-fields.js';
import { YardSummary } from './yards.js';

// Shared access: an owner lets a co-owner, captain or manager in (docs/shared-access.md).

export const GrantRole = z.enum(['view', 'approve', 'pay'], {
  message: 'Pick what they may do: view, approve (view and approve estimates) or pay (view, approve and pay)',
});
export const PortalRole = z.enum(['owner', 'view', 'approve', 'pay']);
export const GrantStatus = z.enum(['invited', 'active', 'revoked', 'expired']);

/** One person with access to an owner's records, as the owner and the yard's staff see it. */
export const AccessGrantView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: GrantRole,
  /** null: every boat of the owner. */
  boatId: z.string().nullable(),
  boatName: z.string().nullable(),
  status: GrantStatus,
  invitedAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** When the newest invitation link stops working (invited ones). */
  linkExpiresAt: z.string().nullable(),
});
export const AccessGrantsResponse = z.object({ grants: z.array(AccessGrantView) });

export const InviteAccessRequest = z.object({
  email: emailAddress('Email', 'Enter their email address, e.g. captain@example.com'),
  name: singleLine('Name', 100).min(1, 'Enter their name, e.g. Sam Rivers (captain)'),
  role: GrantRole,
  /** One boat's id, or null for all boats. */
  boatId: z.string().uuid('Pick one of your boats, or all boats').nullable(),
});
export const InviteAccessResponse = z.object({ message: z.string(), grant: AccessGrantView });

/** A record the signed-in person reaches: their own, or one shared with them. */
export const PortalRecord = z.object({
  customerId: z.string(),
  name: z.string(),
  role: PortalRole,
  boatName: z.string().nullable(),
  acting: z.boolean(),
});

/** Who is signed in, for which record, and what they may do (part of GET me). */
export const PortalAccess = z.object({
  /** The signed-in person's own name (their record's, or the name they were invited by). */
  signedInName: z.string(),
  role: PortalRole,
  boatId: z.string().nullable(),
  /** The record holder's name when acting under shared access. */
  ownerName: z.string().nullable(),
  records: z.array(PortalRecord),
});

export const SwitchRecordRequest = z.object({
  customerId: z.string().uuid('Pick one of the accounts you can open'),
});

export const AccessTokenRequest = z.object({
  token: z.string().min(1, 'The invitation link is incomplete').max(200),
});
export const AccessInviteLookupResponse = z.object({
  yard: YardSummary,
  ownerName: z.string(),
  name: z.string(),
  email: z.string(),
  role: GrantRole,
  boatName: z.string().nullable(),
  expiresAt: z.string(),
  /** The address already signs in at this yard: accept with that password. */
  hasAccount: z.boolean(),
  passwordRules: PasswordRules,
});
export const AcceptAccessRequest = AccessTokenRequest.extend({
  password: z.string().max(4096, 'That password is far too long'),
  /** Only for a new sign-in. */
  confirmPassword: z.string().max(4096).optional(),
});
