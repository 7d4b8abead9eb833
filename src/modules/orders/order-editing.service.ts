// Longer than most files on purpose: every staff edit of an order (details, lines, status) with
// its audit row, so the lock, the change and what the audit log keeps of it are read together.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB, OrderStatus } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type {
  CreateOrderRequest,
  StatusChangeRequest,
  UpdateOrderRequest,
} from '../../shared/api-schemas/order-editing.js';
import type { OrderLinesResponse, OrderLineView } from '../../shared/api-types.js';
import { type AuditActor, auditRepo, changedFields } from '../audit/audit.repo.js';
import { nextYardNumber } from '../yards/yard-counters.repo.js';
import { assignmentRepo } from './assignment.repo.js';
import type { CatalogService } from './catalog.service.js';
import { linesOfJob } from './catalog.service.js';
import { estimateApprovalRepo } from './estimate-approval.repo.js';
import { documentTotals, type TaxRates, type Totals } from './money.js';
import {
  checkDocument,
  type LineInput,
  type PreparedLine,
  prepareLines,
  quantityText,
} from './order-lines.js';
import { orderLinesRepo } from './order-lines.repo.js';
import { canMoveByHand, canTransition } from './order-transitions.js';
import { ordersRepo } from './orders.repo.js';
import { refuseWhileReapprovalPending } from './reapproval.js';

/** Orders whose details and lines are closed until staff reopen them. */
const CLOSED: readonly OrderStatus[] = ['cancelled', 'completed'];

type StoredLine = Awaited<ReturnType<ReturnType<typeof orderLinesRepo>['lines']>>[number];

export function lineView(l: StoredLine): OrderLineView {
  return {
    id: l.id,
    position: l.position,
    kind: l.kind,
    description: l.description,
    quantity: quantityText(l.quantity),
    unitPriceCents: l.unit_price_cents,
    totalCents: l.total_cents,
    taxClass: l.tax_class,
    optional: l.optional,
    note: l.note,
    technician: l.technician,
    partNumber: l.part_number,
  };
}

export const totalsView = (t: Totals, rates: TaxRates) => ({ ...t, rates });

/** A stored line, as a line to check again and store with the others. */
const asPrepared = (l: OrderLineView): PreparedLine => ({ ...l });

/**
 * Staff opening and editing orders: details, working lines (replaced whole, or extended from
 * the catalog), and the status moves they make by hand. Every write is one transaction; an
 * order's number is taken before it, so concurrent creates never wait on each other.
 */
