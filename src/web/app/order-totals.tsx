import type { Totals } from '../../modules/orders/money';
import { formatMoney } from '../ui/format';

export interface Rates {
  labor: number;
  parts: number;
  fees: number;
}

const CLASS_LABEL = { labor: 'Labour', parts: 'Parts', fees: 'Fees' } as const;

/** 725 → "7.25 %". */
const percent = (bp: number) => `${(bp / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;

/** Subtotal, tax per class at the yard's rates, and the total: what the invoice will say. */
export function OrderTotals({ totals, rates }: { totals: Totals; rates: Rates }) {
  const classes = (Object.keys(CLASS_LABEL) as (keyof typeof CLASS_LABEL)[]).filter(
    (c) => rates[c] > 0 || totals.taxByClass[c] !== 0,
  );
  return (
    <dl className="order-totals" aria-label="Totals">
      <div>
        <dt>Subtotal</dt>
        <dd className="num" data-testid="subtotal">
          {formatMoney(totals.subtotalCents)}
        </dd>
      </div>
      {classes.map((c) => (
        <div key={c}>
          <dt>
            {CLASS_LABEL[c]} tax ({percent(rates[c])})
          </dt>
          <dd className="num">{formatMoney(totals.taxByClass[c])}</dd>
        </div>
      ))}
      <div className="order-total">
        <dt>Total</dt>
        <dd className="num" data-testid="total">
          {formatMoney(totals.totalCents)}
        </dd>
      </div>
    </dl>
  );
}
