import type {
  EstimateAcceptanceView,
  EstimateChanges,
  EstimateLineView,
  StaffEstimateView,
  TaxRatesView,
} from '../../shared/api-types.js';
import type { EstimateRow, EstimateVersionsRepo } from './estimate-versions.repo.js';
import { acceptanceView, changesAgainst, dateOnly, iso, lineView, ratesOf } from './estimate-views.js';

export interface EstimateExtras {
  version: number;
  previousId: string | null;
  respondedAt: string | null;
  lineItems: EstimateLineView[];
  taxRates: TaxRatesView;
  acceptance: EstimateAcceptanceView | null;
  changes: EstimateChanges | null;
}

/**
 * Lines, acceptances and "what changed" of a set of estimate versions (an order's, or a
 * customer's), by estimate id. A version is compared with the nearest earlier version of
 * its chain (`previous_id`) that the customer accepted.
 */
export async function estimateExtras(
  repo: EstimateVersionsRepo,
  yardId: string,
  rows: EstimateRow[],
): Promise<Map<string, EstimateExtras>> {
  const ids = rows.map((r) => r.id);
  const [lines, acceptances] = await Promise.all([repo.lines(yardId, ids), repo.acceptances(yardId, ids)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const accOf = new Map(acceptances.map((a) => [a.estimate_id, a]));
  const linesOf = (id: string) => lines.filter((l) => l.estimate_id === id);
  const out = new Map<string, EstimateExtras>();
  for (const row of rows) {
    let changes: EstimateChanges | null = null;
    for (let prev = row.previous_id ? byId.get(row.previous_id) : undefined; prev; ) {
      const acc = accOf.get(prev.id);
      if (acc) {
        changes = changesAgainst(
          { version: prev.version, acceptance: acc },
          {
            lines: linesOf(row.id),
            subtotalCents: row.subtotal_cents,
            taxCents: row.tax_cents,
            totalCents: row.total_cents,
          },
        );
        break;
      }
      prev = prev.previous_id ? byId.get(prev.previous_id) : undefined;
    }
    const acc = accOf.get(row.id);
    out.set(row.id, {
      version: row.version,
      previousId: row.previous_id,
      respondedAt: iso(row.responded_at),
      lineItems: linesOf(row.id).map(lineView),
      taxRates: ratesOf(row),
      acceptance: acc ? acceptanceView(acc) : null,
      changes,
    });
  }
  return out;
}

/** Staff's view of each version, newest first, with what they may do with it. */
export async function staffEstimateViews(
  repo: EstimateVersionsRepo,
  yardId: string,
  rows: EstimateRow[],
): Promise<StaffEstimateView[]> {
  const extras = await estimateExtras(repo, yardId, rows);
  const newest = new Map<number, number>();
  for (const r of rows) newest.set(r.number, Math.max(newest.get(r.number) ?? 0, r.version));
  const hasDraft = new Set(rows.filter((r) => r.status === 'draft').map((r) => r.number));
  return rows.map((r) => {
    const isNewest = newest.get(r.number) === r.version;
    return {
      id: r.id,
      orderId: r.order_id,
      number: r.number,
      status: r.status,
      subtotalCents: r.subtotal_cents,
      taxCents: r.tax_cents,
      totalCents: r.total_cents,
      createdAt: r.created_at.toISOString(),
      sentAt: iso(r.sent_at),
      validUntil: dateOnly(r.valid_until),
      message: r.message,
      declineReason: r.decline_reason,
      ...extras.get(r.id)!,
      canSend: r.status === 'draft' || r.status === 'sent',
      canEdit: r.status === 'draft',
      canRevise:
        isNewest && !hasDraft.has(r.number) && ['sent', 'accepted', 'declined', 'expired'].includes(r.status),
    };
  });
}
