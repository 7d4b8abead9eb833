import type { z } from 'zod';
import type * as Access from './api-schemas/access.js';
import type * as Accounts from './api-schemas/accounts.js';
import type * as Activity from './api-schemas/activity.js';
import type * as Audit from './api-schemas/audit.js';
import type * as Boats from './api-schemas/boats.js';
import type * as BulkInvites from './api-schemas/bulk-invites.js';
import type * as CustomerRecords from './api-schemas/customer-records.js';
import type * as Customers from './api-schemas/customers.js';
import type * as Errors from './api-schemas/errors.js';
import type * as Estimates from './api-schemas/estimates.js';
import type * as Imports from './api-schemas/imports.js';
import type * as Invites from './api-schemas/invites.js';
import type * as Invoices from './api-schemas/invoices.js';
import type * as Mailbox from './api-schemas/mailbox.js';
import type * as Messages from './api-schemas/messages.js';
import type * as Notifications from './api-schemas/notifications.js';
import type * as OrderEditing from './api-schemas/order-editing.js';
import type * as OrderUpdates from './api-schemas/order-updates.js';
import type * as Orders from './api-schemas/orders.js';
import type * as Passkeys from './api-schemas/passkeys.js';
import type * as Reminders from './api-schemas/reminders.js';
import type * as SavedCards from './api-schemas/saved-cards.js';
import type * as ServiceRequests from './api-schemas/service-requests.js';
import type * as StaffUsers from './api-schemas/staff-users.js';
import type * as Yards from './api-schemas/yards.js';

/**
 * The JSON shapes of the HTTP API, shared by the server and the React app, read off the zod
 * schemas in ./api-schemas/ (docs/api.md). Answers are what the server sends (`z.output`);
 * requests are what a client may send (`z.input`, before defaults and trimming).
 * Dates are ISO-8601 strings; money is integer cents.
 */

export type ApiErrorBody = z.output<typeof Errors.ApiErrorBody>;
export type MessageResponse = z.output<typeof Errors.MessageResponse>;

export type YardSummary = z.output<typeof Yards.YardSummary>;
export type StaffMe = z.output<typeof Yards.StaffMe>;

export type PortalStatus = z.output<typeof Customers.PortalStatus>;
export type CustomerListItem = z.output<typeof Customers.CustomerListItem>;
export type CustomerListResponse = z.output<typeof Customers.CustomerListResponse>;
export type CustomerListFiltersInput = z.output<typeof Customers.CustomerListFilters>;
export type CustomerContact = z.output<typeof Customers.CustomerContact>;
export type CustomerAccountData = z.output<typeof Customers.CustomerAccountData>;
export type TimelineEvent = z.output<typeof Customers.TimelineEvent>;
export type CustomerProfileResponse = z.output<typeof Customers.CustomerProfileResponse>;
export type UpdateCustomerRequest = z.input<typeof Customers.UpdateCustomerRequest>;

export type InviteButton = z.output<typeof Invites.InviteButton>;
export type PortalState = z.output<typeof Invites.PortalState>;
export type SendInviteResponse = z.output<typeof Invites.SendInviteResponse>;
export type InviteLookupResponse = z.output<typeof Invites.InviteLookupResponse>;
export type InviteTemplateInput = z.input<typeof Invites.InviteTemplateInput>;
export type InviteTemplateView = z.output<typeof Invites.InviteTemplateView>;
export type InviteTemplatePreviewRequest = z.input<typeof Invites.InviteTemplatePreviewRequest>;
export type InviteTemplatePreviewResponse = z.output<typeof Invites.InviteTemplatePreviewResponse>;

export type PortalMe = z.output<typeof Accounts.PortalMe>;
export type PortalYardResponse = z.output<typeof Accounts.PortalYardResponse>;
export type PasswordResetLookupResponse = z.output<typeof Accounts.PasswordResetLookupResponse>;
export type EmailChangeLookupResponse = z.output<typeof Accounts.EmailChangeLookupResponse>;
export type UpdateContactRequest = z.input<typeof Accounts.UpdateContactRequest>;

export type NotificationPreferences = z.output<typeof Notifications.NotificationPreferences>;
export type UpdateNotificationPreferences = z.input<typeof Notifications.UpdateNotificationPreferences>;

