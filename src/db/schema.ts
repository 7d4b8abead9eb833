import type { ColumnType, Generated, GeneratedAlways, Selectable } from 'kysely';

/** Kysely's view of the tables in migrations/. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric columns arrive as strings from both drivers; money is integer cents instead. */
type Numeric = ColumnType<string, string | number, string | number>;

import type {
  BatchPreviewOutcome,
  BatchRowResult,
  InviteBatchStatus,
  OrderStatus,
} from '../shared/api-types.js';

export type { OrderStatus };

export type InviteStatus = 'queued' | 'sent' | 'failed' | 'accepted' | 'superseded' | 'revoked';

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface YardsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  timezone: Generated<string>;
  invite_expiry_days: number | null;
  created_at: DefaultTimestamp;
}

export interface StaffUsersTable {
  id: Generated<string>;
  yard_id: string;
  email: string;
  name: string;
  role: Generated<'owner' | 'manager' | 'staff'>;
  password_hash: string;
  created_at: DefaultTimestamp;
}

export interface CustomersTable {
  id: Generated<string>;
  yard_id: string;
  customer_number: number;
  first_name: string;
  last_name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  phone_digits: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  notes: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  sort_name: GeneratedAlways<string>;
  first_lower: GeneratedAlways<string>;
  email_lower: GeneratedAlways<string | null>;
  search_key: GeneratedAlways<string>;
}

export interface BoatsTable {
  id: Generated<string>;
  yard_id: string;
  customer_id: string;
  name: string;
  make: string | null;
  model: string | null;
  year: number | null;
  length_ft: Numeric | null;
  hull_id: string | null;
  slip: string | null;
  created_at: DefaultTimestamp;
}

export interface OrdersTable {
  id: Generated<string>;
  yard_id: string;
  customer_id: string;
  boat_id: string | null;
  number: number;
  title: string;
  description: string | null;
  status: OrderStatus;
  opened_at: DefaultTimestamp;
  scheduled_for: ColumnType<string | null, string | null | undefined, string | null>;
  completed_at: Timestamp | null;
  updated_at: DefaultTimestamp;
}

export interface EstimatesTable {
  id: Generated<string>;
  yard_id: string;
  order_id: string;
  customer_id: string;
  number: number;
  status: 'draft' | 'sent' | 'accepted' | 'declined' | 'expired';
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  sent_at: Timestamp | null;
  responded_at: Timestamp | null;
  valid_until: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultTimestamp;
  /** 0002: bumped when amounts or items change; changed_since_sent blocks acceptance until re-sent. */
  revision: Generated<number>;
  changed_since_sent: Generated<boolean>;
  decline_reason: string | null;
}

export interface InvoicesTable {
  id: Generated<string>;
  yard_id: string;
  order_id: string;
  customer_id: string;
  number: number;
  status: 'draft' | 'open' | 'partial' | 'paid' | 'void';
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  paid_cents: Generated<number>;
  deposit_cents: number | null;
  issued_at: Timestamp | null;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultTimestamp;
}

export interface LineItemsTable {
  id: Generated<string>;
  yard_id: string;
  estimate_id: string | null;
  invoice_id: string | null;
  position: number;
  kind: 'labor' | 'part' | 'fee' | 'discount';
  description: string;
  quantity: Numeric;
  unit_price_cents: number;
  total_cents: number;
}

export interface PaymentsTable {
  id: Generated<string>;
  yard_id: string;
  invoice_id: string;
  customer_id: string;
  amount_cents: number;
  method: string;
  reference: string | null;
  received_at: DefaultTimestamp;
  /** 0002: the online attempt it came from (unique), and the provider that took it. */
  attempt_id: string | null;
  provider: string | null;
}

export interface PortalAccountsTable {
  id: Generated<string>;
  yard_id: string;
  customer_id: string;
  login_email: string;
  password_hash: string;
  invite_id: string | null;
  activated_at: Timestamp;
  created_at: DefaultTimestamp;
}

export interface InvitesTable {
  id: Generated<string>;
  yard_id: string;
  customer_id: string;
  email: string;
  status: InviteStatus;
  token_hash: string | null;
  invited_by: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
  failed_at: Timestamp | null;
  failure_reason: string | null;
  attempts: Generated<number>;
}

