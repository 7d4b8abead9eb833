import type { ReactNode } from 'react';
import { fromFeet, type LengthUnit } from '../../shared/api-schemas/values';
import type {
  BoatView,
  EstimateView,
  InvoiceView,
  LineItemView,
  OrderView,
  PaymentView,
} from '../../shared/api-types';
import { EstimateStatusBadge, InvoiceStatusBadge, OrderStatusBadge, YardStatusBadge } from './badge';
import { Card } from './card';
import { formatDate, formatMoney } from './format';
import { type Column, Table } from './table';

/** Tables of a customer's records, shared by the staff profile and the customer portal. */

export function BoatsCard({
  boats,
  title = 'Boats',
  unit = 'ft',
  boatLink,
  actions,
}: {
  boats: BoatView[];
  title?: string;
  /** The yard's length unit: lengths are kept in feet and shown in it. */
  unit?: LengthUnit;
  /** The dashboard links each boat to its orders and its edit dialog. */
  boatLink?: (boat: BoatView) => ReactNode;
  /** Buttons in the card's header (the dashboard's "Add boat"). */
  actions?: ReactNode;
}) {
  return (
    <Card title={title} actions={actions}>
      {boats.length === 0 ? (
        <p className="muted">No boats on file.</p>
      ) : (
        <ul className="boat-list">
          {boats.map((b) => {
            const makeModel = [b.year, b.make, b.model].filter(Boolean).join(' ');
            const length = b.lengthFt ? `${fromFeet(Number(b.lengthFt), unit)} ${unit}` : null;
            const extra = [length, b.slip].filter(Boolean);
            return (
              <li key={b.id} className="boat">
                <span className="boat-name">
                  {b.name}
                  {b.archived && <span className="badge badge-neutral boat-archived">Archived</span>}
                </span>
                {b.yardStatus && (
                  <span className="boat-status small">
                    <YardStatusBadge status={b.yardStatus} />
                    {b.yardStatusAt && <span className="muted"> since {formatDate(b.yardStatusAt)}</span>}
                  </span>
                )}
                {makeModel && <span className="muted small">{makeModel}</span>}
                {extra.length > 0 && <span className="muted small">{extra.join(' · ')}</span>}
                {b.hullId && <span className="muted small mono">HIN {b.hullId}</span>}
                {boatLink?.(b)}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

/** A card of records: an optional note, then the table, or a one-line empty state. */
function RecordsCard({
  title,
  note,
  empty,
  count,
  children,
}: {
  title: string;
  note?: string;
  empty: string;
  count: number;
  children: ReactNode;
}) {
  return (
    <Card title={title} className="card-flush">
      {note && <p className="card-note muted small">{note}</p>}
      {count === 0 ? <p className="empty-compact">{empty}</p> : children}
    </Card>
  );
}

const muted = (value: ReactNode) => value ?? <span className="muted">—</span>;

export function OrdersCard({
  orders,
  title = 'Orders',
  empty,
  orderTitle,
  layout,
}: {
  orders: OrderView[];
  title?: string;
  empty?: string;
  /** The order's title cell (the portal links each order to its detail page). */
  orderTitle?: (order: OrderView) => ReactNode;
  /** 'stack': on a phone every column's value is listed (the portal); else two-line cards. */
  layout?: 'stack';
}) {
  const columns: Column<OrderView>[] = [
    { header: 'Order #', cell: (o) => o.number, cellClassName: 'tnum cell-c', label: 'Order #' },
    {
      header: 'Title',
      cellClassName: 'cell-a',
      cell: (o) => (
        <>
          <span className="cell-main">{orderTitle ? orderTitle(o) : o.title}</span>
          {o.scheduledFor && <span className="cell-sub">Scheduled {formatDate(o.scheduledFor)}</span>}
        </>
      ),
    },
    { header: 'Boat', className: 'hide-sm', cell: (o) => muted(o.boatName) },
    { header: 'Status', cellClassName: 'cell-d', cell: (o) => <OrderStatusBadge status={o.status} /> },
    { header: 'Opened', className: 'hide-sm', cellClassName: 'nowrap', cell: (o) => formatDate(o.openedAt) },
    { header: 'Total', className: 'num', cellClassName: 'cell-b', cell: (o) => formatMoney(o.totalCents) },
  ];
  return (
    <RecordsCard title={title} empty={empty ?? 'No orders yet.'} count={orders.length}>
      <Table
        className={layout === 'stack' ? 'table-stack' : 'table-cards'}
        columns={layout === 'stack' ? columns.map((c) => ({ ...c, label: undefined })) : columns}
        rows={orders}
        rowKey={(o) => o.id}
      />
    </RecordsCard>
  );
}

function LineItems({ items }: { items: LineItemView[] }) {
  if (items.length === 0) return null;
  return (
    <details className="line-items">
      <summary>
        {items.length} {items.length === 1 ? 'line item' : 'line items'}
      </summary>
      <table>
        <tbody>
          {items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: line items have no id and never reorder
            <tr key={i}>
              <td>{item.description}</td>
              <td className="num muted">
                {item.quantity} × {formatMoney(item.unitPriceCents)}
              </td>
              <td className="num">{formatMoney(item.totalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

interface RecordsProps {
  title?: string;
  note?: string;
  empty?: string;
  /** 'stack': on a phone each row lists every column's value (the portal); else columns hide. */
  layout?: 'stack';
}

/** The dashboard links an order number to the order's page; the portal shows the number. */
type OrderLink = (orderNumber: number) => ReactNode;

export function EstimatesCard({
  estimates,
  title = 'Estimates',
  note,
  empty,
  orderLink,
  numberLink,
  layout,
}: RecordsProps & {
  estimates: EstimateView[];
  orderLink?: OrderLink;
  /** The estimate's number as a link to where it is shown (the portal's order page). */
  numberLink?: (estimate: EstimateView) => ReactNode;
}) {
  const columns: Column<EstimateView>[] = [
    {
      header: 'Estimate #',
      cell: (e) => (
        <>
          <span className="tnum">{numberLink?.(e) ?? e.number}</span>
          <LineItems items={e.lineItems} />
        </>
      ),
    },
    {
      header: 'Order #',
      className: orderLink ? undefined : 'hide-sm',
      cellClassName: 'tnum',
      cell: (e) => orderLink?.(e.orderNumber) ?? e.orderNumber,
    },
    { header: 'Status', cell: (e) => <EstimateStatusBadge status={e.status} /> },
    {
      header: 'Valid until',
      className: 'hide-sm',
      cellClassName: 'nowrap',
      cell: (e) => formatDate(e.validUntil),
    },
    { header: 'Total', className: 'num', cell: (e) => formatMoney(e.totalCents) },
  ];
  return (
    <RecordsCard title={title} note={note} empty={empty ?? 'No estimates.'} count={estimates.length}>
      <Table
        className={layout === 'stack' ? 'table-stack' : undefined}
        columns={columns}
        rows={estimates}
        rowKey={(e) => e.id}
      />
    </RecordsCard>
  );
}

export function InvoicesCard({
  invoices,
  title = 'Invoices',
  note,
  empty,
  orderLink,
  numberLink,
  layout,
}: RecordsProps & {
  invoices: InvoiceView[];
  orderLink?: OrderLink;
  /** The invoice's number as a link to where it is shown (the portal's order page). */
  numberLink?: (invoice: InvoiceView) => ReactNode;
}) {
  const balance = invoices.filter((i) => i.status !== 'void').reduce((sum, i) => sum + i.balanceCents, 0);
  const columns: Column<InvoiceView>[] = [
    {
      header: 'Invoice #',
      cell: (inv) => (
        <>
          <span className="tnum">{numberLink?.(inv) ?? inv.number}</span>
          <span className="cell-sub">Order {orderLink?.(inv.orderNumber) ?? inv.orderNumber}</span>
          <LineItems items={inv.lineItems} />
        </>
      ),
    },
    { header: 'Status', cell: (inv) => <InvoiceStatusBadge status={inv.status} /> },
    {
      header: 'Due',
      className: 'hide-sm',
      cellClassName: 'nowrap',
      // A paid invoice is not due any more.
      cell: (inv) => (inv.status === 'paid' ? 'Paid' : formatDate(inv.dueOn)),
    },
    { header: 'Total', className: 'num', cell: (inv) => formatMoney(inv.totalCents) },
    { header: 'Paid', className: 'num hide-sm', cell: (inv) => formatMoney(inv.paidCents) },
    { header: 'Balance', className: 'num', cell: (inv) => formatMoney(inv.balanceCents) },
  ];
  return (
    <RecordsCard title={title} note={note} empty={empty ?? 'No invoices.'} count={invoices.length}>
      <Table
        className={layout === 'stack' ? 'table-stack' : undefined}
        columns={columns}
        rows={invoices}
        rowKey={(inv) => inv.id}
        footer={
          <tr>
            <td colSpan={columns.length}>
              <div className="total-row">
                <span>Balance due</span>
                <span className="num">{formatMoney(balance)}</span>
              </div>
            </td>
          </tr>
        }
      />
    </RecordsCard>
  );
}

export function PaymentsCard({
  payments,
  empty,
  receiptHref,
}: {
  payments: PaymentView[];
  empty?: string;
  /** Where each payment's receipt PDF is (staff's or the portal's route). */
  receiptHref?: (p: PaymentView) => string;
}) {
  const columns: Column<PaymentView>[] = [
    { header: 'Received', cellClassName: 'nowrap', cell: (p) => formatDate(p.receivedAt) },
    { header: 'Invoice #', cellClassName: 'tnum', cell: (p) => p.invoiceNumber },
    { header: 'Method', className: 'hide-sm', cell: (p) => p.method },
    { header: 'Amount', className: 'num', cell: (p) => formatMoney(p.amountCents) },
  ];
  if (receiptHref) {
    columns.push({
      header: 'Receipt',
      cell: (p) => (
        <a
          href={receiptHref(p)}
          download
          aria-label={`Receipt of the payment on invoice #${p.invoiceNumber} (PDF)`}
        >
          PDF
        </a>
      ),
    });
  }
  return (
    <RecordsCard title="Payments" empty={empty ?? 'No payments.'} count={payments.length}>
      <Table columns={columns} rows={payments} rowKey={(p) => p.id} />
    </RecordsCard>
  );
}