export type PasskeyView = z.output<typeof Passkeys.PasskeyView>;
export type PasskeyListResponse = z.output<typeof Passkeys.PasskeyListResponse>;
export type StaffPasskeyListResponse = z.output<typeof Passkeys.StaffPasskeyListResponse>;
export type PasskeyOptionsResponse = z.output<typeof Passkeys.PasskeyOptionsResponse>;
export type AddPasskeyRequest = z.input<typeof Passkeys.AddPasskeyRequest>;
export type PasskeySignInRequest = z.input<typeof Passkeys.PasskeySignInRequest>;

export type MailboxMessageSummary = z.output<typeof Mailbox.MailboxMessageSummary>;
export type MailboxListResponse = z.output<typeof Mailbox.MailboxListResponse>;
export type MailboxMessage = z.output<typeof Mailbox.MailboxMessage>;

export type OrderStatus = z.output<typeof Orders.OrderStatus>;
export type LineKind = z.output<typeof Orders.LineKind>;
export type TaxClass = z.output<typeof Orders.TaxClass>;
export type InvoiceKind = z.output<typeof Orders.InvoiceKind>;
export type ActivityKind = z.output<typeof Orders.ActivityKind>;
export type BoatView = z.output<typeof Orders.BoatView>;
export type OrderView = z.output<typeof Orders.OrderView>;
export type LineItemView = z.output<typeof Orders.LineItemView>;
export type EstimateView = z.output<typeof Orders.EstimateView>;
export type InvoiceView = z.output<typeof Orders.InvoiceView>;
export type PaymentView = z.output<typeof Orders.PaymentView>;
export type OrderStatusChange = z.output<typeof Orders.OrderStatusChange>;
export type EstimateAcceptanceView = z.output<typeof Orders.EstimateAcceptanceView>;
export type SignatureView = z.output<typeof Orders.SignatureView>;
export type SignatureInput = z.input<typeof Orders.SignatureInput>;
export type OrderEstimateView = z.output<typeof Orders.OrderEstimateView>;
export type TaxRatesView = z.output<typeof Orders.TaxRatesView>;
export type EstimateLineView = z.output<typeof Orders.EstimateLineView>;
export type AcceptedLineView = z.output<typeof Orders.AcceptedLineView>;
export type EstimateChanges = z.output<typeof Orders.EstimateChanges>;
export type AwaitingReapproval = z.output<typeof Orders.AwaitingReapproval>;
export type AcceptEstimateRequest = z.input<typeof Orders.AcceptEstimateRequest>;
export type StaffEstimateView = z.output<typeof Estimates.StaffEstimateView>;
export type StaffEstimatesResponse = z.output<typeof Estimates.StaffEstimatesResponse>;
export type StaffEstimateResponse = z.output<typeof Estimates.StaffEstimateResponse>;
export type CreateEstimateRequest = z.input<typeof Estimates.CreateEstimateRequest>;
export type UpdateEstimateRequest = z.input<typeof Estimates.UpdateEstimateRequest>;
export type OrderDetailResponse = z.output<typeof Orders.OrderDetailResponse>;
export type PortalOrdersResponse = z.output<typeof Orders.PortalOrdersResponse>;
export type DeclineEstimateRequest = z.input<typeof Orders.DeclineEstimateRequest>;
export type PayInvoiceRequest = z.input<typeof Orders.PayInvoiceRequest>;
export type PayInvoiceResponse = z.output<typeof Orders.PayInvoiceResponse>;
export type StaffOrderRow = z.output<typeof Orders.StaffOrderRow>;
export type StaffOrdersResponse = z.output<typeof Orders.StaffOrdersResponse>;
export type StaffOrderTotals = z.output<typeof Orders.StaffOrderTotals>;

export type WorkLineKind = z.output<typeof OrderEditing.WorkLineKind>;
export type OrderLineInput = z.input<typeof OrderEditing.OrderLineInput>;
export type OrderLineView = z.output<typeof OrderEditing.OrderLineView>;
export type DocumentTotalsView = z.output<typeof OrderEditing.DocumentTotalsView>;
export type OrderLinesResponse = z.output<typeof OrderEditing.OrderLinesResponse>;
export type CreateOrderRequest = z.input<typeof OrderEditing.CreateOrderRequest>;
export type CreateOrderResponse = z.output<typeof OrderEditing.CreateOrderResponse>;
export type UpdateOrderRequest = z.input<typeof OrderEditing.UpdateOrderRequest>;
export type StatusChangeRequest = z.input<typeof OrderEditing.StatusChangeRequest>;
export type CatalogJobInput = z.input<typeof OrderEditing.CatalogJobInput>;
export type CatalogJobView = z.output<typeof OrderEditing.CatalogJobView>;
export type CatalogListJob = z.output<typeof OrderEditing.CatalogListJob>;
export type CatalogListResponse = z.output<typeof OrderEditing.CatalogListResponse>;
export type StaffOrderResponse = z.output<typeof OrderEditing.StaffOrderResponse>;
export type StaffStatusChange = z.output<typeof OrderEditing.StaffStatusChange>;

