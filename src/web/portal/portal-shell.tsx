import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { PortalMe } from '../../shared/api-types';
import { ApiError } from '../ui/api';
import { Button } from '../ui/button';
import { fullName, setYardCurrency, setYardTimeZone } from '../ui/format';
import { UnreadBadge } from '../ui/messages';
import { PageShell, PageShellPending } from '../ui/page-shell';
import { may } from './access-api';
import { ActingBar } from './acting-bar';
import { messageQueries } from './messages-api';
import { portalApi, portalQueries, resetPortalSession } from './portal-api';
import { YardMark } from './portal-frame';
import { portalLinks } from './portal-links';
import './account.css';

const PortalMeContext = createContext<PortalMe | null>(null);

/** The signed-in customer, for pages inside the portal's shell. */
export function usePortalMe(): PortalMe {
  const me = useContext(PortalMeContext);
  if (!me) throw new Error('usePortalMe is used outside the portal shell.');
  return me;
}

/**
 * The signed-in portal's frame for the home, order, account and request-service pages:
 * checks the session (signed out → the sign-in page), then the header — the yard's and the
 * customer's names, shortened but never hidden on a phone, and the navigation — and the page.
 */
export function PortalShell({ yard, children }: { yard: string; children: ReactNode }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(portalQueries.me(yard));
  const [signingOut, setSigningOut] = useState(false);
  // Threads with a message from the yard not read yet (docs/messages.md), once signed in.
  const unreadMessages =
    useQuery({ ...messageQueries.list(yard), enabled: !!me.data }).data?.unreadThreads ?? 0;
  const unauthenticated = me.error instanceof ApiError && me.error.status === 401;
  useEffect(() => {
    if (unauthenticated) void navigate({ ...portalLinks.signIn(yard), replace: true });
  }, [unauthenticated, yard, navigate]);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await portalApi.signOut(yard);
    } catch {
      // Whatever happened, show the sign-in page.
    }
    resetPortalSession(queryClient, yard);
    await navigate({ ...portalLinks.signIn(yard), replace: true });
  };

  const data = me.data;
  if (!data) {
    return (
      <PageShellPending
        narrow
        error={me.isFetching || unauthenticated ? null : me.error}
        onRetry={() => me.refetch()}
      />
    );
  }
  setYardCurrency(data.yard.currency);
  setYardTimeZone(data.yard.timezone);
  return (
    <PortalMeContext.Provider value={data}>
      <div className="portal">
        <PageShell
          narrow
          headerClassName="portal-topbar"
          brand={
            <Link {...portalLinks.home(yard)} className="brand">
              <YardMark name={data.yard.name} logoUrl={data.yard.logoUrl} />
              <span className="brand-name">{data.yard.name}</span>
            </Link>
          }
          middle={
            <nav className="portal-nav" aria-label="Portal">
              <Link {...portalLinks.home(yard)} activeOptions={{ exact: true }}>
                Home
              </Link>
              <Link {...portalLinks.messages(yard)}>
                Messages
                <UnreadBadge count={unreadMessages} />
              </Link>
              {may.request(data) && <Link {...portalLinks.requestService(yard)}>Request service</Link>}
              <Link {...portalLinks.receipts(yard)}>Receipts</Link>
              {may.manage(data) && <Link {...portalLinks.cards(yard)}>Cards</Link>}
              <Link {...portalLinks.account(yard)}>Account</Link>
            </nav>
          }
          end={
            <>
              <span className="user-name" title={data.access.signedInName || fullName(data.customer)}>
                {data.access.signedInName || fullName(data.customer)}
              </span>
              <Button variant="ghost" size="sm" onClick={signOut} busy={signingOut}>
                Sign out
              </Button>
            </>
          }
        >
          <ActingBar yard={yard} me={data} />
          {children}
        </PageShell>
      </div>
    </PortalMeContext.Provider>
  );
}
