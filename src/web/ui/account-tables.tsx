import type {
  BoatView,
  EstimateView,
  InvoiceView,
  LineItemView,
  OrderView,
  PaymentView,
} from '../../shared/api-types';
import { EstimateStatusBadge, InvoiceStatusBadge, OrderStatusBadge } from './badge';
import { Card } from './card';
import { formatDate, formatMoney } from './format';
import { Link } from './router';

/** Tables of a customer's records, shared by the staff profile and the customer portal. */

export function BoatsCard({ boats, title = 'Boats' }: { boats: BoatView[]; title?: string }) {
  return (
    <Card title={title}>
      {boats.length === 0 ? (
        <p className="muted">No boats on file.</p>
      ) : (
        <ul className="boat-list">
          {boats.map((b) => {
            const makeModel = [b.year, b.make, b.model].filter(Boolean).join(' ');
            const extra = [b.lengthFt ? `${b.lengthFt} ft` : null, b.slip ? `Slip ${b.slip}` : null].filter(
              Boolean,
            );
            return (
              <li key={b.id} className="boat">
                <span className="boat-name">{b.name}</span>
                {makeModel && <span className="muted small">{makeModel}</span>}
                {extra.length > 0 && <span className="muted small">{extra.join(' · ')}</span>}
                {b.hullId && <span className="muted small mono">HIN {b.hullId}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

export function OrdersCard({
  orders,
  title = 'Orders',
  empty,
  orderHref,
}: {
  orders: OrderView[];
  title?: string;
  empty?: string;
  /** Where an order's page is (the portal links each order to its detail page). */
  orderHref?: (order: OrderView) => string;
}) {
  return (
    <Card title={title} className="card-flush">
      {orders.length === 0 ? (
        <p className="empty-compact">{empty ?? 'No orders yet.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">Order #</th>
                <th scope="col">Title</th>
                <th scope="col" className="hide-sm">
                  Boat
                </th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-sm">
                  Opened
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td className="tnum cell-c" data-label="Order #">
                    {o.number}
                  </td>
                  <td className="cell-a">
                    <span className="cell-main">
                      {orderHref ? <Link to={orderHref(o)}>{o.title}</Link> : o.title}
                    </span>
                    {o.scheduledFor && (
                      <span className="cell-sub">Scheduled {formatDate(o.scheduledFor)}</span>
                    )}
                  </td>
                  <td className="hide-sm">{o.boatName ?? <span className="muted">—</span>}</td>
                  <td className="cell-d">
                    <OrderStatusBadge status={o.status} />
                  </td>
                  <td className="hide-sm nowrap">{formatDate(o.openedAt)}</td>
                  <td className="num cell-b">{formatMoney(o.totalCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
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

export function EstimatesCard({
  estimates,
  title = 'Estimates',
  note,
  empty,
}: {
  estimates: EstimateView[];
  title?: string;
  note?: string;
  empty?: string;
}) {
  return (
    <Card title={title} className="card-flush">
      {note && <p className="card-note muted small">{note}</p>}
      {estimates.length === 0 ? (
        <p className="empty-compact">{empty ?? 'No estimates.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Estimate #</th>
                <th scope="col" className="hide-sm">
                  Order #
                </th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-sm">
                  Valid until
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {estimates.map((e) => (
                <tr key={e.id}>
                  <td>
                    <span className="tnum">{e.number}</span>
                    <LineItems items={e.lineItems} />
                  </td>
                  <td className="hide-sm tnum">{e.orderNumber}</td>
                  <td>
                    <EstimateStatusBadge status={e.status} />
                  </td>
                  <td className="hide-sm nowrap">{formatDate(e.validUntil)}</td>
                  <td className="num">{formatMoney(e.totalCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function InvoicesCard({
  invoices,
  title = 'Invoices',
  note,
  empty,
}: {
  invoices: InvoiceView[];
  title?: string;
  note?: string;
  empty?: string;
}) {
  const balance = invoices.filter((i) => i.status !== 'void').reduce((sum, i) => sum + i.balanceCents, 0);
  return (
    <Card title={title} className="card-flush">
      {note && <p className="card-note muted small">{note}</p>}
      {invoices.length === 0 ? (
        <p className="empty-compact">{empty ?? 'No invoices.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Invoice #</th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-sm">
                  Due
                </th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num hide-sm">
                  Paid
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((inv) => (
                <tr key={inv.id}>
                  <td>
                    <span className="tnum">{inv.number}</span>
                    <span className="cell-sub">Order {inv.orderNumber}</span>
                    <LineItems items={inv.lineItems} />
                  </td>
                  <td>
                    <InvoiceStatusBadge status={inv.status} />
                  </td>
                  <td className="hide-sm nowrap">{formatDate(inv.dueOn)}</td>
                  <td className="num">{formatMoney(inv.totalCents)}</td>
                  <td className="num hide-sm">{formatMoney(inv.paidCents)}</td>
                  <td className="num">{formatMoney(inv.balanceCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={6}>
                  <div className="total-row">
                    <span>Balance due</span>
                    <span className="num">{formatMoney(balance)}</span>
                  </div>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Card>
  );
}

export function PaymentsCard({ payments, empty }: { payments: PaymentView[]; empty?: string }) {
  return (
    <Card title="Payments" className="card-flush">
      {payments.length === 0 ? (
        <p className="empty-compact">{empty ?? 'No payments.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Invoice #</th>
                <th scope="col" className="hide-sm">
                  Method
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.id}>
                  <td className="nowrap">{formatDate(p.receivedAt)}</td>
                  <td className="tnum">{p.invoiceNumber}</td>
                  <td className="hide-sm">{p.method}</td>
                  <td className="num">{formatMoney(p.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
