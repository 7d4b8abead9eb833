import { z } from 'zod';
import { multiLine, singleLine } from './text-fields.js';
import { YardSummary } from './yards.js';

/**
 * The Invite to Portal button. `invite`: active. `wait`: inactive until `nextInviteAt`
 * (an invite was sent and not accepted, or is on its way). `in_portal`: replaced by
 * IN PORTAL. `no_email`: inactive, `reason` says why.
 */
export const InviteButton = z.enum(['invite', 'wait', 'in_portal', 'no_email']);
export const InviteStatus = z.enum(['queued', 'sent', 'failed', 'accepted', 'superseded', 'revoked']);

export const PortalState = z.object({
  button: InviteButton,
  email: z.string().nullable(),
  nextInviteAt: z.string().nullable(),
  reason: z.string().nullable(),
  lastInvite: z
    .object({
      status: InviteStatus,
      createdAt: z.string(),
      sentAt: z.string().nullable(),
      expiresAt: z.string().nullable(),
      failureReason: z.string().nullable(),
    })
    .nullable(),
  account: z.object({ activatedAt: z.string(), loginEmail: z.string() }).nullable(),
});

export const SendInviteResponse = z.object({ portal: PortalState });

export const PasswordRules = z.object({ minLength: z.number(), maxLength: z.number(), hint: z.string() });

export const InviteLookupResponse = z.object({
  yard: YardSummary,
  firstName: z.string(),
  email: z.string(),
  expiresAt: z.string(),
  /**
   * The address already signs in at this yard as someone a customer shared access with:
   * accepting takes that sign-in's password and adds this record to it.
   */
  hasAccount: z.boolean(),
  passwordRules: PasswordRules,
});

// The yard's invite email template.

// Control characters and a cap against huge payloads here; the template's own checks
// (invite-template.ts) say what else is wrong and how to fix it, for every field at once.
const CAP = 20_000;
export const InviteTemplateInput = z.object({
  subject: singleLine('The subject', CAP),
  greeting: singleLine('The greeting', CAP),
  body: multiLine('The body', CAP),
});
export const InviteTemplatePreviewRequest = InviteTemplateInput.extend({
  /** The customer to render for; the first customer with an email when absent. */
  customerId: z.string().uuid('Customer ids are UUIDs; pick the customer from the list').optional(),
});

const InviteTemplateFields = z.object({ subject: z.string(), greeting: z.string(), body: z.string() });
export const InviteTemplateView = InviteTemplateFields.extend({
  /** True when the yard uses the default wording (never saved, or reset). */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  defaults: InviteTemplateFields,
  placeholders: z.array(z.object({ name: z.string(), description: z.string() })),
});

export const InviteTemplatePreviewResponse = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  customer: z.object({ id: z.string(), name: z.string() }).nullable(),
});
