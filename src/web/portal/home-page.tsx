import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { BoatsCard, EstimatesCard, InvoicesCard } from '../ui/account-tables';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatAddress, formatMoney, formatPhone, fullName } from '../ui/format';
import { OrderHistory } from './order-history';
import { portalLinks, usePortalYard } from './portal-links';
import { usePortalMe } from './portal-shell';

/** /portal/:yard — everything the yard holds about the signed-in customer (inside PortalShell). */
export function PortalHomePage() {
  const data = usePortalMe();
  const yard = usePortalYard();
  useDocumentTitle(data.yard.name);

  const { customer } = data;
  const address = formatAddress(customer);
  const openEstimates = data.estimates.filter((e) => e.status === 'sent');
  const dueInvoices = data.invoices.filter(
    (i) => i.balanceCents > 0 && (i.status === 'open' || i.status === 'partial'),
  );
  const balance = dueInvoices.reduce((sum, i) => sum + i.balanceCents, 0);
  const orderIds = new Map(data.orders.map((o) => [o.number, o.id]));
  /** An estimate's or invoice's number, linked to its card on its order's page. */
  const numberLink = (
    kind: 'estimate' | 'invoice',
    doc: { number: number; orderNumber: number },
  ): ReactNode => {
    const orderId = orderIds.get(doc.orderNumber);
    if (!orderId) return null;
    return (
      <Link
        {...portalLinks.order(yard, orderId)}
        hash={`${kind}-${doc.number}`}
        aria-label={`${kind === 'estimate' ? 'Estimate' : 'Invoice'} #${doc.number}`}
      >
        {doc.number}
      </Link>
    );
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>
            {data.access.role === 'owner'
              ? `Welcome, ${customer.firstName}`
              : `${fullName(customer)}'s boats`}
          </h1>
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
          <BoatsCard
            boats={data.boats}
            title="Your boats"
            unit={data.yard.lengthUnit}
            boatLink={(b) => (
              <Link {...portalLinks.boat(yard, b.id)} className="portal-boat-link">
                Open {b.name}
              </Link>
            )}
          />
        </div>
        <OrderHistory yard={yard} boats={data.boats} orders={data.orders} />
        <EstimatesCard
          estimates={openEstimates}
          layout="stack"
          numberLink={(e) => numberLink('estimate', e)}
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
          layout="stack"
          numberLink={(inv) => numberLink('invoice', inv)}
          title="Invoices with a balance due"
          empty="Nothing to pay right now."
          note={
            dueInvoices.length
              ? 'Open the order to pay in full, in part, or the requested deposit.'
              : undefined
          }
        />
      </div>
    </>
  );
}
