import { z } from 'zod';
import type * as Api from '../shared/api-types.js';

/**
 * Response schemas: they document the API (OpenAPI) and, as Fastify serializers, let no
 * field out that is not listed here. Each is checked against the shared TypeScript type,
 * so the two cannot drift apart.
 */
const iso = z.string();
const nullableIso = iso.nullable();

export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const YardSummary = z.object({ id: z.string(), slug: z.string(), name: z.string() });

export const StaffMe = z.object({
  staff: z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() }),
  yard: YardSummary,
});

const PortalStatus = z.enum(['none', 'invited', 'in_portal']);
export const CustomerListResponse = z.object({
  customers: z.array(
    z.object({
      id: z.string(),
      customerNumber: z.number(),
      firstName: z.string(),
      lastName: z.string(),
      company: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      portalStatus: PortalStatus,
    }),
  ),
  nextCursor: z.string().nullable(),
  capped: z.boolean(),
});

const InviteStatus = z.enum(['queued', 'sent', 'failed', 'accepted', 'superseded', 'revoked']);
export const PortalState = z.object({
  button: z.enum(['invite', 'wait', 'in_portal', 'no_email']),
  email: z.string().nullable(),
  nextInviteAt: nullableIso,
  reason: z.string().nullable(),
  lastInvite: z
    .object({
      status: InviteStatus,
      createdAt: iso,
      sentAt: nullableIso,
      expiresAt: nullableIso,
      failureReason: z.string().nullable(),
    })
    .nullable(),
  account: z.object({ activatedAt: iso, loginEmail: z.string() }).nullable(),
});

const LineItem = z.object({
  kind: z.enum(['labor', 'part', 'fee', 'discount']),
  description: z.string(),
  quantity: z.string(),
  unitPriceCents: z.number(),
  totalCents: z.number(),
});

const OrderStatus = z.enum([
  'requested',
  'open_estimate',
  'estimate_sent',
  'awaiting_acceptance',
  'in_progress',
  'deposit_requested',
  'partial_payment',
  'invoiced',
  'paid',
  'completed',
  'cancelled',
]);

const AccountData = z.object({
  customer: z.object({
    id: z.string(),
    customerNumber: z.number(),
    firstName: z.string(),
    lastName: z.string(),
    company: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    street: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    postalCode: z.string().nullable(),
  }),
  boats: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      make: z.string().nullable(),
      model: z.string().nullable(),
      year: z.number().nullable(),
      lengthFt: z.string().nullable(),
      hullId: z.string().nullable(),
      slip: z.string().nullable(),
    }),
  ),
  orders: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      title: z.string(),
      status: OrderStatus,
      boatName: z.string().nullable(),
      openedAt: iso,
      scheduledFor: z.string().nullable(),
      completedAt: nullableIso,
      totalCents: z.number(),
    }),
  ),
  estimates: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      orderNumber: z.number(),
      status: z.enum(['draft', 'sent', 'accepted', 'declined', 'expired']),
      subtotalCents: z.number(),
      taxCents: z.number(),
      totalCents: z.number(),
      sentAt: nullableIso,
      validUntil: z.string().nullable(),
      lineItems: z.array(LineItem),
    }),
  ),
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      orderNumber: z.number(),
      status: z.enum(['draft', 'open', 'partial', 'paid', 'void']),
      subtotalCents: z.number(),
      taxCents: z.number(),
      totalCents: z.number(),
      paidCents: z.number(),
      balanceCents: z.number(),
      depositCents: z.number().nullable(),
      issuedAt: nullableIso,
      dueOn: z.string().nullable(),
      lineItems: z.array(LineItem),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.string(),
      invoiceNumber: z.number(),
      amountCents: z.number(),
      method: z.string(),
      receivedAt: iso,
    }),
  ),
});

const TimelineKind = z.enum([
  'invite_queued',
  'invite_sent',
  'invite_failed',
  'invite_retrying',
  'link_opened',
  'invite_accepted',
  'new_invite_requested',
  'email_changed',
  'signed_in',
  'contact_updated',
  'customer_email_changed',
  'password_reset',
  'password_changed',
  'service_requested',
  'estimate_accepted',
  'estimate_declined',
  'payment_received',
]);

