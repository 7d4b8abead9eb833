import type { LineItemView } from '../../shared/api-types';
import { formatMoney } from '../ui/format';

const KIND: Record<LineItemView['kind'], string> = {
  labor: 'Labor',
  part: 'Part',
  fee: 'Fee',
  per_foot: 'Per foot',
  discount: 'Discount',
  deposit: 'Deposit',
};

/** An estimate's or invoice's line items, every one shown. */
export function LineItemsTable({ items }: { items: LineItemView[] }) {
  if (items.length === 0) return <p className="muted">No line items.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Unit price
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((li, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: line items have no id and never reorder
            <tr key={i}>
              <td>{li.description}</td>
              <td>{KIND[li.kind]}</td>
              <td className="num">{li.quantity}</td>
              <td className="num">{formatMoney(li.unitPriceCents)}</td>
              <td className="num">{formatMoney(li.totalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Totals({ subtotal, tax, total }: { subtotal: number; tax: number; total: number }) {
  return (
    <dl className="details totals">
      <dt>Subtotal</dt>
      <dd>{formatMoney(subtotal)}</dd>
      <dt>Tax</dt>
      <dd>{formatMoney(tax)}</dd>
      <dt>Total</dt>
      <dd>
        <strong>{formatMoney(total)}</strong>
      </dd>
    </dl>
  );
}
