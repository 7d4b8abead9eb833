/** The staff dashboard bundle: loaded only when an /app page is opened. */
export { ActivityPage } from './activity-page';
export { AuditPage } from './audit-page';
export { BulkInvitesPage } from './bulk-invites-page';
export { CatalogPage } from './catalog-page';
export { CustomerProfilePage } from './customer-profile-page';
export { CustomersPage } from './customers-page';
export { ImportPage } from './import-page';
export { InviteBatchPage } from './invite-batch-page';
export { InviteTemplatePage } from './invite-template-page';
export { MessagesInboxPage, StaffThreadPage } from './messages-page';
export { OrderPage } from './order-page';
export { OrdersPage } from './orders-page';
export { RemindersPage } from './reminders-page';
export { StaffSignInPage } from './sign-in-page';
export { StaffShell } from './staff-shell';
export { StaffUsersPage } from './staff-users-page';
export { StaffWelcomePage } from './staff-welcome-page';
export { YardSettingsPage } from './yard-settings-page';