export function createOrderEditingService(
  deps: Pick<AppDeps, 'database' | 'clock'>,
  catalog: Pick<CatalogService, 'liveJob'>,
) {
  const { db } = deps.database;
  const repo = orderLinesRepo(db);
  const orders = ordersRepo(db);
  const approvals = estimateApprovalRepo(db);
  const audit = auditRepo(db);

  /** The audit row of a lines change: how many lines and what they come to, before and after. */
  async function auditLines(
    trx: Kysely<DB>,
    actor: AuditActor,
    order: { id: string; customer_id: string },
    yardId: string,
    before: OrderLinesResponse,
    after: OrderLinesResponse,
    action: string,
  ) {
    await audit.record(
      {
        yardId,
        actor,
        entity: 'order',
        entityId: order.id,
        orderId: order.id,
        customerId: order.customer_id,
        action,
        changes: changedFields(linesSummary(before), linesSummary(after)),
        at: deps.clock.now(),
      },
      trx,
    );
    return after;
  }
  const assignment = assignmentRepo(db);

  async function linesAnswer(
    yardId: string,
    orderId: string,
    trx: Kysely<DB> = db,
  ): Promise<OrderLinesResponse> {
    const [rows, rates] = await Promise.all([repo.lines(yardId, orderId, trx), repo.taxRates(yardId, trx)]);
    const lines = rows.map(lineView);
    return { orderId, lines, totals: totalsView(documentTotals(lines, rates), rates) };
  }

  /** The order locked for an edit; a cancelled one (or completed, for details) is a 409. */
  async function lockOpen(trx: Kysely<DB>, yardId: string, orderId: string, closed: readonly OrderStatus[]) {
    const order = await repo.lockForEdit(trx, yardId, orderId);
    if (!order) throw notFound('That order');
    if (closed.includes(order.status)) {
      throw new AppError('ORDER_CLOSED', `This order is ${order.status}; reopen it before changing it.`, {
        status: order.status,
      });
    }
    return order;
  }

  async function create(
    yardId: string,
    staffId: string,
    input: z.output<typeof CreateOrderRequest>,
    actor: AuditActor,
  ) {
    // Everything that can be refused is refused before a number is taken.
    const customer = await repo.customer(db, yardId, input.customerId);
    if (!customer) throw notFound('That customer');
    const boat = await repo.boat(db, yardId, input.boatId);
    if (!boat) throw notFound('That boat');
    if (boat.customer_id !== customer.id) {
      throw new AppError(
        'BOAT_OF_ANOTHER_CUSTOMER',
        'That boat belongs to another customer. Pick one of theirs.',
      );
    }
    if (boat.archived_at) {
      const message =
        'This boat is archived. Restore it on the customer page before opening an order for it.';
      throw new AppError('VALIDATION', `boatId: ${message}`, { fields: { boatId: message } });
    }
    const job = input.catalogJobId ? await catalog.liveJob(yardId, input.catalogJobId) : null;
    const typed = input.lines ?? [];
    const lines = [
      ...prepareLines(typed, boat.length_ft),
      ...(job ? prepareLines(linesOfJob(job), boat.length_ft, typed.length + 1) : []),
    ];
    const rates = await repo.taxRates(yardId);
    checkDocument(lines, rates);

    const number = await nextYardNumber(db, yardId, 'order');
    const now = deps.clock.now();
    return db.transaction().execute(async (trx) => {
      const order = await repo.insertOrder(trx, {
        yardId,
        customerId: customer.id,
        boatId: boat.id,
        number,
        title: input.title,
        description: input.description || null,
        scheduledFor: input.scheduledFor ?? null,
        promisedOn: input.promisedOn ?? null,
        staffId,
        status: 'open_estimate',
        now,
      });
      await repo.recordOpened(trx, { yardId, orderId: order.id, staffId, now });
      await repo.replaceLines(trx, yardId, order.id, lines);
      const totals = documentTotals(lines, rates);
      await audit.record(
        {
          yardId,
          actor,
          entity: 'order',
          entityId: order.id,
          orderId: order.id,
          customerId: customer.id,
          action: 'created',
          changes: changedFields(
            {},
            {
              number,
              title: input.title,
              description: input.description || null,
              boatId: boat.id,
              scheduledFor: input.scheduledFor ?? null,
              promisedOn: input.promisedOn ?? null,
              status: 'open_estimate',
              lines: lines.length,
              totalCents: totals.totalCents,
            },
          ),
          at: now,
        },
        trx,
      );
      return order;
    });
  }

  async function update(
    yardId: string,
    orderId: string,
    patch: z.output<typeof UpdateOrderRequest>,
    actor: AuditActor,
  ) {
    await db.transaction().execute(async (trx) => {
      const before = await lockOpen(trx, yardId, orderId, CLOSED);
      if (patch.assignedTo !== undefined) await assign(trx, yardId, orderId, patch.assignedTo, actor);
      const fields = {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description || null } : {}),
        ...(patch.scheduledFor !== undefined ? { scheduled_for: patch.scheduledFor } : {}),
        ...(patch.promisedOn !== undefined ? { promised_on: patch.promisedOn } : {}),
      };
      const at = deps.clock.now();
      await repo.updateOrder(trx, yardId, orderId, { ...fields, updated_at: at });
      const changes = changedFields(before, fields);
      if (Object.keys(changes).length === 0) return;
      await audit.record(
        {
          yardId,
          actor,
          entity: 'order',
          entityId: orderId,
          orderId,
          customerId: before.customer_id,
          action: 'updated',
          changes,
          at,
        },
        trx,
      );
    });
  }

  /** Gives the order to a staff member of the yard (or nobody); recorded in the audit log. */
  async function assign(
    trx: Kysely<DB>,
    yardId: string,
    orderId: string,
    to: string | null,
    actor: AuditActor,
  ) {
    if (to !== null && !(await assignment.isActiveStaff(trx, yardId, to))) {
      const message = 'assignedTo: choose an active staff member of this yard, or nobody';
      throw new AppError('VALIDATION', message, { fields: { assignedTo: message } });
    }
    const before = await assignment.lockAssignee(trx, yardId, orderId);
    if (!before || before.assigned_to === to) return;
    await assignment.setAssignee(trx, yardId, orderId, to, deps.clock.now());
    await audit.record(
      {
        yardId,
        actor,
        entity: 'order',
        entityId: orderId,
        orderId,
        customerId: before.customer_id,
        action: 'assigned',
        changes: changedFields({ assignedTo: before.assigned_to }, { assignedTo: to }),
        at: deps.clock.now(),
      },
      trx,
    );
  }

  /** Replaces the order's working lines with these, all checked first, in one transaction. */
  async function replaceLines(
    yardId: string,
    orderId: string,
    inputs: readonly LineInput[],
    actor: AuditActor,
  ) {
    return db.transaction().execute(async (trx) => {
      const order = await lockOpen(trx, yardId, orderId, ['cancelled']);
      const lines = prepareLines(inputs, order.length_ft);
      checkDocument(lines, await repo.taxRates(yardId, trx));
      const before = await linesAnswer(yardId, orderId, trx);
      await repo.replaceLines(trx, yardId, orderId, lines);
      await repo.touch(trx, yardId, orderId, deps.clock.now());
      const after = await linesAnswer(yardId, orderId, trx);
      return auditLines(trx, actor, order, yardId, before, after, 'lines changed');
    });
  }

  /** Appends a catalog job's lines (per-foot lines take the boat's length). */
  async function addFromCatalog(yardId: string, orderId: string, jobId: string, actor: AuditActor) {
    const job = await catalog.liveJob(yardId, jobId);
    return db.transaction().execute(async (trx) => {
      const order = await lockOpen(trx, yardId, orderId, ['cancelled']);
      const before = await linesAnswer(yardId, orderId, trx);
      const current = before.lines;
      const added = prepareLines(linesOfJob(job), order.length_ft, current.length + 1);
      const lines = [...current.map(asPrepared), ...added];
      checkDocument(lines, await repo.taxRates(yardId, trx));
      await repo.replaceLines(trx, yardId, orderId, lines);
      await repo.touch(trx, yardId, orderId, deps.clock.now());
      const after = await linesAnswer(yardId, orderId, trx);
      return auditLines(trx, actor, order, yardId, before, after, `lines added: ${job.name}`);
    });
  }

  /** A move staff make by hand, only along TRANSITIONS; recorded with who and when. */
  async function changeStatus(
    yardId: string,
    staffId: string,
    orderId: string,
    change: z.output<typeof StatusChangeRequest>,
    actor: AuditActor,
  ) {
    await db.transaction().execute(async (trx) => {
      const order = await orders.lockOrder(trx, yardId, orderId);
      if (!order) throw notFound('That order');
      if (!canTransition(order.status, change.to)) {
        throw new AppError(
          'STATUS_MOVE_REFUSED',
          `An order cannot move from ${words(order.status)} to ${words(change.to)}.`,
          { from: order.status, to: change.to },
        );
      }
      // Starting or finishing the work is working on it; cancelling or re-estimating is not.
      if (change.to === 'in_progress' || change.to === 'completed') {
        await refuseWhileReapprovalPending(approvals, trx, yardId, orderId, 'worked on');
      }
      if (!canMoveByHand(order.status, change.to)) {
        throw new AppError(
          'STATUS_MOVE_REFUSED',
          `An order is not moved from ${words(order.status)} to ${words(change.to)} by hand: that status follows its estimates, invoices and payments. Send the estimate or invoice, or record the payment, instead.`,
          { from: order.status, to: change.to },
        );
      }
      await orders.setStatus(trx, {
        yardId,
        orderId,
        from: order.status,
        to: change.to,
        at: deps.clock.now(),
        staffId,
        note: change.note || null,
      });
      if (change.to === 'completed' || order.status === 'completed') {
        await repo.setCompletedAt(trx, yardId, orderId, change.to === 'completed' ? deps.clock.now() : null);
      }
      await audit.record(
        {
          yardId,
          actor,
          entity: 'order',
          entityId: orderId,
          orderId,
          customerId: order.customer_id,
          action: 'status changed',
          changes: {
            status: { before: order.status, after: change.to },
            ...(change.note ? { note: { before: null, after: change.note } } : {}),
          },
          at: deps.clock.now(),
        },
        trx,
      );
    });
  }

  return { create, update, replaceLines, addFromCatalog, changeStatus, linesAnswer };
}

/** What the audit log keeps of a lines change: the count and the total, not every line. */
const linesSummary = (a: OrderLinesResponse) => ({
  lines: a.lines.length,
  totalCents: a.totals.totalCents,
  descriptions: a.lines
    .map((l) => l.description)
    .join('; ')
    .slice(0, 500),
});

/** "in_progress" → "in progress", for messages. */
const words = (s: string) => s.replace(/_/g, ' ');

export type OrderEditingService = ReturnType<typeof createOrderEditingService>;
