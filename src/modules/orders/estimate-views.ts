import { AppError } from '../../server/errors.js';
import type {
  AcceptedLineView,
  EstimateAcceptanceView,
  EstimateChanges,
  EstimateLineView,
  TaxRatesView,
} from '../../shared/api-types.js';
import type { EstimateRow, LineCopy, LineRow } from './estimate-versions.repo.js';
import { documentTotals, LIMITS, lineProblem, lineTotalCents, type Totals } from './money.js';

/**
 * Pure pieces of estimate versions: copying the order's lines, the views of lines and
 * acceptances, re-totalling what the customer accepted, and what changed between an
 * accepted version and the one replacing it.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const dateOnly = (d: Date | string | null) =>
  d ? String(d instanceof Date ? d.toISOString() : d).slice(0, 10) : null;

export function ratesOf(e: Pick<EstimateRow, 'tax_labor_bp' | 'tax_parts_bp' | 'tax_fees_bp'>): TaxRatesView {
  return { labor: e.tax_labor_bp, parts: e.tax_parts_bp, fees: e.tax_fees_bp };
}

/** "3.00" → "3", "1.50" → "1.5": quantities as people write them. */
export function plainQuantity(q: string | number): string {
  const s = String(q);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * The order's working lines as copies for an estimate, checked again (a line may have been
 * saved before a ceiling applied): a 422 names the first line that is wrong.
 */
export function copyOrderLines(
  lines: LineRow[],
  rates: TaxRatesView,
): { copies: LineCopy[]; totals: Totals } {
  if (lines.length === 0) throw new AppError('NO_LINES');
  if (lines.length > LIMITS.maxLines) {
    throw new AppError(
      'VALIDATION',
      `An estimate has at most ${LIMITS.maxLines} lines; this order has ${lines.length}.`,
    );
  }
  const copies = lines.map((l, i): LineCopy => {
    const quantity = plainQuantity(l.quantity);
    const problem = lineProblem({ kind: l.kind, quantity, unitPriceCents: l.unit_price_cents });
    if (problem) throw new AppError('VALIDATION', `Line ${i + 1} (${l.description}): ${problem}`);
    return {
      sourceLineId: l.id,
      kind: l.kind,
      description: l.description,
      quantity,
      unitPriceCents: l.unit_price_cents,
      totalCents: lineTotalCents(quantity, l.unit_price_cents),
      optional: l.optional,
      note: l.note,
      technician: l.technician,
      partNumber: l.part_number,
      taxClass: l.tax_class,
    };
  });
  const totals = documentTotals(copies, rates);
  if (Math.abs(totals.totalCents) > LIMITS.maxDocumentCents) {
    throw new AppError(
      'VALIDATION',
      'The estimate would come to more than $20,000,000. Split the work into several orders.',
    );
  }
  return { copies, totals };
}

export function lineView(l: LineRow): EstimateLineView {
  return {
    id: l.id,
    kind: l.kind,
    description: l.description,
    quantity: plainQuantity(l.quantity),
    unitPriceCents: l.unit_price_cents,
    totalCents: l.total_cents,
    optional: l.optional,
    note: l.note,
    technician: l.technician,
    partNumber: l.part_number,
    taxClass: l.tax_class,
  };
}

/** An acceptance's snapshot line as stored (older snapshots lack ids and marks). */
interface SnapshotLine {
  id?: string;
  sourceLineId?: string | null;
  kind: EstimateLineView['kind'];
  description: string;
  quantity: string;
  unitPriceCents: number;
  totalCents: number;
  optional?: boolean;
  note?: string | null;
  technician?: string | null;
  partNumber?: string | null;
  taxClass?: EstimateLineView['taxClass'];
  accepted?: boolean;
}

/** The snapshot frozen at acceptance: every line, marked accepted or declined. */
export function snapshotLines(lines: LineRow[], declined: ReadonlySet<string>): SnapshotLine[] {
  return lines.map((l) => ({
    ...lineView(l),
    quantity: String(l.quantity),
    sourceLineId: l.source_line_id,
    accepted: !declined.has(l.id),
  }));
}

/**
 * What the customer accepts: the estimate's own totals when nothing is declined, else
 * the accepted lines re-totalled at the rates the estimate was priced with.
 */
