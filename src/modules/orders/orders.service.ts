import type PgBoss from 'pg-boss';
import type { OrderStatus } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type {
  OrderDetailResponse,
  OrderStatusChange,
  PayInvoiceResponse,
  PortalOrdersResponse,
} from '../../shared/api-types.js';
import { boatView, loadOrderRecords, orderView } from '../customers/account-data.js';
import { accountDataRepo } from '../customers/account-data.repo.js';
import { customersRepo } from '../customers/customers.repo.js';
import { estimateApprovalRepo } from './estimate-approval.repo.js';
import { estimateExtras } from './estimate-records.js';
import { estimateVersionsRepo } from './estimate-versions.repo.js';
import { blockedReason } from './estimates.service.js';
import { ordersRepo } from './orders.repo.js';
import type { PayOutcome } from './payments.service.js';
import { awaitingView } from './reapproval.js';

/** Reading orders (portal and dashboard) and staff's "send estimate / invoice" actions. */
export function createOrdersService(
  deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss },
  paymentProvider: 'offline' | 'stripe',
) {
  const { db } = deps.database;
  const customers = customersRepo(db);
  const accountData = accountDataRepo(db);
  const orders = ordersRepo(db);
  const versions = estimateVersionsRepo(db);
  const approvals = estimateApprovalRepo(db);

  /**
   * The order history: orders alone (their documents are read on an order's own page), as
   * the page part of the session's statement (sessions.customerWith); a one-boat grant sees
   * that boat's orders only.
   */
  const historyPage = (filter: { boatId?: string; status?: OrderStatus }) =>
    accountData.orderHistoryPage(filter);

  function history(rows: Parameters<typeof orderView>[0][], boatId: string | null): PortalOrdersResponse {
    const orders = rows.map(orderView);
    return { orders: boatId ? orders.filter((o) => o.boatId === boatId) : orders };
  }

  /** One order of this customer at this yard; anyone else's is a 404. */
  async function detail(yardId: string, customerId: string, orderId: string): Promise<OrderDetailResponse> {
    const records = await loadOrderRecords(customers, yardId, customerId, { orderId });
    const order = records.orders[0];
    if (!order) throw notFound('That order');
    const [boat, history, extras, pending] = await Promise.all([
      orders.boatOfOrder(yardId, orderId),
      orders.history(yardId, orderId),
      estimateExtras(
        versions,
        yardId,
        records.estimates.map((e) => e.row),
      ),
      approvals.pendingReapproval(yardId, orderId),
    ]);
    const today = deps.clock.now().toISOString().slice(0, 10);
    // Orders opened by staff or in the portal record their first status. Older and imported
    // ones start here: opened with the status the first recorded move left, or — with no move
    // recorded — an unknown one (never the current status, which may have been set since).
    const recordsOpening = history[0] !== undefined && history[0].from_status === null;
    const statusHistory: OrderStatusChange[] = [
      ...(recordsOpening
        ? []
        : [
            {
              from: null,
              to: history[0]?.from_status ?? null,
              at: order.view.openedAt,
              by: 'system' as const,
              note: null,
            },
          ]),
      ...history.map(
        (h): OrderStatusChange => ({
          from: h.from_status,
          to: h.to_status,
          at: h.changed_at.toISOString(),
          by: h.actor_account_id ? 'customer' : h.actor_staff_id ? 'staff' : 'system',
          note: h.note,
        }),
      ),
    ];
    return {
      order: { ...order.view, description: order.row.description, boat: boat ? boatView(boat) : null },
      statusHistory,
      estimates: records.estimates.map(({ row, view }) => {
        const blocked = blockedReason(row, today);
        return {
          ...view,
          ...extras.get(row.id)!,
          canRespond: blocked === null,
          blockedReason: blocked,
          declineReason: row.decline_reason,
        };
      }),
      invoices: records.invoices,
      payments: records.payments,
      paymentProvider,
      awaitingReapproval: awaitingView(pending),
    };
  }

  /** The answer to a payment: the invoice as it now stands, and the payment when it went through. */
  async function paymentAnswer(
    yardId: string,
    customerId: string,
    outcome: PayOutcome,
  ): Promise<PayInvoiceResponse> {
    const records = await loadOrderRecords(customers, yardId, customerId);
    const invoice = records.invoices.find((i) => i.id === outcome.invoiceId)!;
    return {
      status: outcome.status,
      invoice,
      payment:
        outcome.status === 'succeeded'
          ? (records.payments.find((p) => p.id === outcome.paymentId) ?? null)
          : null,
      clientSecret: outcome.status === 'pending' ? outcome.clientSecret : null,
    };
  }

  return { historyPage, history, detail, paymentAnswer };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
