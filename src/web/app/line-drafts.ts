import { lineProblem } from '../../modules/orders/money';
import type { OrderLineInput, OrderLineView, TaxClass, WorkLineKind } from '../../shared/api-types';

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
export const KINDS = Object.keys(KIND_LABEL) as WorkLineKind[];
export const TAX_LABEL: Record<TaxClass, string> = {
  labor: 'Labour tax',
  parts: 'Parts tax',
  fees: 'Fees tax',
  none: 'No tax',
};

let nextKey = 0;
export const newKey = () => `line-${++nextKey}`;

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