export function acceptedTotals(
  estimate: Pick<EstimateRow, 'subtotal_cents' | 'tax_cents' | 'total_cents'>,
  lines: LineRow[],
  rates: TaxRatesView,
  declined: ReadonlySet<string>,
) {
  if (declined.size === 0) {
    return {
      subtotalCents: estimate.subtotal_cents,
      taxCents: estimate.tax_cents,
      totalCents: estimate.total_cents,
    };
  }
  const t = documentTotals(
    lines
      .filter((l) => !declined.has(l.id))
      .map((l) => ({
        kind: l.kind,
        quantity: plainQuantity(l.quantity),
        unitPriceCents: l.unit_price_cents,
        taxClass: l.tax_class,
      })),
    rates,
  );
  return { subtotalCents: t.subtotalCents, taxCents: t.taxCents, totalCents: t.totalCents };
}

export function acceptanceView(a: {
  accepted_at: Date;
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  line_items: unknown;
  signer_name?: string | null;
  signature_path?: string | null;
  ip?: string | null;
}): EstimateAcceptanceView {
  const raw = (Array.isArray(a.line_items) ? a.line_items : []) as SnapshotLine[];
  const lines = raw.map((l, i): AcceptedLineView & { sourceLineId: string | null } => ({
    id: l.id ?? `line-${i + 1}`,
    sourceLineId: l.sourceLineId ?? null,
    kind: l.kind,
    description: l.description,
    quantity: plainQuantity(l.quantity),
    unitPriceCents: l.unitPriceCents,
    totalCents: l.totalCents,
    optional: l.optional ?? false,
    note: l.note ?? null,
    technician: l.technician ?? null,
    partNumber: l.partNumber ?? null,
    taxClass: l.taxClass ?? 'none',
    accepted: l.accepted ?? true,
  }));
  return {
    acceptedAt: a.accepted_at.toISOString(),
    signature:
      a.signer_name && a.signature_path
        ? {
            name: a.signer_name,
            path: a.signature_path,
            signedAt: a.accepted_at.toISOString(),
            ip: a.ip ?? null,
          }
        : null,
    subtotalCents: a.subtotal_cents,
    taxCents: a.tax_cents,
    totalCents: a.total_cents,
    lines: lines.map(({ sourceLineId: _s, ...l }) => l),
    declinedLineIds: lines.filter((l) => !l.accepted).map((l) => l.id),
  };
}

const figures = (l: { quantity: string; unitPriceCents: number; totalCents: number }) => ({
  quantity: plainQuantity(l.quantity),
  unitPriceCents: l.unitPriceCents,
  totalCents: l.totalCents,
});

/**
 * Line by line, how `current` differs from what the customer accepted on an earlier
 * version. Lines are matched by the order line they were copied from, else by kind and
 * description; declined optional lines of the acceptance count as not accepted.
 */
export function changesAgainst(
  accepted: {
    version: number;
    acceptance: {
      accepted_at: Date;
      subtotal_cents: number;
      tax_cents: number;
      total_cents: number;
      line_items: unknown;
    };
  },
  current: { lines: LineRow[]; subtotalCents: number; taxCents: number; totalCents: number },
): EstimateChanges {
  const raw = (
    Array.isArray(accepted.acceptance.line_items) ? accepted.acceptance.line_items : []
  ) as SnapshotLine[];
  const before = raw.filter((l) => l.accepted !== false);
  const textKey = (l: { kind: string; description: string }) =>
    `${l.kind}:${l.description.trim().toLowerCase()}`;
  const matched = new Set<SnapshotLine>();
  const find = (row: LineRow) =>
    before.find((l) => !matched.has(l) && row.source_line_id && l.sourceLineId === row.source_line_id) ??
    before.find((l) => !matched.has(l) && textKey(l) === textKey(row));
  const lines: EstimateChanges['lines'] = [];
  for (const row of current.lines) {
    const now = lineView(row);
    const was = find(row);
    if (!was) {
      lines.push({
        change: 'added',
        kind: now.kind,
        description: now.description,
        before: null,
        after: figures(now),
      });
      continue;
    }
    matched.add(was);
    if (plainQuantity(was.quantity) !== now.quantity || was.unitPriceCents !== now.unitPriceCents) {
      lines.push({
        change: 'changed',
        kind: now.kind,
        description: now.description,
        before: figures(was),
        after: figures(now),
      });
    }
  }
  for (const was of before) {
    if (!matched.has(was)) {
      lines.push({
        change: 'removed',
        kind: was.kind,
        description: was.description,
        before: figures(was),
        after: null,
      });
    }
  }
  const a = accepted.acceptance;
  return {
    againstVersion: accepted.version,
    acceptedAt: a.accepted_at.toISOString(),
    lines,
    before: { subtotalCents: a.subtotal_cents, taxCents: a.tax_cents, totalCents: a.total_cents },
    after: {
      subtotalCents: current.subtotalCents,
      taxCents: current.taxCents,
      totalCents: current.totalCents,
    },
  };
}

export { iso };
