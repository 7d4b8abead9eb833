/**
 * The JSON shapes the HTTP API answers with, shared by the server and the React app.
 * Dates are ISO-8601 strings; money is integer cents.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

export interface YardSummary {
  id: string;
  slug: string;
  name: string;
}

export interface StaffMe {
  staff: { id: string; name: string; email: string; role: string };
  yard: YardSummary;
}

export type PortalStatus = 'none' | 'invited' | 'in_portal';

export interface CustomerListItem {
  id: string;
  customerNumber: number;
  firstName: string;
  lastName: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  portalStatus: PortalStatus;
}

export interface CustomerListResponse {
  customers: CustomerListItem[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
  /**
   * True when a search matched more customers than it looked at; the UI says
   * "showing the first matches, type more to narrow it down".
   */
  capped: boolean;
}

/**
 * The Invite to Portal button. `invite`: active. `wait`: inactive until `nextInviteAt`
 * (an invite was sent and not accepted, or is on its way). `in_portal`: replaced by
 * IN PORTAL. `no_email`: inactive, `reason` says why.
 */
export type InviteButton = 'invite' | 'wait' | 'in_portal' | 'no_email';

export interface PortalState {
  button: InviteButton;
  email: string | null;
  nextInviteAt: string | null;
  reason: string | null;
  lastInvite: {
    status: 'queued' | 'sent' | 'failed' | 'accepted' | 'superseded' | 'revoked';
    createdAt: string;
    sentAt: string | null;
    expiresAt: string | null;
    failureReason: string | null;
  } | null;
  account: { activatedAt: string; loginEmail: string } | null;
}

export interface CustomerContact {
  id: string;
  customerNumber: number;
  firstName: string;
  lastName: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
}

export interface BoatView {
  id: string;
  name: string;
  make: string | null;
  model: string | null;
  year: number | null;
  lengthFt: string | null;
  hullId: string | null;
  slip: string | null;
}

export type OrderStatus =
  | 'requested'
  | 'open_estimate'
  | 'estimate_sent'
  | 'awaiting_acceptance'
  | 'in_progress'
  | 'deposit_requested'
  | 'partial_payment'
  | 'invoiced'
  | 'paid'
  | 'completed'
  | 'cancelled';

export interface OrderView {
  id: string;
  number: number;
  title: string;
  status: OrderStatus;
  boatName: string | null;
  openedAt: string;
  scheduledFor: string | null;
  completedAt: string | null;
  /** Sum of the order's invoices, else of its latest estimate. */
  totalCents: number;
}

export interface LineItemView {
  kind: 'labor' | 'part' | 'fee' | 'discount';
  description: string;
  quantity: string;
  unitPriceCents: number;
  totalCents: number;
}

export interface EstimateView {
  id: string;
  number: number;
  orderNumber: number;
  status: 'draft' | 'sent' | 'accepted' | 'declined' | 'expired';
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  sentAt: string | null;
  validUntil: string | null;
  lineItems: LineItemView[];
}

export interface InvoiceView {
  id: string;
  number: number;
  orderNumber: number;
  status: 'draft' | 'open' | 'partial' | 'paid' | 'void';
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  depositCents: number | null;
  issuedAt: string | null;
  dueOn: string | null;
  lineItems: LineItemView[];
}

export interface PaymentView {
  id: string;
  invoiceNumber: number;
  amountCents: number;
  method: string;
  receivedAt: string;
}

export interface TimelineEvent {
  id: string;
  kind:
    | 'invite_queued'
    | 'invite_sent'
    | 'invite_failed'
    | 'invite_retrying'
    | 'link_opened'
    | 'invite_accepted'
    | 'new_invite_requested'
    | 'email_changed'
    | 'signed_in'
    | 'contact_updated'
    | 'customer_email_changed'
    | 'password_reset'
    | 'password_changed'
    | 'service_requested'
    | 'estimate_accepted'
    | 'estimate_declined'
    | 'payment_received';
  at: string;
  actorName: string | null;
  /** A sentence for the timeline, e.g. "Invite sent to ann@example.com". */
  summary: string;
}

export interface CustomerAccountData {
  customer: CustomerContact;
  boats: BoatView[];
  orders: OrderView[];
  estimates: EstimateView[];
  invoices: InvoiceView[];
  payments: PaymentView[];
}

export interface CustomerProfileResponse extends CustomerAccountData {
  portal: PortalState;
  timeline: TimelineEvent[];
}

export interface UpdateCustomerRequest {
  firstName?: string;
  lastName?: string;
  company?: string | null;
  email?: string | null;
  phone?: string | null;
  street?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
}

export interface SendInviteResponse {
  portal: PortalState;
}

export interface InviteLookupResponse {
  yard: YardSummary;
  firstName: string;
  email: string;
  expiresAt: string;
  passwordRules: { minLength: number; maxLength: number; hint: string };
}

export interface PortalMe extends CustomerAccountData {
  yard: YardSummary;
}

export interface MailboxMessageSummary {
  id: string;
  receivedAt: string;
  from: string | null;
  to: string;
  subject: string | null;
}

export interface MailboxMessage extends MailboxMessageSummary {
  text: string | null;
  html: string | null;
}

// Orders, estimates and payments in the portal and the dashboard (src/modules/orders).

export interface OrderStatusChange {
  from: OrderStatus | null;
  to: OrderStatus;
  at: string;
  /** "You" in the portal's words is the customer; staff changes carry the staff member's name. */
  by: 'customer' | 'staff' | 'system';
  note: string | null;
}

