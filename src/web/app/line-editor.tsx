import { type ReactNode, useMemo, useState } from 'react';
import { defaultTaxClass, documentTotals, lineProblem, lineTotalCents } from '../../modules/orders/money';
import type { OrderLineInput, OrderLineView, TaxClass, WorkLineKind } from '../../shared/api-types';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/field';
import { formatMoney } from '../ui/format';
import { OrderTotals, type Rates } from './order-totals';

/** A line as it is being typed: the price is dollars text until it is saved. */
export interface DraftLine {
  key: string;
  kind: WorkLineKind;
  description: string;
  quantity: string;
  price: string;
  taxClass: TaxClass;
  optional: boolean;
  note: string;
  technician: string;
  partNumber: string;
}

export const KIND_LABEL: Record<WorkLineKind, string> = {
  labor: 'Labour',
  part: 'Part',
  fee: 'Fee',
  per_foot: 'Per foot',
  discount: 'Discount',
};
const KINDS = Object.keys(KIND_LABEL) as WorkLineKind[];
const TAX_LABEL: Record<TaxClass, string> = {
  labor: 'Labour tax',
  parts: 'Parts tax',
  fees: 'Fees tax',
  none: 'No tax',
};

let nextKey = 0;
const newKey = () => `line-${++nextKey}`;

/** "-25", "$1,234.5" → cents; null when it is not an amount. */
export function parseMoney(text: string): number | null {
  const m = /^(-)?\s*\$?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  const cents = Number((m[2] ?? '0').replace(/,/g, '')) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

const centsText = (cents: number) => {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

export function draftOf(l: OrderLineView): DraftLine {
  return {
    key: l.id,
    kind: l.kind === 'deposit' ? 'discount' : l.kind,
    description: l.description,
    quantity: l.quantity,
    price: centsText(l.unitPriceCents),
    taxClass: l.taxClass,
    optional: l.optional,
    note: l.note ?? '',
    technician: l.technician ?? '',
    partNumber: l.partNumber ?? '',
  };
}

/** The line to send, or what is wrong with it in words. */
export function checkDraft(
  d: DraftLine,
  blankFootageOk = false,
): { line: OrderLineInput } | { problem: string } {
  if (!d.description.trim()) return { problem: 'Add a description.' };
  const cents = parseMoney(d.price);
  if (cents === null) return { problem: 'Enter the price in dollars, for example 145.00.' };
  // A catalog job's per-foot line may leave the footage to the boat it is added to.
  const fromBoat = blankFootageOk && d.kind === 'per_foot' && d.quantity.trim() === '';
  const problem = lineProblem({ kind: d.kind, quantity: fromBoat ? '1' : d.quantity, unitPriceCents: cents });
  if (problem) return { problem };
  return {
    line: {
      kind: d.kind,
      description: d.description.trim(),
      quantity: fromBoat ? undefined : d.quantity.trim(),
      unitPriceCents: cents,
      taxClass: d.taxClass,
      optional: d.optional,
      note: d.note.trim() || null,
      technician: d.kind === 'labor' ? d.technician.trim() || null : null,
      partNumber: d.kind === 'part' ? d.partNumber.trim() || null : null,
    },
  };
}

interface LineEditorProps {
  initial: OrderLineView[];
  rates: Rates;
  /** The boat's length overall, filled into new per-foot lines. */
  boatLengthFt: string | null;
  saving: boolean;
  error: string | null;
  onSave: (lines: OrderLineInput[]) => void;
  /** Closed orders show their lines without editing. */
  readOnly?: boolean;
  /** "Add from catalog", given whether there are unsaved changes. */
  catalog?: (dirty: boolean) => ReactNode;
  /** Catalog jobs: a per-foot line without footage takes the boat's length when added. */
  blankFootageOk?: boolean;
  saveLabel?: string;
  /** Changes made outside the lines (a job's name) that Save also saves. */
  extraDirty?: boolean;
}

/** The order's working lines: add, edit inline, remove; totals as they will be invoiced; Save replaces them. */
export function LineEditor({
  initial,
  rates,
  boatLengthFt,
  saving,
  error,
  onSave,
  readOnly,
  catalog,
  blankFootageOk,
  saveLabel = 'Save lines',
  extraDirty = false,
}: LineEditorProps) {
  const [lines, setLines] = useState<DraftLine[]>(() => initial.map(draftOf));
  const [dirty, setDirty] = useState(false);
  const [tried, setTried] = useState(false);

  const checked = useMemo(() => lines.map((l) => checkDraft(l, blankFootageOk)), [lines, blankFootageOk]);
  const valid = checked.flatMap((c) => ('line' in c ? [c.line] : []));
  const totals = documentTotals(
    valid.map((l) => ({
      ...l,
      quantity: l.quantity ?? '0',
      taxClass: l.taxClass ?? defaultTaxClass(l.kind),
    })),
    rates,
  );
  const problems = checked.filter((c) => 'problem' in c).length;

  const change = (key: string, patch: Partial<DraftLine>) => {
    setDirty(true);
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  };
  const add = (kind: WorkLineKind) => {
    setDirty(true);
    setLines((ls) => [
      ...ls,
      {
        key: newKey(),
        kind,
        description: '',
        quantity: kind === 'per_foot' ? (boatLengthFt ?? '') : '1',
        price: '',
        taxClass: defaultTaxClass(kind),
        optional: false,
        note: '',
        technician: '',
        partNumber: '',
      },
    ]);
  };
  const remove = (key: string) => {
    setDirty(true);
    setLines((ls) => ls.filter((l) => l.key !== key));
  };
  const save = () => {
    setTried(true);
    if (problems === 0) onSave(valid);
  };
  const discard = () => {
    setLines(initial.map(draftOf));
    setDirty(false);
    setTried(false);
  };

  return (
    <div className="line-editor">
      {lines.length === 0 ? (
        <p className="muted">No lines yet. Add labour, parts and fees, or a job from the catalog.</p>
      ) : (
        <ol className="line-list">
          {lines.map((l, i) => {
            const c = checked[i];
            const total = 'line' in c ? lineTotalCents(c.line.quantity ?? '0', c.line.unitPriceCents) : null;
            return (
              <LineRow
                key={l.key}
                n={i + 1}
                line={l}
                total={total}
                problem={'problem' in c && (tried || l.description !== '') ? c.problem : null}
                readOnly={readOnly}
                onChange={(patch) => change(l.key, patch)}
                onRemove={() => remove(l.key)}
              />
            );
          })}
        </ol>
      )}
      {!readOnly && (
        <fieldset className="line-add">
          <legend className="visually-hidden">Add a line</legend>
          {KINDS.map((k) => (
            <Button key={k} size="sm" onClick={() => add(k)}>
              + {KIND_LABEL[k]}
            </Button>
          ))}
        </fieldset>
      )}
      {!readOnly && catalog?.(dirty)}
      <OrderTotals totals={totals} rates={rates} />
      {!readOnly && (
        <>
          <FormAlert
            message={error ?? (tried && problems > 0 ? `Fix ${problems} line(s) before saving.` : null)}
          />
          <div className="line-actions">
            {(dirty || extraDirty) && <span className="muted small">Unsaved changes</span>}
            <Button onClick={discard} disabled={!dirty || saving}>
              Discard changes
            </Button>
            <Button variant="primary" onClick={save} busy={saving} disabled={!dirty && !extraDirty}>
              {saveLabel}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

function LineRow({
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