export interface PortalEventsTable {
  id: Generated<string>;
  yard_id: string;
  customer_id: string;
  invite_id: string | null;
  kind: string;
  actor_staff_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  kind: 'staff' | 'customer';
  yard_id: string;
  staff_id: string | null;
  account_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** 0006: the session ends when unused for idle_seconds, written at most every few minutes. */
  last_seen_at: Timestamp;
  idle_seconds: number;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface MailboxMessagesTable {
  id: Generated<string>;
  received_at: DefaultTimestamp;
  mail_from: string | null;
  rcpt_to: string;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
}

// Accounts and service requests (0003_accounts_requests.sql).
export interface PasswordResetsTable {
  id: Generated<string>;
  yard_id: string;
  account_id: string;
  email: string;
  token_hash: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  superseded_at: Timestamp | null;
}

export interface EmailChangeRequestsTable {
  id: Generated<string>;
  yard_id: string;
  account_id: string;
  customer_id: string;
  new_email: string;
  token_hash: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  superseded_at: Timestamp | null;
}

export interface ServiceRequestsTable {
  order_id: string;
  yard_id: string;
  customer_id: string;
  account_id: string | null;
  description: string;
  preferred_from: ColumnType<string | null, string | null | undefined, string | null>;
  preferred_to: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface ServiceRequestPhotosTable {
  id: Generated<string>;
  yard_id: string;
  order_id: string;
  position: number;
  file_name: string;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';
  size_bytes: number;
  data: Buffer;
  created_at: Timestamp;
}

export interface DB {
  app_settings: AppSettingsTable;
  yards: YardsTable;
  staff_users: StaffUsersTable;
  customers: CustomersTable;
  boats: BoatsTable;
  orders: OrdersTable;
  estimates: EstimatesTable;
  invoices: InvoicesTable;
  line_items: LineItemsTable;
  payments: PaymentsTable;
  portal_accounts: PortalAccountsTable;
  invites: InvitesTable;
  portal_events: PortalEventsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  mailbox_messages: MailboxMessagesTable;
  estimate_acceptances: EstimateAcceptancesTable;
  order_status_history: OrderStatusHistoryTable;
  payment_attempts: PaymentAttemptsTable;
  payment_webhook_events: PaymentWebhookEventsTable;
  password_resets: PasswordResetsTable;
  email_change_requests: EmailChangeRequestsTable;
  service_requests: ServiceRequestsTable;
  service_request_photos: ServiceRequestPhotosTable;
  invite_templates: InviteTemplatesTable;
  invite_batches: InviteBatchesTable;
  invite_batch_rows: InviteBatchRowsTable;
  yard_counters: YardCountersTable;
}

export type Customer = Selectable<CustomersTable>;
export type Invite = Selectable<InvitesTable>;
export type Yard = Selectable<YardsTable>;

// 0002_estimates_payments.sql
export interface EstimateAcceptancesTable {
  id: Generated<string>;
  yard_id: string;
  estimate_id: string;
  customer_id: string;
  account_id: string;
  accepted_at: Timestamp;
  ip: string | null;
  revision: number;
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  line_items: ColumnType<unknown, string, never>;
}

export interface OrderStatusHistoryTable {
  id: Generated<string>;
  yard_id: string;
  order_id: string;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  changed_at: Timestamp;
  actor_staff_id: string | null;
  actor_account_id: string | null;
  note: string | null;
}

export type PaymentAttemptStatus = 'pending' | 'succeeded' | 'declined' | 'failed';

export interface PaymentAttemptsTable {
  id: Generated<string>;
  yard_id: string;
  invoice_id: string;
  customer_id: string;
  idempotency_key: string;
  request_hash: string;
  amount_cents: number;
  provider: string;
  status: PaymentAttemptStatus;
  provider_ref: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentWebhookEventsTable {
  provider: string;
  event_id: string;
  received_at: Timestamp;
}

// Bulk invites and the invite email template (0004_bulk_invites.sql).
export interface InviteTemplatesTable {
  yard_id: string;
  subject: string;
  greeting: string;
  body: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export type BatchPreview = BatchPreviewOutcome;
export type BatchResult = BatchRowResult;
export type { InviteBatchStatus };

export interface InviteBatchesTable {
  id: Generated<string>;
  yard_id: string;
  created_by: string | null;
  source: 'upload' | 'search';
  label: string;
  status: InviteBatchStatus;
  row_count: number;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  confirmed_by: string | null;
  finished_at: Timestamp | null;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  resume_at: Timestamp | null;
  pause_reason: string | null;
  retry_count: Generated<number>;
}

export interface InviteBatchRowsTable {
  batch_id: string;
  row_number: number;
  yard_id: string;
  customer_id: string | null;
  input_number: string | null;
  input_email: string | null;
  input_name: string | null;
  input_phone: string | null;
  preview: BatchPreview;
  preview_reason: string | null;
  eligible_at: Timestamp | null;
  duplicate_of: number | null;
  result: Generated<BatchResult>;
  result_reason: string | null;
  invite_id: string | null;
  finished_at: Timestamp | null;
}

// 0005_counters_and_staging.sql
export interface YardCountersTable {
  yard_id: string;
  kind: 'order' | 'estimate' | 'invoice';
  last_value: number;
}
