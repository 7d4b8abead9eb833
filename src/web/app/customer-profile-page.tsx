import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCallback } from 'react';
import type { CustomerProfileResponse, PortalState } from '../../shared/api-types';
import { EstimatesCard, InvoicesCard, OrdersCard, PaymentsCard } from '../ui/account-tables';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { EmptyState, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { fullName } from '../ui/format';
import { AccessCard } from './access-card';
import { AuditHistoryCard } from './audit-history-card';
import { ContactCard } from './contact-card';
import { ArchivedBanner, CustomerRecordActions } from './customer-record-actions';
import { customersLink } from './customers-link';
import { NewOrderButton } from './new-order-dialog';
import { NotificationChoices } from './notification-choices';
import { PortalCard } from './portal-card';
import { SavedCardsCard } from './saved-cards-card';
import { staffQueries } from './staff-api';
import { StaffBoatsCard } from './staff-boats-card';
import { useCan, useStaff } from './staff-shell';
import { TimelineCard } from './timeline-card';

const POLL_MS = 3_000;
/** A queued invite is followed this long; after that a mail outage is not polled forever. */
const FOLLOW_QUEUED_MS = 2 * 60_000;

/** While the invite email is on its way, refresh so its delivery shows up by itself. */
function followQueuedInvite(data: CustomerProfileResponse | undefined): number | false {
  const last = data?.portal.lastInvite;
  if (last?.status !== 'queued') return false;
  return Date.now() - Date.parse(last.createdAt) < FOLLOW_QUEUED_MS ? POLL_MS : false;
}

export function CustomerProfilePage({ id }: { id: string }) {
  const { yard, staff } = useStaff();
  const canRecord = useCan('staff:records');
  const canInvite = useCan('staff:invites');
  const queryClient = useQueryClient();
  const query = staffQueries.customer(id);
  const profile = useQuery({ ...query, refetchInterval: (q) => followQueuedInvite(q.state.data) });
  const data = profile.data;
  useDocumentTitle(data ? fullName(data.customer) : 'Customer');
  const { refetch } = profile;
  const refresh = useCallback(() => void refetch(), [refetch]);
  const setProfile = (next: CustomerProfileResponse) => queryClient.setQueryData(query.queryKey, next);

  const back = (
    <Link {...customersLink()} className="back-link">
      ← Customers
    </Link>
  );

  if (!data) {
    if (profile.error && !profile.isFetching) {
      const missing = profile.error instanceof ApiError && profile.error.status === 404;
      return (
        <>
          {back}
          <div className="card">
            <EmptyState title={missing ? 'Customer not found' : 'The customer could not be loaded'}>
              <p>{errorMessage(profile.error)}</p>
              {!missing && (
                <Button size="sm" onClick={refresh}>
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
  const setPortal = (portal: PortalState) => setProfile({ ...data, portal });
  const orderIds = new Map(data.orders.map((o) => [o.number, o.id]));
  /** An order number as a link to the order's page (a number of an order not listed stays text). */
  const orderLink = (orderNumber: number, label: string = String(orderNumber)) => {
    const id = orderIds.get(orderNumber);
    return id ? (
      <Link to="/app/orders/$id" params={{ id }}>
        {label}
      </Link>
    ) : (
      label
    );
  };

  return (
    <>
      {back}
      <div className="page-header">
        <div>
          <h1>{fullName(customer)}</h1>
          <p className="subtitle">
            Customer #{customer.customerNumber}
            {customer.company ? ` · ${customer.company}` : ''} ·{' '}
            <Link to="/app/messages/general/$id" params={{ id: customer.id }}>
              Messages
            </Link>{' '}
            ·{' '}
            <Link to="/app/messages" search={{ customerId: customer.id }}>
              All their conversations
            </Link>
          </p>
        </div>
        {canRecord && (
          <div className="btn-row profile-actions">
            <NewOrderButton customerId={customer.id} boats={data.boats.filter((b) => !b.archived)} />
            <CustomerRecordActions profile={data} onProfile={setProfile} />
          </div>
        )}
      </div>
      <ArchivedBanner profile={data} onProfile={setProfile} />
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
            refresh={refresh}
          />
          <AccessCard customerId={customer.id} canRevoke={canInvite} />
          <NotificationChoices firstName={customer.firstName} notifications={data.notifications} />
          <ContactCard
            customer={customer}
            details={data.details}
            invitePending={data.portal.button === 'wait'}
            onSaved={setProfile}
          />
          <StaffBoatsCard
            customerId={customer.id}
            boats={data.boats}
            unit={yard.lengthUnit}
            canEdit={staff.role === 'owner' || staff.role === 'office'}
            canSetStatus={(b) =>
              staff.role === 'technician'
                ? data.orders.some((o) => o.boatId === b.id)
                : staff.role !== 'viewer'
            }
            onChanged={refresh}
          />
          <TimelineCard
            events={data.timeline}
            orderLink={(n) =>
              orderIds.has(n) && <p className="timeline-meta">{orderLink(n, `Open order #${n}`)}</p>
            }
          />
        </div>
        <div className="stack profile-main">
          <OrdersCard
            orders={data.orders}
            orderTitle={(o) => (
              <Link to="/app/orders/$id" params={{ id: o.id }}>
                {o.title}
              </Link>
            )}
          />
          <Link to="/app/orders" search={{ customerId: customer.id }}>
            All orders of {fullName(customer)} in the Orders list
          </Link>
          <EstimatesCard estimates={data.estimates} orderLink={(n) => orderLink(n)} />
          <InvoicesCard invoices={data.invoices} orderLink={(n) => orderLink(n)} />
          <PaymentsCard
            payments={data.payments}
            receiptHref={(p) => `/api/staff/payments/${encodeURIComponent(p.id)}/receipt.pdf`}
          />
          <SavedCardsCard customerId={customer.id} />
          <AuditHistoryCard customerId={customer.id} />
        </div>
      </div>
    </>
  );
}
