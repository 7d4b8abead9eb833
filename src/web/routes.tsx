import { CustomerProfilePage } from './app/customer-profile-page';
import { CustomersPage } from './app/customers-page';
import { StaffSignInPage } from './app/sign-in-page';
import { StaffShell } from './app/staff-shell';
import { MailboxPage } from './mailbox/mailbox-page';
import { AcceptPage } from './portal/accept-page';
import { PortalHomePage } from './portal/home-page';
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
  const signIn = matchPath('/portal/:yard/sign-in', pathname);
  if (signIn) return <PortalSignInPage key={signIn.yard} yard={signIn.yard} />;
  const home = matchPath('/portal/:yard', pathname);
  if (home) return <PortalHomePage key={home.yard} yard={home.yard} />;

  if (matchPath('/mailbox', pathname)) return <MailboxPage />;
  return <NotFound />;
}
