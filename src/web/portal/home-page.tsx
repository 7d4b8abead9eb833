import { useEffect, useState } from 'react';
import { BoatsCard, EstimatesCard, InvoicesCard } from '../ui/account-tables';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { formatAddress, formatMoney, formatPhone, fullName } from '../ui/format';
import { Link, navigate, useDocumentTitle } from '../ui/router';
import { useResource } from '../ui/use-resource';
import { OrderHistory } from './order-history';
import { portalApi, portalPaths } from './portal-api';
import { YardMark } from './portal-frame';
import { PortalNav } from './portal-shell';

/** /portal/:yard — everything the yard holds about the signed-in customer. */
export function PortalHomePage({ yard }: { yard: string }) {
  const me = useResource((signal) => portalApi.me(yard, signal), [yard]);
  const [signingOut, setSigningOut] = useState(false);
  const data = me.data;
  useDocumentTitle(data ? data.yard.name : 'Customer portal');
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

  const { customer } = data;
  const address = formatAddress(customer);
  const openEstimates = data.estimates.filter((e) => e.status === 'sent');
  const dueInvoices = data.invoices.filter(
    (i) => i.balanceCents > 0 && (i.status === 'open' || i.status === 'partial'),
  );
  const balance = dueInvoices.reduce((sum, i) => sum + i.balanceCents, 0);

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
            <span className="user-name">{fullName(customer)}</span>
            <Button variant="ghost" size="sm" onClick={signOut} busy={signingOut}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main className="page page-narrow" id="main">
        <div className="page-header">
          <div>
            <h1>Welcome, {customer.firstName}</h1>
            <p className="subtitle">Your account with {data.yard.name}.</p>
          </div>
          {balance > 0 && (
            <div className="balance-due">
              <span className="muted small">Balance due</span>
              <strong>{formatMoney(balance)}</strong>
            </div>
          )}
        </div>
        <div className="stack">
          <div className="portal-grid">
            <Card title="Contact details">
              <dl className="details">
                <dt>Name</dt>
                <dd>{fullName(customer)}</dd>
                <dt>Email</dt>
                <dd>{customer.email ?? '—'}</dd>
                <dt>Phone</dt>
                <dd>{formatPhone(customer.phone)}</dd>
                <dt>Address</dt>
                <dd>{address.length ? address.map((line) => <div key={line}>{line}</div>) : '—'}</dd>
              </dl>
            </Card>
            <BoatsCard boats={data.boats} title="Your boats" />
          </div>
          <OrderHistory yard={yard} boats={data.boats} orders={data.orders} />
          <EstimatesCard
            estimates={openEstimates}
            title="Open estimates"
            empty="No estimates waiting for your answer."
            note={
              openEstimates.length
                ? 'Open the order to review the line items and accept or decline the estimate.'
                : undefined
            }
          />
          <InvoicesCard
            invoices={dueInvoices}
            title="Invoices with a balance due"
            empty="Nothing to pay right now."
            note={
              dueInvoices.length
                ? 'Open the order to pay in full, in part, or the requested deposit.'
                : undefined
            }
          />
        </div>
      </main>
    </>
  );
}
