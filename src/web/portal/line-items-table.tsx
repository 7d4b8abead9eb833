import type { LineItemView } from '../../shared/api-types';
import { formatMoney } from '../ui/format';
import './line-items.css';

const KIND: Record<LineItemView['kind'], string> = {
  labor: 'Labor',
  part: 'Part',
  fee: 'Fee',
  per_foot: 'Per foot',
  discount: 'Discount',
  deposit: 'Deposit',
};

/** A line as estimates carry it; invoices' lines have only the common fields. */
type Line = LineItemView & {
  id?: string;
  optional?: boolean;
  note?: string | null;
  technician?: string | null;
  partNumber?: string | null;
};

/** The customer's answer to each optional line while approving: approved, declined, or not yet chosen. */
export type LineChoice = 'approve' | 'decline' | null;

/**
 * An estimate's or invoice's line items, every one shown. Optional lines are marked; with
 * `choice`, each optional line has an Approve / Decline pair the customer picks from; lines
 * in `declinedIds` (an acceptance) are shown struck through as declined.
 */
export function LineItemsTable({
  items,
  choice,
  declinedIds,
}: {
  items: Line[];
  choice?: {
    of: (id: string) => LineChoice;
    set: (id: string, c: 'approve' | 'decline') => void;
    disabled?: boolean;
  };
  declinedIds?: readonly string[];
}) {
  if (items.length === 0) return <p className="muted">No line items.</p>;
  return (
    <div className="table-wrap">
      <table className="table line-items">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num unit">
              Unit price
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((li, i) => {
            const declined =
              li.id !== undefined &&
              (declinedIds?.includes(li.id) || (choice && li.optional && choice.of(li.id) === 'decline'));
            const detail = [
              li.technician ? `Technician: ${li.technician}` : null,
              li.partNumber ? `Part # ${li.partNumber}` : null,
              li.note,
            ].filter(Boolean);
            return (
              <tr key={li.id ?? i} className={declined ? 'line-declined' : undefined}>
                <td>
                  <span>{li.description}</span>
                  <span className="line-meta">
                    {KIND[li.kind]}
                    {li.optional && <> · {declined ? 'Optional, declined' : 'Optional'}</>}
                    {detail.length > 0 && <> · {detail.join(' · ')}</>}
                  </span>
                  <span className="line-meta line-unit">
                    {li.quantity} × {formatMoney(li.unitPriceCents)}
                  </span>
                  {choice && li.optional && li.id && (
                    <fieldset className="line-choice">
                      <legend className="visually-hidden">{li.description}</legend>
                      {(['approve', 'decline'] as const).map((c) => (
                        <label key={c} className={`line-choice-${c}`}>
                          <input
                            type="radio"
                            name={`line-${li.id}`}
                            value={c}
                            checked={choice.of(li.id!) === c}
                            disabled={choice.disabled}
                            onChange={() => choice.set(li.id!, c)}
                          />
                          <span>{c === 'approve' ? 'Approve' : 'Decline'}</span>
                        </label>
                      ))}
                    </fieldset>
                  )}
                </td>
                <td className="num">{li.quantity}</td>
                <td className="num unit">{formatMoney(li.unitPriceCents)}</td>
                <td className="num">
                  {declined ? <s>{formatMoney(li.totalCents)}</s> : formatMoney(li.totalCents)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function Totals({
  subtotal,
  tax,
  total,
  label = 'Total',
}: {
  subtotal: number;
  tax: number;
  total: number;
  label?: string;
}) {
  return (
    <dl className="details totals">
      <dt>Subtotal</dt>
      <dd>{formatMoney(subtotal)}</dd>
      <dt>Tax</dt>
      <dd>{formatMoney(tax)}</dd>
      <dt>{label}</dt>
      <dd>
        <strong data-testid="estimate-total">{formatMoney(total)}</strong>
      </dd>
    </dl>
  );
}
