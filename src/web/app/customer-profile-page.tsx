import { useEffect } from 'react';
import type { PortalState } from '../../shared/api-types';
import { BoatsCard, EstimatesCard, InvoicesCard, OrdersCard, PaymentsCard } from '../ui/account-tables';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { EmptyState, Spinner } from '../ui/card';
import { fullName } from '../ui/format';
import { Link, useDocumentTitle } from '../ui/router';
import { useResource } from '../ui/use-resource';
import { ContactCard } from './contact-card';
import { customersHref } from './customers-page';
import { PortalCard } from './portal-card';
import { staffApi } from './staff-api';
import { useStaff } from './staff-shell';
import { TimelineCard } from './timeline-card';

const POLL_MS = 3_000;
const MAX_POLLS = 40;

export function CustomerProfilePage({ id }: { id: string }) {
  const { yard } = useStaff();
  const profile = useResource((signal) => staffApi.customer(id, signal), [id]);
  const data = profile.data;
  useDocumentTitle(data ? fullName(data.customer) : 'Customer');
  const queued = data?.portal.lastInvite?.status === 'queued';
  const { reload } = profile;

  // While the invite email is on its way, refresh so its delivery shows up by itself.
  useEffect(() => {
    if (!queued) return;
    let polls = 0;
    const timer = window.setInterval(() => {
      polls += 1;
      if (polls > MAX_POLLS) window.clearInterval(timer);
      else reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [queued, reload]);

  const back = (
    <Link to={customersHref()} className="back-link">
      ← Customers
    </Link>
  );

  if (!data) {
    if (profile.error && !profile.loading) {
      const missing = profile.error instanceof ApiError && profile.error.status === 404;
      return (
        <>
          {back}
          <div className="card">
            <EmptyState title={missing ? 'Customer not found' : 'The customer could not be loaded'}>
              <p>{errorMessage(profile.error)}</p>
              {!missing && (
                <Button size="sm" onClick={profile.reload}>
                  Try again
                </Button>
              )}
            </EmptyState>
          </div>
        </>
      );
    }
    return (
      <>
        {back}
        <Spinner label="Loading customer…" />
      </>
    );
  }

  const { customer } = data;
  const setPortal = (portal: PortalState) => profile.setData({ ...data, portal });

  return (
    <>
      {back}
      <div className="page-header">
        <div>
          <h1>{fullName(customer)}</h1>
          <p className="subtitle">
            Customer #{customer.customerNumber}
            {customer.company ? ` · ${customer.company}` : ''}
          </p>
        </div>
      </div>
      {profile.error != null && (
        <div className="alert alert-error small refresh-error" role="alert">
          {errorMessage(profile.error)}
        </div>
      )}
      <div className="profile-grid">
        <div className="stack profile-aside">
          <PortalCard
            customerId={customer.id}
            firstName={customer.firstName}
            yardName={yard.name}
            portal={data.portal}
            onPortal={setPortal}
            refresh={reload}
          />
          <ContactCard
            customer={customer}
            invitePending={data.portal.button === 'wait'}
            onSaved={(next) => profile.setData(next)}
          />
          <BoatsCard boats={data.boats} />
          <TimelineCard events={data.timeline} />
        </div>
        <div className="stack profile-main">
          <OrdersCard orders={data.orders} />
          <EstimatesCard estimates={data.estimates} />
          <InvoicesCard invoices={data.invoices} />
          <PaymentsCard payments={data.payments} />
        </div>
      </div>
    </>
  );
}
