/** The customer portal bundle: loaded only when a /portal page is opened. */
export { AcceptPage } from './accept-page';
export { AccessAcceptPage } from './access-accept-page';
export { AccountPage } from './account-page';
export { PortalBoatPage } from './boat-page';
export { ConfirmEmailPage } from './confirm-email-page';
export { ForgotPasswordPage } from './forgot-password-page';
export { PortalHomePage } from './home-page';
export { PortalMessagesPage, PortalThreadPage } from './messages-page';
export { PortalOrderPage } from './order-page';
export { PortalShell } from './portal-shell';
export { ReceiptPage } from './receipt-page';
export { ReceiptsPage } from './receipts-page';
export { RequestServicePage } from './request-service-page';
export { ResetPage } from './reset-page';
export { SavedCardsPage } from './saved-cards-page';
export { PortalSignInPage } from './sign-in-page';
