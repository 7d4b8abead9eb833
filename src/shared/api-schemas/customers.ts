import { z } from 'zod';
import { CustomerDetails } from './customer-records.js';
import { PortalState } from './invites.js';
import { NotificationPreferences } from './notifications.js';
import { BoatView, EstimateView, InvoiceView, OrderView, PaymentView } from './orders.js';

export const PortalStatus = z.enum(['none', 'invited', 'in_portal']);

export const CustomerListItem = z.object({
  id: z.string(),
  customerNumber: z.number(),
  firstName: z.string(),
  lastName: z.string(),
  company: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  portalStatus: PortalStatus,
});

export const CustomerListResponse = z.object({
  customers: z.array(CustomerListItem),
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /**
   * True when a search matched more customers than it looked at; the UI says
   * "showing the first matches, type more to narrow it down".
   */
  capped: z.boolean(),
  /**
   * On the first page: how many customers the search and filters find, exact up to
   * 1,000; `totalMore` means more than that. Null on later pages.
   */
  total: z.number().nullable(),
  totalMore: z.boolean(),
  /** When a search found nobody: the term with a name of the yard it was probably meant as. */
  suggestion: z.string().nullable(),
});

/** The Customers list's filters (query parameters). */
export const CustomerListFilters = z.object({
  portal: z
    .enum(['in_portal', 'invited', 'not_invited', 'no_email'], {
      message: 'portal is one of in_portal, invited, not_invited, no_email',
    })
    .optional(),
  balance: z.enum(['due'], { message: 'balance can only be "due"' }).optional(),
  archived: z.enum(['true', 'false'], { message: 'archived is true or false' }).optional(),
});

export const CustomerContact = CustomerListItem.omit({ portalStatus: true }).extend({
  street: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
});

/** What a customer sees of their own account; staff see it too, with the portal state and timeline. */
export const CustomerAccountData = z.object({
  customer: CustomerContact,
  boats: z.array(BoatView),
  orders: z.array(OrderView),
  estimates: z.array(EstimateView),
  invoices: z.array(InvoiceView),
  payments: z.array(PaymentView),
  /** Which emails the customer gets (they choose on their account page). */
  notifications: NotificationPreferences,
});

export const TimelineEvent = z.object({
  id: z.string(),
  kind: z.enum([
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
    'reminder_sent',
  ]),
  at: z.string(),
  actorName: z.string().nullable(),
  /** A sentence for the timeline, e.g. "Invite sent to ann@example.com". */
  summary: z.string(),
  /** The order the event is about (a request, an answer to an estimate, a payment), if any. */
  orderNumber: z.number().nullable(),
});

export const CustomerProfileResponse = CustomerAccountData.extend({
  details: CustomerDetails,
  portal: PortalState,
  timeline: z.array(TimelineEvent),
});

/** Edits are described with the other customer-record requests. */
export { UpdateCustomerRequest } from './customer-records.js';
