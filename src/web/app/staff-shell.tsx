import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { StaffMe } from '../../shared/api-types';
import { api, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { Link, navigate, useLocation } from '../ui/router';
import { useResource } from '../ui/use-resource';
import { SIGN_IN_PATH, staffApi } from './staff-api';
import './app.css';

const StaffContext = createContext<StaffMe | null>(null);

export function useStaff(): StaffMe {
  const me = useContext(StaffContext);
  if (!me) throw new Error('useStaff is used outside the dashboard.');
  return me;
}

export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase())
      .join('') || 'S'
  );
}

/** The mailbox exists only with the built-in mail catcher; link to it when it answers. */
function useMailboxAvailable(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get('/api/mailbox', { signal: controller.signal })
      .then(() => setAvailable(true))
      .catch(() => setAvailable(false));
    return () => controller.abort();
  }, []);
  return available;
}

/** The dashboard frame: checks the session, then shows the top bar and the page. */
export function StaffShell({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const me = useResource((signal) => staffApi.me(signal), []);
  const mailbox = useMailboxAvailable();
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await staffApi.signOut();
    } catch {
      // Signed out or not, the sign-in page is where to go next.
    }
    navigate(SIGN_IN_PATH, { replace: true });
  };

  if (!me.data) {
    return (
      <main className="page">
        {me.error && !me.loading ? (
          <div className="alert alert-error" role="alert">
            {errorMessage(me.error)}{' '}
            <Button size="sm" onClick={me.reload}>
              Try again
            </Button>
          </div>
        ) : (
          <Spinner />
        )}
      </main>
    );
  }

  const { yard, staff } = me.data;
  return (
    <StaffContext.Provider value={me.data}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/app/customers" className="brand">
            <span className="brand-mark" aria-hidden="true">
              {initials(yard.name)}
            </span>
            <span className="brand-name">{yard.name}</span>
          </Link>
          <nav className="nav" aria-label="Dashboard">
            <Link
              to="/app/customers"
              aria-current={
                pathname.startsWith('/app/customers') || pathname.startsWith('/app/invites')
                  ? 'page'
                  : undefined
              }
            >
              Customers
            </Link>
            <Link to="/app/orders" aria-current={pathname.startsWith('/app/orders') ? 'page' : undefined}>
              Orders
            </Link>
            <Link
              to="/app/settings/invite-email"
              aria-current={pathname.startsWith('/app/settings/invite-email') ? 'page' : undefined}
            >
              Invite email
            </Link>
            {mailbox && <Link to="/mailbox">Mailbox</Link>}
          </nav>
          <div className="topbar-end">
            <span className="user-name">{staff.name}</span>
            <Button variant="ghost" size="sm" onClick={signOut} busy={signingOut}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </StaffContext.Provider>
  );
}