export const CustomerProfileResponse = AccountData.extend({
  portal: PortalState,
  timeline: z.array(
    z.object({
      id: z.string(),
      kind: TimelineKind,
      at: iso,
      actorName: z.string().nullable(),
      summary: z.string(),
    }),
  ),
});

export const SendInviteResponse = z.object({ portal: PortalState });
export const PortalMe = AccountData.extend({ yard: YardSummary });
export const PortalYardResponse = z.object({ yard: YardSummary });
export const InviteLookupResponse = z.object({
  yard: YardSummary,
  firstName: z.string(),
  email: z.string(),
  expiresAt: iso,
  passwordRules: z.object({ minLength: z.number(), maxLength: z.number(), hint: z.string() }),
});
export const MessageResponse = z.object({ message: z.string() });

const MailboxSummary = z.object({
  id: z.string(),
  receivedAt: iso,
  from: z.string().nullable(),
  to: z.string(),
  subject: z.string().nullable(),
});
export const MailboxListResponse = z.object({ messages: z.array(MailboxSummary) });
export const MailboxMessageResponse = MailboxSummary.extend({
  text: z.string().nullable(),
  html: z.string().nullable(),
});

// Compile-time checks that every schema produces exactly the shared type.
/** Compile-time check that a schema's type and its shared API type are the same. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const same = <T extends true>(_: T) => _;
same<Same<z.infer<typeof StaffMe>, Api.StaffMe>>(true);
same<Same<z.infer<typeof CustomerListResponse>, Api.CustomerListResponse>>(true);
same<Same<z.infer<typeof PortalState>, Api.PortalState>>(true);
same<Same<z.infer<typeof CustomerProfileResponse>, Api.CustomerProfileResponse>>(true);
same<Same<z.infer<typeof PortalMe>, Api.PortalMe>>(true);
same<Same<z.infer<typeof InviteLookupResponse>, Api.InviteLookupResponse>>(true);
same<Same<z.infer<typeof MailboxMessageResponse>, Api.MailboxMessage>>(true);

/** The error answers every route may give, for the OpenAPI document. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ApiError])) as Record<number, typeof ApiError>;

// Account settings, forgotten passwords and service requests.
export const PasswordResetLookupResponse = z.object({
  email: z.string(),
  expiresAt: iso,
  passwordRules: z.object({ minLength: z.number(), maxLength: z.number(), hint: z.string() }),
});
export const EmailChangeLookupResponse = z.object({ newEmail: z.string(), expiresAt: iso });
export const ServiceRequestResponse = z.object({
  order: z.object({
    id: z.string(),
    number: z.number(),
    title: z.string(),
    status: OrderStatus,
    boatName: z.string().nullable(),
  }),
  photoCount: z.number(),
});
same<Same<z.infer<typeof PasswordResetLookupResponse>, Api.PasswordResetLookupResponse>>(true);
same<Same<z.infer<typeof EmailChangeLookupResponse>, Api.EmailChangeLookupResponse>>(true);
export const ServiceRequestDetails = z.object({
  orderId: z.string(),
  description: z.string(),
  preferredFrom: z.string().nullable(),
  preferredTo: z.string().nullable(),
  requestedAt: iso,
  photos: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      contentType: z.string(),
      sizeBytes: z.number(),
      url: z.string(),
    }),
  ),
});
same<Same<z.infer<typeof ServiceRequestResponse>, Api.ServiceRequestResponse>>(true);
same<Same<z.infer<typeof ServiceRequestDetails>, Api.ServiceRequestDetails>>(true);

// The yard's invite email template.
const InviteTemplateFields = z.object({ subject: z.string(), greeting: z.string(), body: z.string() });
export const InviteTemplateView = InviteTemplateFields.extend({
  isDefault: z.boolean(),
  updatedAt: nullableIso,
  defaults: InviteTemplateFields,
  placeholders: z.array(z.object({ name: z.string(), description: z.string() })),
});
export const InviteTemplatePreviewResponse = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  customer: z.object({ id: z.string(), name: z.string() }).nullable(),
});
same<Same<z.infer<typeof InviteTemplateView>, Api.InviteTemplateView>>(true);
same<Same<z.infer<typeof InviteTemplatePreviewResponse>, Api.InviteTemplatePreviewResponse>>(true);
