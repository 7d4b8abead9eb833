import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type { ReceiptDetailResponse, ReceiptRow, ReceiptsResponse } from '../../shared/api-types.js';
import { paidWith } from './billing.service.js';
import { dayInZone, receiptReference } from './receipt-facts.js';
import { receiptsRepo } from './receipts.repo.js';

/**
 * The portal's receipts: every payment and refund of the customer, dated in the yard's time
 * zone, and one payment's receipt (its PDF is `GET /api/portal/:yard/payments/:id/receipt.pdf`).
 */
export function createReceiptsService(deps: Pick<AppDeps, 'database'>) {
  const repo = receiptsRepo(deps.database.db);

  async function list(yardId: string, customerId: string): Promise<ReceiptsResponse> {
    const [timezone, payments, refunds] = await Promise.all([
      repo.yardTimezone(yardId),
      repo.customerPayments(yardId, customerId),
      repo.customerRefunds(yardId, customerId),
    ]);
    const byId = new Map(payments.map((p) => [p.id, p]));
    const rows: ReceiptRow[] = payments.map((p) => ({
      kind: 'payment',
      id: p.id,
      paymentId: p.id,
      amountCents: p.amount_cents,
      at: p.received_at.toISOString(),
      day: dayInZone(p.received_at, timezone),
      method: paidWith(p),
      invoiceId: p.invoice_id,
      invoiceNumber: p.invoice_number,
      orderId: p.order_id,
      orderNumber: p.order_number,
    }));
    for (const r of refunds) {
      const p = byId.get(r.payment_id);
      if (!p) continue;
      rows.push({
        kind: 'refund',
        id: r.id,
        paymentId: p.id,
        amountCents: r.amount_cents,
        at: r.created_at.toISOString(),
        day: dayInZone(r.created_at, timezone),
        method: `Refund to ${paidWith(p)}`,
        invoiceId: p.invoice_id,
        invoiceNumber: p.invoice_number,
        orderId: p.order_id,
        orderNumber: p.order_number,
      });
    }
    rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id.localeCompare(b.id)));
    return { receipts: rows, timezone };
  }

  async function detail(
    yardId: string,
    customerId: string,
    paymentId: string,
  ): Promise<ReceiptDetailResponse> {
    const [timezone, p, refunds] = await Promise.all([
      repo.yardTimezone(yardId),
      repo.payment(yardId, customerId, paymentId),
      repo.customerRefunds(yardId, customerId, paymentId),
    ]);
    if (!p) throw notFound('That receipt');
    return {
      receipt: {
        paymentId: p.id,
        reference: receiptReference(p.invoice_number, p.id),
        amountCents: p.amount_cents,
        refundedCents: p.refunded_cents,
        at: p.received_at.toISOString(),
        day: dayInZone(p.received_at, timezone),
        method: paidWith(p),
        invoice: {
          id: p.invoice_id,
          number: p.invoice_number,
          totalCents: p.total_cents,
          paidCents: p.paid_cents,
          balanceCents: p.invoice_status === 'void' ? 0 : p.total_cents - p.paid_cents - p.credited_cents,
        },
        order: { id: p.order_id, number: p.order_number, title: p.order_title },
        refunds: refunds.map((r) => ({
          id: r.id,
          amountCents: r.amount_cents,
          at: r.created_at.toISOString(),
          day: dayInZone(r.created_at, timezone),
        })),
      },
      timezone,
    };
  }

  return { list, detail };
}

export type ReceiptsService = ReturnType<typeof createReceiptsService>;
