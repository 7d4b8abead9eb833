import { defaultTaxClass } from '../../modules/orders/money';
import type { TaxClass, WorkLineKind } from '../../shared/api-types';
import { Button } from '../ui/button';
import { formatMoney } from '../ui/format';
import { type DraftLine, KIND_LABEL, KINDS, TAX_LABEL } from './line-drafts';

/** One line of the editor: kind, description, quantity, price and total; tax, who or which part, note. */
export function LineRow({
  n,
  line: l,
  total,
  problem,
  readOnly,
  onChange,
  onRemove,
}: {
  n: number;
  line: DraftLine;
  total: number | null;
  problem: string | null;
  readOnly?: boolean;
  onChange: (patch: Partial<DraftLine>) => void;
  onRemove: () => void;
}) {
  const label = (what: string) => `Line ${n} ${what}`;
  return (
    <li className={`line-row ${problem ? 'has-error' : ''}`}>
      <div className="line-main">
        <label className="line-field line-kind">
          <span>Kind</span>
          <select
            aria-label={label('kind')}
            value={l.kind}
            disabled={readOnly}
            onChange={(e) => {
              const kind = e.target.value as WorkLineKind;
              onChange({ kind, taxClass: defaultTaxClass(kind) });
            }}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="line-field line-desc">
          <span>Description</span>
          <input
            aria-label={label('description')}
            value={l.description}
            readOnly={readOnly}
            maxLength={200}
            onChange={(e) => onChange({ description: e.target.value })}
          />
        </label>
        <label className="line-field line-qty">
          <span>{l.kind === 'labor' ? 'Hours' : l.kind === 'per_foot' ? 'Feet' : 'Qty'}</span>
          <input
            aria-label={label('quantity')}
            inputMode="decimal"
            value={l.quantity}
            readOnly={readOnly}
            onChange={(e) => onChange({ quantity: e.target.value })}
          />
        </label>
        <label className="line-field line-price">
          <span>{l.kind === 'labor' ? 'Rate $' : 'Price $'}</span>
          <input
            aria-label={label('price')}
            inputMode="decimal"
            value={l.price}
            readOnly={readOnly}
            placeholder={l.kind === 'discount' ? '-50.00' : '0.00'}
            onChange={(e) => onChange({ price: e.target.value })}
          />
        </label>
        <div className="line-total num" data-testid={`line-${n}-total`}>
          <span className="visually-hidden">Line {n} total </span>
          {total === null ? '—' : formatMoney(total)}
        </div>
        {!readOnly && (
          <Button
            size="sm"
            variant="ghost"
            className="line-remove"
            onClick={onRemove}
            aria-label={`Remove line ${n}`}
          >
            Remove
          </Button>
        )}
      </div>
      <div className="line-extra">
        <label className="line-field">
          <span>Tax</span>
          <select
            aria-label={label('tax class')}
            value={l.taxClass}
            disabled={readOnly}
            onChange={(e) => onChange({ taxClass: e.target.value as TaxClass })}
          >
            {(Object.keys(TAX_LABEL) as TaxClass[]).map((t) => (
              <option key={t} value={t}>
                {TAX_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        {l.kind === 'labor' && (
          <label className="line-field">
            <span>Technician</span>
            <input
              aria-label={label('technician')}
              value={l.technician}
              readOnly={readOnly}
              onChange={(e) => onChange({ technician: e.target.value })}
            />
          </label>
        )}
        {l.kind === 'part' && (
          <label className="line-field">
            <span>Part #</span>
            <input
              aria-label={label('part number')}
              value={l.partNumber}
              readOnly={readOnly}
              onChange={(e) => onChange({ partNumber: e.target.value })}
            />
          </label>
        )}
        <label className="line-field line-note">
          <span>Note</span>
          <input
            aria-label={label('note')}
            value={l.note}
            readOnly={readOnly}
            onChange={(e) => onChange({ note: e.target.value })}
          />
        </label>
        <label className="line-optional">
          <input
            type="checkbox"
            checked={l.optional}
            disabled={readOnly}
            onChange={(e) => onChange({ optional: e.target.checked })}
          />
          Optional
        </label>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          Line {n}: {problem}
        </p>
      )}
    </li>
  );
}
