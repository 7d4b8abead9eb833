// Longer than most files on purpose: every change of an invoice (create, send, void, re-issue,
// credit, delete) in one place, so the lock order and the frozen-once-sent rule are read together.
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { AuditChanges } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type { CreateInvoiceRequest } from '../../shared/api-types.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import type { StaffPrincipal } from '../auth/sessions.js';
import { nextYardNumber } from '../yards/yard-counters.repo.js';
import { billingRepo } from './billing.repo.js';
import { estimateApprovalRepo } from './estimate-approval.repo.js';
import {
  copyLines,
  depositDeductions,
  depositLine,
  invoiceTotals,
  linesFromSnapshot,
  percentOf,
} from './invoice-lines.js';
import { type InvoiceLineRow, invoicesRepo } from './invoices.repo.js';
import { dollars } from './order-email.js';
import type { OrderEmailJob } from './order-email-job.js';
import { statusAfterInvoiceSent } from './order-status.js';
import { canTransition } from './order-transitions.js';
import { ordersRepo } from './orders.repo.js';
import { paymentRecorder } from './payment-recording.js';
import { refuseWhileReapprovalPending } from './reapproval.js';

type Deps = Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss };

const addDays = (d: Date, days: number) =>
  new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Staff's invoices: created from an accepted estimate's snapshot, from the order's lines,
 * or as a deposit; sent; voided and re-issued, or corrected by a credit note. A sent
 * invoice is never edited (the database refuses it too: 0007's triggers). Numbers are
 * taken before each transaction (`nextYardNumber`), every write is one transaction, and
 * every path locks the order first, then the invoice.
 */
export function createInvoicingService(deps: Deps) {
  const { db } = deps.database;
  const repo = invoicesRepo(db);
  const orders = ordersRepo(db);
  const approvals = estimateApprovalRepo(db);
  const recorder = paymentRecorder(deps);
  const audit = auditRepo(db);

  /** The invoice's audit row, on its order's and customer's history. */
  const record = (
    trx: typeof db,
    actor: AuditActor,
    yardId: string,
    i: { id: string; order_id: string; customer_id: string },
    action: string,
    changes: AuditChanges,
  ) =>
    audit.record(
      {
        yardId,
        actor,
        entity: 'invoice',
        entityId: i.id,
        orderId: i.order_id,
        customerId: i.customer_id,
        action,
        changes,
        at: deps.clock.now(),
      },
      trx,
    );
  const created = (v: Record<string, unknown>): AuditChanges =>
    Object.fromEntries(Object.entries(v).map(([k, after]) => [k, { before: null, after }])) as AuditChanges;

  async function ratesOf(yardId: string) {
    const y = await repo.yardBilling(yardId);
    return {
      rates: { labor: y.tax_labor_bp, parts: y.tax_parts_bp, fees: y.tax_fees_bp },
      dueDays: y.invoice_due_days,
      terms: y.invoice_terms,
    };
  }

  /** A new draft invoice of the order; returns its id. */
  async function create(
    me: StaffPrincipal,
    orderId: string,
    req: CreateInvoiceRequest,
    actor: AuditActor,
  ): Promise<string> {
    const order = await repo.findOrder(db, me.yardId, orderId);
    if (!order) throw notFound('That order');
    const yard = await ratesOf(me.yardId);
    const now = deps.clock.now();
    const number = await nextYardNumber(db, me.yardId, 'invoice');
    return db.transaction().execute(async (trx) => {
      const locked = await orders.lockOrder(trx, me.yardId, orderId);
      if (!locked) throw notFound('That order');
      await refuseWhileReapprovalPending(approvals, trx, me.yardId, orderId, 'invoiced');
      let lines: InvoiceLineRow[];
      let kind: 'standard' | 'deposit' = 'standard';
      let depositCents: number | null = null;
      let estimateId: string | null = null;
      // An accepted estimate is invoiced at the rates it was priced with, so the invoice
      // comes to what the customer accepted even if the yard's rates changed since.
      let rates = yard.rates;
      if (req.from === 'deposit') {
        const base = await repo.depositBase(trx, me.yardId, orderId);
        let amount = req.amountCents;
        if (amount === undefined) {
          if (!base) {
            throw new AppError(
              'NO_ESTIMATE',
              'This order has no estimate to take a percent of. Enter an amount.',
            );
          }
          amount = percentOf(base.accepted_total_cents ?? base.total_cents, req.percent ?? 0);
        }
        if (amount <= 0)
          throw new AppError('VALIDATION', 'The deposit comes to nothing. Enter a larger amount.');
        lines = [depositLine(amount, base?.number ?? null)];
        kind = 'deposit';
        depositCents = amount;
        estimateId = base?.id ?? null;
      } else {
        if (req.from === 'estimate') {
          const est = await repo.estimateWithAcceptance(trx, me.yardId, orderId, req.estimateId);
          if (!est) throw notFound('That estimate');
          if (!est.snapshot || est.status !== 'accepted') {
            throw new AppError(
              'ESTIMATE_NOT_ACCEPTED',
              `Estimate #${est.number} was not accepted by the customer, so it cannot be invoiced. Invoice the order lines instead.`,
            );
          }
          lines = linesFromSnapshot(est.snapshot);
          estimateId = est.id;
          rates = { labor: est.tax_labor_bp, parts: est.tax_parts_bp, fees: est.tax_fees_bp };
        } else {
          lines = copyLines(await repo.orderLines(trx, me.yardId, orderId));
        }
        if (lines.length === 0) throw new AppError('NOTHING_TO_INVOICE');
        lines.push(
          ...depositDeductions(
            await repo.depositInvoices(trx, me.yardId, orderId),
            lines.length,
            await repo.deductedDeposits(trx, me.yardId, orderId),
          ),
        );
      }
      const { totals, problem } = invoiceTotals(lines, rates);
      if (problem) throw new AppError('VALIDATION', problem);
      const invoice = await repo.insertInvoice(trx, {
        yardId: me.yardId,
        orderId,
        customerId: locked.customer_id,
        number,
        kind,
        subtotalCents: totals.subtotalCents,
        taxCents: totals.taxCents,
        totalCents: totals.totalCents,
        depositCents,
        dueOn: addDays(now, yard.dueDays),
        terms: yard.terms,
        estimateId,
        createdBy: me.staffId,
        at: now,
      });
      await repo.insertLines(trx, me.yardId, invoice.id, lines);
      await record(
        trx,
        actor,
        me.yardId,
        { id: invoice.id, order_id: orderId, customer_id: locked.customer_id },
        'created',
        created({ number, kind, from: req.from, lines: lines.length, total_cents: totals.totalCents }),
      );
      return invoice.id;
    });
  }

  /** Locks the invoice's order, then the invoice, in one transaction. */
  async function withInvoice<T>(
    me: StaffPrincipal,
    invoiceId: string,
    fn: (
      trx: typeof db,
      order: NonNullable<Awaited<ReturnType<typeof orders.lockOrder>>>,
      invoice: NonNullable<Awaited<ReturnType<typeof repo.lockInvoice>>>,
    ) => Promise<T>,
  ): Promise<T> {
    return db.transaction().execute(async (trx) => {
      const found = await repo.findInvoice(trx, me.yardId, invoiceId);
      if (!found) throw notFound('That invoice');
      const order = await orders.lockOrder(trx, me.yardId, found.order_id);
      const invoice = await repo.lockInvoice(trx, me.yardId, invoiceId);
      if (!order || !invoice) throw notFound('That invoice');
      return fn(trx, order, invoice);
    });
  }

  const frozen = (invoice: { number: number; status: string }, what: string) =>
    new AppError(
      'INVOICE_FROZEN',
      invoice.status === 'void'
        ? `Invoice #${invoice.number} is void and cannot ${what}.`
        : `Invoice #${invoice.number} was sent and cannot ${what}. Void and re-issue it, or issue a credit note.`,
    );

  /** Issues a draft: open, dated, due in the yard's days; the order moves on; the customer gets it. */
  async function send(me: StaffPrincipal, invoiceId: string, actor: AuditActor) {
    const yard = await ratesOf(me.yardId);
    const now = deps.clock.now();
    return withInvoice(me, invoiceId, async (trx, order, invoice) => {
      if (invoice.status !== 'draft') {
        if (invoice.status === 'void') throw frozen(invoice, 'be sent');
        throw new AppError('INVOICE_FROZEN', `Invoice #${invoice.number} was already sent.`);
      }
      await refuseWhileReapprovalPending(approvals, trx, me.yardId, order.id, 'invoiced');
      const issued = await repo.issue(trx, invoice.id, now, addDays(now, yard.dueDays));
      await record(trx, actor, me.yardId, invoice, 'sent', {
        status: { before: invoice.status, after: issued?.status ?? 'open' },
      });
      const target = invoice.kind === 'deposit' ? 'deposit_requested' : statusAfterInvoiceSent(order.status);
      const moves = target !== order.status && canTransition(order.status, target);
      if (moves) {
        await orders.setStatus(trx, {
          yardId: me.yardId,
          orderId: order.id,
          from: order.status,
          to: target,
          at: now,
          staffId: me.staffId,
          note: `${invoice.kind === 'deposit' ? 'Deposit invoice' : 'Invoice'} #${invoice.number} sent`,
        });
      }
      if (issued?.status === 'paid') {
        // Nothing owed on it (the deposits covered it): the order follows as after a payment.
        await recorder.followMoney(
          trx,
          me.yardId,
          { id: order.id, status: moves ? target : order.status },
          'payment',
          `Invoice #${invoice.number} has nothing left to pay`,
          { staffId: me.staffId },
        );
      }
      const job: OrderEmailJob = { kind: 'invoice', yardId: me.yardId, invoiceId: invoice.id };
      await deps.boss.send(QUEUES.orderEmail, withRequestId(job), { db: executorFor(trx) });
      return { orderId: order.id, message: `Invoice #${invoice.number} was sent to the customer.` };
    });
  }

  /** Sends the order's newest draft invoice (standard or deposit) exactly as `send` does. */
  async function sendLatestOfOrder(me: StaffPrincipal, orderId: string, actor: AuditActor) {
    const order = await repo.findOrder(db, me.yardId, orderId);
    if (!order) throw notFound('That order');
    const draft = await repo.latestDraft(db, me.yardId, orderId);
    if (!draft) {
      throw new AppError(
        'NO_INVOICE',
        `Order #${order.number} has no draft invoice to send. Create an invoice first; one already sent stays as it is.`,
      );
    }
    return send(me, draft.id, actor);
  }

  /** Voids an invoice with nothing paid or credited on it. */
  async function voidInvoice(me: StaffPrincipal, invoiceId: string, reason: string, actor: AuditActor) {
    return withInvoice(me, invoiceId, async (trx, order, invoice) => {
      if (invoice.status === 'void') throw frozen(invoice, 'be voided again');
      if (invoice.kind === 'credit_note') {
        throw new AppError('INVOICE_FROZEN', `Credit note #${invoice.number} cannot be voided.`);
      }
      if (invoice.paid_cents > 0) {
        throw new AppError(
          'INVOICE_HAS_PAYMENTS',
          `Invoice #${invoice.number} has ${dollars(invoice.paid_cents)} paid: refund the payments first or issue a credit note.`,
        );
      }
      if (invoice.credited_cents > 0) {
        throw new AppError(
          'INVOICE_HAS_PAYMENTS',
          `Invoice #${invoice.number} has a credit note against it, so it stays as it is. Issue another credit note for the rest.`,
        );
      }
      const done = await repo.voidInvoice(trx, invoice.id, deps.clock.now(), reason);
      if (!done) throw frozen(invoice, 'be voided');
      await record(trx, actor, me.yardId, invoice, 'voided', {
        status: { before: invoice.status, after: 'void' },
        reason: { before: null, after: reason },
      });
      return { orderId: order.id, message: `Invoice #${invoice.number} is void.` };
    });
  }

  /** A new draft copying a void invoice's lines, pointing at the one it replaces. */
  async function reissue(me: StaffPrincipal, invoiceId: string, actor: AuditActor) {
    const before = await repo.findInvoice(db, me.yardId, invoiceId);
    if (!before) throw notFound('That invoice');
    if (before.status !== 'void') {
      throw new AppError(
        'INVOICE_NOT_VOID',
        `Invoice #${before.number} is not void. Void it first, then re-issue it.`,
      );
    }
    const yard = await ratesOf(me.yardId);
    // Re-issued at the rates the original was taxed at: an accepted estimate's own. Read
    // before the transaction (PGlite has one connection).
    const est =
      before.estimate_id && before.kind === 'standard'
        ? await billingRepo(db).estimateRates(before.estimate_id)
        : undefined;
    const rates = est
      ? { labor: est.tax_labor_bp, parts: est.tax_parts_bp, fees: est.tax_fees_bp }
      : yard.rates;
    const now = deps.clock.now();
    const number = await nextYardNumber(db, me.yardId, 'invoice');
    return withInvoice(me, invoiceId, async (trx, order, invoice) => {
      const lines = copyLines(await repo.invoiceLines(trx, [invoice.id]));
      const { totals, problem } = invoiceTotals(lines, rates);
      if (problem) throw new AppError('VALIDATION', problem);
      const fresh = await repo.insertInvoice(trx, {
        yardId: me.yardId,
        orderId: order.id,
        customerId: invoice.customer_id,
        number,
        kind: invoice.kind === 'deposit' ? 'deposit' : 'standard',
        subtotalCents: totals.subtotalCents,
        taxCents: totals.taxCents,
        totalCents: totals.totalCents,
        depositCents: invoice.kind === 'deposit' ? totals.totalCents : null,
        dueOn: addDays(now, yard.dueDays),
        terms: yard.terms,
        estimateId: invoice.estimate_id,
        replacesInvoiceId: invoice.id,
        createdBy: me.staffId,
        at: now,
      });
      await repo.insertLines(trx, me.yardId, fresh.id, lines);
      await record(
        trx,
        actor,
        me.yardId,
        { id: fresh.id, order_id: order.id, customer_id: invoice.customer_id },
        're-issued',
        created({ number, replaces: invoice.number, total_cents: totals.totalCents }),
      );
      return {
        orderId: order.id,
        invoiceId: fresh.id,
        message: `Invoice #${number} is a draft replacing invoice #${invoice.number}.`,
      };
    });
  }

  /** A credit note for part or all of a sent invoice's balance, numbered like invoices. */
  async function creditNote(
    me: StaffPrincipal,
    invoiceId: string,
    req: { amountCents: number; reason: string },
    actor: AuditActor,
  ) {
    const now = deps.clock.now();
    const number = await nextYardNumber(db, me.yardId, 'invoice');
    return withInvoice(me, invoiceId, async (trx, order, invoice) => {
      if (invoice.kind === 'credit_note' || invoice.status === 'draft' || invoice.status === 'void') {
        throw new AppError(
          'INVOICE_FROZEN',
          invoice.status === 'draft'
            ? `Invoice #${invoice.number} is a draft: change it instead of crediting it.`
            : `Invoice #${invoice.number} cannot be credited.`,
        );
      }
      const balance = invoice.total_cents - invoice.paid_cents - invoice.credited_cents;
      const credited =
        req.amountCents <= balance ? await repo.addCredited(trx, invoice.id, req.amountCents) : undefined;
      if (!credited) {
        throw new AppError(
          'OVER_BALANCE',
          `A credit note can take off at most the balance of invoice #${invoice.number}: ${dollars(balance)}.`,
          { balanceCents: balance },
        );
      }
      const note = await repo.insertInvoice(trx, {
        yardId: me.yardId,
        orderId: order.id,
        customerId: invoice.customer_id,
        number,
        kind: 'credit_note',
        subtotalCents: req.amountCents,
        taxCents: 0,
        totalCents: req.amountCents,
        creditedCents: req.amountCents,
        depositCents: null,
        dueOn: null,
        terms: null,
        correctsInvoiceId: invoice.id,
        createdBy: me.staffId,
        at: now,
      });
      await repo.insertLines(trx, me.yardId, note.id, [
        {
          position: 1,
          kind: 'fee',
          description: `Credit on invoice #${invoice.number}: ${req.reason}`,
          quantity: '1',
          unit_price_cents: req.amountCents,
          total_cents: req.amountCents,
          tax_class: 'none',
        },
      ]);
      // Issued at once: a credit note owes nothing, it is settled against the invoice it corrects.
      await repo.issueCreditNote(trx, note.id, now);
      await record(trx, actor, me.yardId, invoice, 'credited', {
        credited_cents: { before: invoice.credited_cents, after: invoice.credited_cents + req.amountCents },
        credit_note: { before: null, after: number },
        reason: { before: null, after: req.reason },
      });
      await recorder.followMoney(
        trx,
        me.yardId,
        order,
        'payment',
        `Credit note #${number} on invoice #${invoice.number}`,
        { staffId: me.staffId },
      );
      return { orderId: order.id, invoiceId: note.id, message: `Credit note #${number} was issued.` };
    });
  }

  /** Deletes a draft (to change a draft, delete it and create it again). */
  async function remove(me: StaffPrincipal, invoiceId: string, actor: AuditActor) {
    return withInvoice(me, invoiceId, async (trx, order, invoice) => {
      if (invoice.status !== 'draft') throw frozen(invoice, 'be changed or deleted');
      if (!(await repo.deleteDraft(trx, invoice.id))) throw frozen(invoice, 'be changed or deleted');
      await record(trx, actor, me.yardId, invoice, 'draft deleted', {
        number: { before: invoice.number, after: null },
        total_cents: { before: invoice.total_cents, after: null },
      });
      return { orderId: order.id, message: `Draft invoice #${invoice.number} was deleted.` };
    });
  }

  return { create, send, sendLatestOfOrder, voidInvoice, reissue, creditNote, remove };
}

export type InvoicingService = ReturnType<typeof createInvoicingService>;
