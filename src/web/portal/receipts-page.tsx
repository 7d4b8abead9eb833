import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Badge } from '../ui/badge';
import { Card, EmptyState } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDate, formatMoney } from '../ui/format';
import { cardQueries, cardsApi } from './cards-api';
import { portalLinks, usePortalYard } from './portal-links';
import { usePortalMe } from './portal-shell';
import { QueryFallback } from './query-fallback';
import './saved-cards.css';

/** /portal/:yard/receipts — every payment and refund, newest first, dated in the yard's time zone. */
export function ReceiptsPage() {
  useDocumentTitle('Receipts');
  const yard = usePortalYard();
  const me = usePortalMe();
  const res = useQuery(cardQueries.receipts(yard));
  const header = (
    <div className="page-header">
      <div>
        <h1>Receipts</h1>
        <p className="subtitle">
          Every payment to {me.yard.name}, and every refund, with a receipt to download.
        </p>
      </div>
    </div>
  );
  const data = res.data;
  if (!data) return <QueryFallback res={res} back={header} />;
  return (
    <>
      {header}
      <div className="stack">
        <Card title="Payments and refunds">
          {data.receipts.length === 0 ? (
            <EmptyState title="No payments yet">Receipts appear here once you pay an invoice.</EmptyState>
          ) : (
            <ul className="receipt-list">
              {data.receipts.map((r) => (
                <li key={`${r.kind}-${r.id}`} className="receipt-item">
                  <div>
                    <Link {...portalLinks.receipt(yard, r.paymentId)}>
                      {r.kind === 'refund' ? 'Refund' : 'Payment'} of {formatDate(r.day)}
                    </Link>
                    <div className="muted">
                      {r.method} ·{' '}
                      <Link {...portalLinks.order(yard, r.orderId)}>Invoice #{r.invoiceNumber}</Link>
                    </div>
                  </div>
                  <div className="receipt-amount">
                    {r.kind === 'refund' ? <Badge tone="info">Refund</Badge> : null}{' '}
                    {formatMoney(r.kind === 'refund' ? -r.amountCents : r.amountCents)}
                    <div>
                      <a
                        href={cardsApi.receiptPdfUrl(yard, r.paymentId)}
                        download
                        aria-label={`Receipt PDF, invoice #${r.invoiceNumber}, ${formatDate(r.day)}`}
                      >
                        PDF
                      </a>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <p>
          <Link {...portalLinks.cards(yard)}>Manage saved cards</Link>
        </p>
      </div>
    </>
  );
}
