import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDate, formatMoney } from '../ui/format';
import { cardsApi } from './cards-api';
import { portalLinks } from './portal-links';
import { usePortalMe } from './portal-shell';
import { QueryFallback } from './query-fallback';
import './saved-cards.css';

/** /portal/:yard/receipts/:id — one payment's receipt, with its refunds and the PDF (inside PortalShell). */
export function ReceiptPage({ yard, id }: { yard: string; id: string }) {
  const me = usePortalMe();
  const res = useQuery({
    queryKey: ['portal', yard, 'receipt', id],
    queryFn: ({ signal }) => cardsApi.receipt(yard, id, signal),
  });
  const r = res.data?.receipt;
  useDocumentTitle(r ? `Receipt ${r.reference}` : 'Receipt');
  const back = (
    <p>
      <Link {...portalLinks.receipts(yard)}>← All receipts</Link>
    </p>
  );
  if (!r) return <QueryFallback res={res} back={back} />;
  return (
    <>
      {back}
      <div className="page-header">
        <div>
          <h1>Receipt {r.reference}</h1>
          <p className="subtitle">
            {formatMoney(r.amountCents)} paid to {me.yard.name} on {formatDate(r.day)}.
          </p>
        </div>
      </div>
      <div className="stack">
        <Card title="Payment">
          <dl className="receipt-facts">
            <dt>Date</dt>
            <dd>{formatDate(r.day)}</dd>
            <dt>Amount</dt>
            <dd>{formatMoney(r.amountCents)}</dd>
            <dt>Paid with</dt>
            <dd>{r.method}</dd>
            <dt>Invoice</dt>
            <dd>
              <Link {...portalLinks.order(yard, r.order.id)}>
                Invoice #{r.invoice.number} — order #{r.order.number}, {r.order.title}
              </Link>
            </dd>
            <dt>Invoice total</dt>
            <dd>{formatMoney(r.invoice.totalCents)}</dd>
            <dt>Balance due</dt>
            <dd>{r.invoice.balanceCents > 0 ? formatMoney(r.invoice.balanceCents) : 'Paid in full'}</dd>
            {r.refundedCents > 0 && (
              <>
                <dt>Refunded</dt>
                <dd>{formatMoney(r.refundedCents)}</dd>
              </>
            )}
          </dl>
          {r.refunds.length > 0 && (
            <ul>
              {r.refunds.map((x) => (
                <li key={x.id}>
                  Refund of {formatMoney(x.amountCents)} on {formatDate(x.day)}
                </li>
              ))}
            </ul>
          )}
          <p>
            <a className="btn btn-secondary" href={cardsApi.receiptPdfUrl(yard, r.paymentId)} download>
              Download the receipt (PDF)
            </a>
          </p>
        </Card>
      </div>
    </>
  );
}