export interface EstimateAcceptanceView {
  acceptedAt: string;
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

export interface OrderEstimateView extends EstimateView {
  /** True while the customer may accept or decline it. */
  canRespond: boolean;
  /** Why it cannot be answered now (changed since sent, expired), or null. */
  blockedReason: string | null;
  declineReason: string | null;
  acceptance: EstimateAcceptanceView | null;
}

export interface OrderDetailResponse {
  order: OrderView & { description: string | null; boat: BoatView | null };
  statusHistory: OrderStatusChange[];
  estimates: OrderEstimateView[];
  invoices: InvoiceView[];
  payments: PaymentView[];
  /** Which payment provider takes card payments: the built-in one takes a card number. */
  paymentProvider: 'offline' | 'stripe';
}

export interface PortalOrdersResponse {
  orders: OrderView[];
}

export interface DeclineEstimateRequest {
  reason?: string;
}

export interface PayInvoiceRequest {
  amountCents: number;
  /** Built-in provider only; Stripe collects the card in its own form. */
  cardNumber?: string;
}

export interface PayInvoiceResponse {
  /** `pending`: finish in Stripe's form with `clientSecret`; the webhook records the payment. */
  status: 'succeeded' | 'pending';
  payment: PaymentView | null;
  invoice: InvoiceView;
  clientSecret: string | null;
}

export interface StaffOrderRow {
  id: string;
  number: number;
  title: string;
  status: OrderStatus;
  customerId: string;
  customerName: string;
  boatName: string | null;
  openedAt: string;
  updatedAt: string;
  estimateStatus: EstimateView['status'] | null;
  balanceCents: number;
}

export interface StaffOrdersResponse {
  counts: Record<OrderStatus, number>;
  orders: StaffOrderRow[];
}

// Account settings, forgotten passwords and service requests (src/modules/accounts, service-requests).

export interface PasswordResetLookupResponse {
  email: string;
  expiresAt: string;
  passwordRules: { minLength: number; maxLength: number; hint: string };
}

export interface EmailChangeLookupResponse {
  newEmail: string;
  expiresAt: string;
}

export interface UpdateContactRequest {
  phone?: string | null;
  street?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
}

export interface ServiceRequestDetails {
  orderId: string;
  description: string;
  preferredFrom: string | null;
  preferredTo: string | null;
  requestedAt: string;
  photos: Array<{ id: string; fileName: string; contentType: string; sizeBytes: number; url: string }>;
}

export interface ServiceRequestResponse {
  order: { id: string; number: number; title: string; status: OrderStatus; boatName: string | null };
  photoCount: number;
}

// Bulk invites (docs/bulk-invites.md).

/** What the preview says will happen to a row of an uploaded template. */
export type BatchPreviewOutcome =
  | 'will_invite'
  | 'in_portal'
  | 'too_soon'
  | 'no_email'
  | 'no_match'
  | 'ambiguous'
  | 'invalid_email'
  | 'duplicate';
/** What happened to the row once the batch ran. */
export type BatchRowResult = 'pending' | 'queued' | 'sent' | 'skipped' | 'failed';
export type InviteBatchStatus =
  | 'preparing'
  | 'preview'
  | 'running'
  | 'cancelling'
  | 'completed'
  | 'cancelled'
  | 'discarded';

export interface InviteBatchSummary {
  id: string;
  source: 'upload' | 'search';
  /** The uploaded file's name, or the search words. */
  label: string;
  status: InviteBatchStatus;
  createdAt: string;
  createdBy: string | null;
  confirmedAt: string | null;
  finishedAt: string | null;
  rowCount: number;
  /** Rows per preview outcome; every outcome is present (0 when none). */
  preview: Record<BatchPreviewOutcome, number>;
  /** Rows per result; `total` = rowCount. */
  progress: Record<BatchRowResult, number> & { total: number };
  /** Set while the mail server is unreachable and the batch waits to try again. */
  paused: { reason: string; resumeAt: string } | null;
}

export interface InviteBatchListResponse {
  batches: InviteBatchSummary[];
}

export interface InviteBatchRowView {
  rowNumber: number;
  input: { number: string | null; email: string | null; name: string | null; phone: string | null };
  customer: { id: string; customerNumber: number; name: string; email: string | null } | null;
  preview: BatchPreviewOutcome;
  /** The preview in words, e.g. "Invited less than 24 hours ago; eligible again at …". */
  previewReason: string;
  eligibleAt: string | null;
  duplicateOf: number | null;
  result: BatchRowResult;
  resultReason: string | null;
}

export interface InviteBatchRowsResponse {
  rows: InviteBatchRowView[];
  /** Pass as `offset` for the next page; null on the last page. */
  nextOffset: number | null;
}

export interface InviteFromSearchRequest {
  /** The customer list's search words; empty for every customer. */
  q: string;
}

// The yard's invite email template.

export interface InviteTemplateInput {
  subject: string;
  greeting: string;
  body: string;
}

export interface InviteTemplateView extends InviteTemplateInput {
  /** True when the yard uses the default wording (never saved, or reset). */
  isDefault: boolean;
  updatedAt: string | null;
  defaults: InviteTemplateInput;
  placeholders: { name: string; description: string }[];
}

export interface InviteTemplatePreviewRequest extends InviteTemplateInput {
  /** The customer to render for; the first customer with an email when absent. */
  customerId?: string;
}

export interface InviteTemplatePreviewResponse {
  subject: string;
  text: string;
  html: string;
  customer: { id: string; name: string } | null;
}
