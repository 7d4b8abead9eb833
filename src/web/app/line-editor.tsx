import { type ReactNode, useMemo, useState } from 'react';
import { defaultTaxClass, documentTotals, lineTotalCents } from '../../modules/orders/money';
import type { OrderLineInput, OrderLineView, WorkLineKind } from '../../shared/api-types';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/field';
import { checkDraft, type DraftLine, draftOf, KIND_LABEL, KINDS, newKey } from './line-drafts';
import { LineRow } from './line-row';
import { OrderTotals, type Rates } from './order-totals';

export { KIND_LABEL, parseMoney } from './line-drafts';

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