export type ServiceRequestDetails = z.output<typeof ServiceRequests.ServiceRequestDetails>;
export type ServiceRequestResponse = z.output<typeof ServiceRequests.ServiceRequestResponse>;

export type OrderUpdateView = z.output<typeof OrderUpdates.OrderUpdateView>;
export type OrderUpdatesResponse = z.output<typeof OrderUpdates.OrderUpdatesResponse>;
export type PostOrderUpdateResponse = z.output<typeof OrderUpdates.PostOrderUpdateResponse>;

export type MessageAttachmentView = z.output<typeof Messages.MessageAttachmentView>;
export type MessageView = z.output<typeof Messages.MessageView>;
export type ThreadSummary = z.output<typeof Messages.ThreadSummary>;
export type ThreadListResponse = z.output<typeof Messages.ThreadListResponse>;
export type UnreadCountResponse = z.output<typeof Messages.UnreadCountResponse>;
export type ThreadResponse = z.output<typeof Messages.ThreadResponse>;
export type PostMessageResponse = z.output<typeof Messages.PostMessageResponse>;

export type BatchPreviewOutcome = z.output<typeof BulkInvites.BatchPreviewOutcome>;
export type BatchRowResult = z.output<typeof BulkInvites.BatchRowResult>;
export type InviteBatchStatus = z.output<typeof BulkInvites.InviteBatchStatus>;
export type InviteBatchSummary = z.output<typeof BulkInvites.InviteBatchSummary>;
export type InviteBatchListResponse = z.output<typeof BulkInvites.InviteBatchListResponse>;
export type InviteBatchRowView = z.output<typeof BulkInvites.InviteBatchRowView>;
export type InviteBatchRowsResponse = z.output<typeof BulkInvites.InviteBatchRowsResponse>;
export type InviteFromSearchRequest = z.input<typeof BulkInvites.InviteFromSearchRequest>;

export type BillingInvoiceView = z.output<typeof Invoices.BillingInvoiceView>;
export type BillingPaymentView = z.output<typeof Invoices.BillingPaymentView>;
export type BillingRefundView = z.output<typeof Invoices.BillingRefundView>;
export type OrderBillingResponse = z.output<typeof Invoices.OrderBillingResponse>;
export type BillingActionResponse = z.output<typeof Invoices.BillingActionResponse>;
export type CreateInvoiceRequest = z.input<typeof Invoices.CreateInvoiceRequest>;
export type CounterPaymentRequest = z.input<typeof Invoices.CounterPaymentRequest>;
export type CounterMethod = z.output<typeof Invoices.CounterMethod>;
export type ActivityItem = z.output<typeof Activity.ActivityItem>;
export type ActivityListResponse = z.output<typeof Activity.ActivityListResponse>;
export type ActivityUnreadResponse = z.output<typeof Activity.ActivityUnreadResponse>;

export type YardSettingsView = z.output<typeof Yards.YardSettingsView>;
export type YardSettingsPatch = z.input<typeof Yards.YardSettingsPatch>;

