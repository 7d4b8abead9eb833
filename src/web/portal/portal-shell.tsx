import { type ReactNode, useEffect, useState } from 'react';
import type { PortalMe } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { fullName } from '../ui/format';
import { Link, navigate } from '../ui/router';
import { type Resource, useResource } from '../ui/use-resource';
import { accountPaths } from './account-api';
import { portalApi, portalPaths } from './portal-api';
import { YardMark } from './portal-frame';
import './account.css';

/** The signed-in portal's frame for the account and request-service pages: header, then the page. */
export function PortalShell({
  yard,
  children,
}: {
  yard: string;
  children: (me: PortalMe, resource: Resource<PortalMe>) => ReactNode;
}) {
  const me = useResource((signal) => portalApi.me(yard, signal), [yard]);
  const [signingOut, setSigningOut] = useState(false);
  const unauthenticated = me.error instanceof ApiError && me.error.status === 401;
  useEffect(() => {
    if (unauthenticated) navigate(portalPaths.signIn(yard), { replace: true });
  }, [unauthenticated, yard]);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await portalApi.signOut(yard);
    } catch {
      // Whatever happened, show the sign-in page.
    }
    navigate(portalPaths.signIn(yard), { replace: true });
  };

  const data = me.data;
  if (!data) {
    return (
      <main className="page page-narrow">
        {me.error && !me.loading && !unauthenticated ? (
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
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner page-narrow">
          <Link to={portalPaths.home(yard)} className="brand">
            <YardMark name={data.yard.name} />
            <span className="brand-name">{data.yard.name}</span>
          </Link>
          <div className="topbar-end">
            <PortalNav yard={yard} />
            <span className="user-name">{fullName(data.customer)}</span>
            <Button variant="ghost" size="sm" onClick={signOut} busy={signingOut}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main className="page page-narrow" id="main">
        {children(data, me)}
      </main>
    </>
  );
}

/** Links to the customer's own pages, for every signed-in portal header. */
export function PortalNav({ yard }: { yard: string }) {
  return (
    <nav className="portal-nav" aria-label="Portal">
      <Link to={accountPaths.requestService(yard)}>Request service</Link>
      <Link to={accountPaths.account(yard)}>Account</Link>
    </nav>
  );
}
