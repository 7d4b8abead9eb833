import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { createContext, useContext, useState } from 'react';
import type { StaffMe } from '../../shared/api-types';
import { Button } from '../ui/button';
import { setYardCurrency, setYardTimeZone } from '../ui/format';
import { UnreadBadge } from '../ui/messages';
import { PageShell, PageShellPending } from '../ui/page-shell';
import { YardMark } from '../ui/yard-mark';
import { canReadAudit } from './audit-api';
import { useUnreadMessages } from './messages-api';
import { useUnreadActivity } from './orders-api';
import { staffApi, staffQueries } from './staff-api';
import './app.css';

const StaffContext = createContext<StaffMe | null>(null);

export function useStaff(): StaffMe {
  const me = useContext(StaffContext);
  if (!me) throw new Error('useStaff is used outside the dashboard.');
  return me;
}

/** Whether the signed-in staff member's role grants this permission (docs/yards.md, "Roles"). */
export function useCan(permission: string): boolean {
  return useStaff().staff.permissions.includes(permission);
}

/** The dashboard frame: checks the session, then shows the top bar and the page. */
export function StaffShell() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(staffQueries.me());
  const mailbox = useQuery(staffQueries.mailbox()).data ?? false;
  const unread = useUnreadActivity().data?.unread ?? 0;
  const unreadMessages = useUnreadMessages().data?.unreadThreads ?? 0;
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await staffApi.signOut();
    } catch {
      // Signed out or not, the sign-in page is where to go next.
    }
    // Nothing of this session may show to whoever signs in next.
    queryClient.removeQueries({ queryKey: ['staff'] });
    queryClient.removeQueries({ queryKey: ['staff-order'] });
    await navigate({ to: '/app/sign-in', replace: true });
  };

  if (!me.data) {
    return <PageShellPending error={me.isFetching ? null : me.error} onRetry={() => me.refetch()} />;
  }

  const { yard, staff } = me.data;
  setYardCurrency(yard.currency);
  setYardTimeZone(yard.timezone);
  const current = (prefix: string) => (pathname.startsWith(prefix) ? 'page' : undefined);
  return (
    <StaffContext.Provider value={me.data}>
      <PageShell
        skipLink
        brand={
          <Link to="/app/customers" className="brand">
            <YardMark name={yard.name} logoUrl={yard.logoUrl} />
            <span className="brand-name">{yard.name}</span>
          </Link>
        }
        middle={
          <nav className="nav" aria-label="Dashboard">
            <Link to="/app/customers" aria-current={current('/app/customers') ?? current('/app/invites')}>
              Customers
            </Link>
            <Link to="/app/orders" aria-current={current('/app/orders')}>
              Orders
            </Link>
            <Link to="/app/messages" aria-current={current('/app/messages')}>
              Messages
              <UnreadBadge count={unreadMessages} />
            </Link>
            <Link to="/app/activity" aria-current={current('/app/activity')}>
              Activity
              {unread > 0 && (
                <span className="nav-badge">
                  {unread > 99 ? '99+' : unread}
                  <span className="visually-hidden"> unread</span>
                </span>
              )}
            </Link>
            <Link to="/app/catalog" aria-current={current('/app/catalog')}>
              Catalog
            </Link>
            <Link to="/app/reminders" aria-current={current('/app/reminders')}>
              Reminders
            </Link>
            {staff.permissions.includes('staff:records') && (
              <Link to="/app/import" aria-current={current('/app/import')}>
                Import
              </Link>
            )}
            {staff.permissions.includes('staff:invites') && (
              <Link to="/app/settings/invite-email" aria-current={current('/app/settings/invite-email')}>
                Invite email
              </Link>
            )}
            <Link to="/app/settings/yard" aria-current={current('/app/settings/yard')}>
              Yard settings
            </Link>
            {staff.role === 'owner' && (
              <Link to="/app/settings/staff" aria-current={current('/app/settings/staff')}>
                Staff
              </Link>
            )}
            {canReadAudit(staff.role) && (
              <Link to="/app/audit" aria-current={current('/app/audit')}>
                Audit log
              </Link>
            )}
            {mailbox && <Link to="/mailbox">Mailbox</Link>}
          </nav>
        }
        end={
          <>
            <span className="user-name">{staff.name}</span>
            <Button variant="ghost" size="sm" onClick={signOut} busy={signingOut}>
              Sign out
            </Button>
          </>
        }
      >
        <Outlet />
      </PageShell>
    </StaffContext.Provider>
  );
}