export type StaffRoleName = z.output<typeof StaffUsers.StaffRoleSchema>;
export type StaffUserView = z.output<typeof StaffUsers.StaffUserView>;
export type StaffUserList = z.output<typeof StaffUsers.StaffUserList>;
export type InviteStaffRequest = z.input<typeof StaffUsers.InviteStaffRequest>;
export type StaffLinkLookup = z.output<typeof StaffUsers.StaffLinkLookup>;
export type CreateYardRequest = z.input<typeof StaffUsers.CreateYardRequest>;
export type CreateYardResponse = z.output<typeof StaffUsers.CreateYardResponse>;
// Customers kept by hand (docs/customers.md)
export type ContactLabel = z.output<typeof CustomerRecords.ContactLabel>;
export type CreateCustomerRequest = z.input<typeof CustomerRecords.CreateCustomerRequest>;
export type CreateCustomerResponse = z.output<typeof CustomerRecords.CreateCustomerResponse>;
export type CustomerDetails = z.output<typeof CustomerRecords.CustomerDetails>;
export type DuplicateMatch = z.output<typeof CustomerRecords.DuplicateMatch>;
export type MergeCustomerRequest = z.input<typeof CustomerRecords.MergeCustomerRequest>;
export type MergePreviewResponse = z.output<typeof CustomerRecords.MergePreviewResponse>;
export type MergeResponse = z.output<typeof CustomerRecords.MergeResponse>;
export type AuditEntryView = z.output<typeof Audit.AuditEntryView>;
export type AuditListResponse = z.output<typeof Audit.AuditListResponse>;
export type AuditQuery = z.input<typeof Audit.AuditQuery>;
export type BoatDetail = z.output<typeof Boats.BoatDetail>;
export type BoatResponse = z.output<typeof Boats.BoatResponse>;
export type CreateBoatRequest = z.input<typeof Boats.CreateBoatRequest>;
export type UpdateBoatRequest = z.input<typeof Boats.UpdateBoatRequest>;
export type BoatEngineInput = z.input<typeof Boats.BoatEngineInput>;
export type BoatStatusResponse = z.output<typeof Boats.BoatStatusResponse>;
export type SetBoatStatusRequest = z.input<typeof Boats.SetBoatStatusRequest>;
export type PortalBoatResponse = z.output<typeof Boats.PortalBoatResponse>;
// Importing from another system (docs/import.md).
export type ImportField = z.output<typeof Imports.ImportField>;
export type ImportOutcome = z.output<typeof Imports.ImportOutcome>;
export type ImportStatus = z.output<typeof Imports.ImportStatus>;
export type ImportSummary = z.output<typeof Imports.ImportSummary>;
export type ImportListResponse = z.output<typeof Imports.ImportListResponse>;
export type ImportMapping = z.output<typeof Imports.SavedMapping>;
export type ImportMappingRequest = z.input<typeof Imports.ImportMappingRequest>;
export type ImportRowView = z.output<typeof Imports.ImportRowView>;
export type ImportRowsResponse = z.output<typeof Imports.ImportRowsResponse>;
export type ImportInviteResponse = z.output<typeof Imports.ImportInviteResponse>;
export type ImportHeaders = z.output<typeof Imports.ImportHeaders>;

export type SavedCardView = z.output<typeof SavedCards.SavedCardView>;
export type SavedCardsResponse = z.output<typeof SavedCards.SavedCardsResponse>;
export type CardSetupResponse = z.output<typeof SavedCards.CardSetupResponse>;
export type ConfirmCardSetupRequest = z.input<typeof SavedCards.ConfirmCardSetupRequest>;
export type SavedCardResponse = z.output<typeof SavedCards.SavedCardResponse>;
export type ReceiptRow = z.output<typeof SavedCards.ReceiptRow>;
export type ReceiptsResponse = z.output<typeof SavedCards.ReceiptsResponse>;
export type ReceiptDetailResponse = z.output<typeof SavedCards.ReceiptDetailResponse>;
// Service reminders (docs/reminders.md).
export type ReminderRule = z.output<typeof Reminders.ReminderRule>;
export type CreateReminderRequest = z.input<typeof Reminders.CreateReminderRequest>;
export type UpdateReminderRequest = z.input<typeof Reminders.UpdateReminderRequest>;
export type ReminderView = z.output<typeof Reminders.ReminderView>;
export type RemindersResponse = z.output<typeof Reminders.RemindersResponse>;
export type ReminderOccurrenceView = z.output<typeof Reminders.ReminderOccurrenceView>;
export type ReminderDetailResponse = z.output<typeof Reminders.ReminderDetailResponse>;
export type BoatReminderView = z.output<typeof Reminders.BoatReminderView>;
export type BoatRemindersResponse = z.output<typeof Reminders.BoatRemindersResponse>;
// Shared access (docs/shared-access.md).
export type GrantRole = z.output<typeof Access.GrantRole>;
export type PortalRole = z.output<typeof Access.PortalRole>;
export type AccessGrantView = z.output<typeof Access.AccessGrantView>;
export type AccessGrantsResponse = z.output<typeof Access.AccessGrantsResponse>;
export type InviteAccessRequest = z.input<typeof Access.InviteAccessRequest>;
export type InviteAccessResponse = z.output<typeof Access.InviteAccessResponse>;
export type PortalAccess = z.output<typeof Access.PortalAccess>;
export type PortalRecord = z.output<typeof Access.PortalRecord>;
export type AccessInviteLookupResponse = z.output<typeof Access.AccessInviteLookupResponse>;
export type AcceptAccessRequest = z.input<typeof Access.AcceptAccessRequest>;
