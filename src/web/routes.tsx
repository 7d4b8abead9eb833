import { BulkInvitesPage } from './app/bulk-invites-page';
import { CustomerProfilePage } from './app/customer-profile-page';
import { CustomersPage } from './app/customers-page';
import { InviteBatchPage } from './app/invite-batch-page';
import { InviteTemplatePage } from './app/invite-template-page';
import { OrdersPage } from './app/orders-page';
import { StaffSignInPage } from './app/sign-in-page';
import { StaffShell } from './app/staff-shell';
import { MailboxPage } from './mailbox/mailbox-page';
import { AcceptPage } from './portal/accept-page';
import { AccountPage } from './portal/account-page';
import { ConfirmEmailPage } from './portal/confirm-email-page';
import { ForgotPasswordPage } from './portal/forgot-password-page';
import { PortalHomePage } from './portal/home-page';
import { PortalOrderPage } from './portal/order-page';
import { RequestServicePage } from './portal/request-service-page';
import { ResetPage } from './portal/reset-page';
import { PortalSignInPage } from './portal/sign-in-page';
import { EmptyState } from './ui/card';
import { Link, matchPath, Redirect, useDocumentTitle, useLocation } from './ui/router';

function NotFound() {
  useDocumentTitle('Page not found');
  return (
    <main className="center-page">
      <div className="card auth-card">
        <EmptyState title="This page does not exist">
          <Link to="/app/customers">Go to the dashboard</Link>
        </EmptyState>
      </div>
    </main>
  );
}

function StaffRoutes({ pathname }: { pathname: string }) {
  if (matchPath('/app/customers', pathname)) return <CustomersPage />;
  if (matchPath('/app/orders', pathname)) return <OrdersPage />;
  if (matchPath('/app/settings/invite-email', pathname)) return <InviteTemplatePage />;
  if (matchPath('/app/invites', pathname)) return <BulkInvitesPage />;
  const batch = matchPath('/app/invites/:id', pathname);
  if (batch) return <InviteBatchPage key={batch.id} id={batch.id} />;
  const profile = matchPath('/app/customers/:id', pathname);
  if (profile) return <CustomerProfilePage key={profile.id} id={profile.id} />;
  return <Redirect to="/app/customers" />;
}

export function AppRoutes() {
  const { pathname } = useLocation();

  if (pathname === '/' || pathname === '/app' || pathname === '/app/')
    return <Redirect to="/app/customers" />;
  if (matchPath('/app/sign-in', pathname)) return <StaffSignInPage />;
  if (pathname.startsWith('/app/')) {
    return (
      <StaffShell>
        <StaffRoutes pathname={pathname} />
      </StaffShell>
    );
  }

  const accept = matchPath('/portal/:yard/accept/:token', pathname);
  if (accept) return <AcceptPage key={accept.token} yard={accept.yard} token={accept.token} />;
  const reset = matchPath('/portal/:yard/reset/:token', pathname);
  if (reset) return <ResetPage key={reset.token} yard={reset.yard} token={reset.token} />;
  const confirmEmail = matchPath('/portal/:yard/confirm-email/:token', pathname);
  if (confirmEmail)
    return <ConfirmEmailPage key={confirmEmail.token} yard={confirmEmail.yard} token={confirmEmail.token} />;
  const forgot = matchPath('/portal/:yard/forgot-password', pathname);
  if (forgot) return <ForgotPasswordPage key={forgot.yard} yard={forgot.yard} />;
  const account = matchPath('/portal/:yard/account', pathname);
  if (account) return <AccountPage key={account.yard} yard={account.yard} />;
  const requestService = matchPath('/portal/:yard/request-service', pathname);
  if (requestService) return <RequestServicePage key={requestService.yard} yard={requestService.yard} />;
  const order = matchPath('/portal/:yard/orders/:id', pathname);
  if (order) return <PortalOrderPage key={order.id} yard={order.yard} id={order.id} />;
  const signIn = matchPath('/portal/:yard/sign-in', pathname);
  if (signIn) return <PortalSignInPage key={signIn.yard} yard={signIn.yard} />;
  const home = matchPath('/portal/:yard', pathname);
  if (home) return <PortalHomePage key={home.yard} yard={home.yard} />;

  if (matchPath('/mailbox', pathname)) return <MailboxPage />;
  return <NotFound />;
}
