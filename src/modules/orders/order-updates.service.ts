import { executorFor } from '../../db/connection.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type { OrderUpdatesResponse, OrderUpdateView } from '../../shared/api-types.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import type { StaffPrincipal } from '../auth/sessions.js';
import { estimateApprovalRepo } from './estimate-approval.repo.js';
import type { OrderEmailJob } from './order-email-job.js';
import type { OrderUpdateInput } from './order-update-form.js';
import { type OrderUpdateRow, orderUpdatesRepo } from './order-updates.repo.js';
import { refuseWhileReapprovalPending } from './reapproval.js';

/** How many of a boat's newest updates its portal page shows. */
export const BOAT_PAGE_UPDATES = 5;

/** Where a photo is served from, for whoever is reading (staff or the customer's portal). */
export type PhotoUrl = (orderId: string, photoId: string) => string;

/** The customer sees the first name of who posted; staff the full name. */
export const firstName = (name: string) => name.trim().split(/\s+/)[0] || name;

/** Updates staff post on an order for its customer (docs/job-updates.md). */
export function createOrderUpdates(deps: Pick<AppDeps, 'database' | 'clock' | 'boss'>) {
  const { db } = deps.database;
  const repo = orderUpdatesRepo(db);
  const audit = auditRepo(db);
  const approvals = estimateApprovalRepo(db);

  async function views(
    yardId: string,
    rows: OrderUpdateRow[],
    photoUrl: PhotoUrl,
    name: (n: string) => string,
  ): Promise<OrderUpdateView[]> {
    const photos = await repo.photosOf(
      yardId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      orderId: r.order_id,
      orderNumber: r.order_number,
      orderTitle: r.order_title,
      body: r.body,
      postedBy: name(r.staff_name),
      postedAt: r.posted_at.toISOString(),
      photos: photos
        .filter((p) => p.update_id === r.id)
        .map((p) => ({
          id: p.id,
          fileName: p.file_name,
          contentType: p.content_type,
          sizeBytes: p.size_bytes,
          url: photoUrl(p.order_id, p.id),
        })),
    }));
  }

  /** Another yard's order answers 404 (a technician's unassigned one already did, in the scope hook). */
  async function requireOrder(yardId: string, orderId: string) {
    if (!(await repo.order(yardId, orderId))) throw notFound('That order');
  }

  return {
    /** Called before the upload is read, so a wrong order costs no upload. */
    requireOrder,

    /**
     * The update, its photos, the audit row and the customer's email job commit together,
     * after the whole upload was read and checked (the caller's readOrderUpdateForm).
     */
    async post(
      me: StaffPrincipal,
      orderId: string,
      input: OrderUpdateInput,
      actor: AuditActor,
      photoUrl: PhotoUrl,
    ): Promise<OrderUpdateView> {
      const now = deps.clock.now();
      const updateId = await db.transaction().execute(async (trx) => {
        const order = await repo.order(me.yardId, orderId, trx);
        if (!order) throw notFound('That order');
        await refuseWhileReapprovalPending(approvals, trx, me.yardId, orderId, 'worked on');
        const { id } = await repo.insertUpdate(trx, {
          yardId: me.yardId,
          orderId,
          customerId: order.customer_id,
          boatId: order.boat_id,
          body: input.body,
          staffId: me.staffId,
          now,
        });
        for (const [i, p] of input.photos.entries()) {
          await repo.insertPhoto(trx, {
            yardId: me.yardId,
            updateId: id,
            orderId,
            position: i + 1,
            ...p,
            now,
          });
        }
        await audit.record(
          {
            yardId: me.yardId,
            actor,
            entity: 'order',
            entityId: orderId,
            customerId: order.customer_id,
            orderId,
            action: 'update_posted',
            changes: {
              update: {
                before: null,
                after: input.body.length > 200 ? `${input.body.slice(0, 199)}…` : input.body,
              },
              photos: { before: null, after: input.photos.length },
            },
            at: now,
          },
          trx,
        );
        const job: OrderEmailJob = { kind: 'job_update', yardId: me.yardId, updateId: id };
        await deps.boss.send(QUEUES.orderEmail, withRequestId(job), { db: executorFor(trx) });
        return id;
      });
      const rows = await repo.ofOrder(me.yardId, orderId);
      const [view] = await views(
        me.yardId,
        rows.filter((r) => r.id === updateId),
        photoUrl,
        (n) => n,
      );
      return view;
    },

    /** Staff: every update of one order of their yard, newest first. */
    async forStaff(yardId: string, orderId: string, photoUrl: PhotoUrl): Promise<OrderUpdatesResponse> {
      await requireOrder(yardId, orderId);
      return { updates: await views(yardId, await repo.ofOrder(yardId, orderId), photoUrl, (n) => n) };
    },

    /** The portal: the updates of the customer's own order; another customer's order is not found. */
    async forCustomerOrder(
      yardId: string,
      customerId: string,
      orderId: string,
      photoUrl: PhotoUrl,
    ): Promise<OrderUpdatesResponse> {
      const order = await repo.order(yardId, orderId);
      if (!order || order.customer_id !== customerId) throw notFound('That order');
      const rows = await repo.ofOrder(yardId, orderId, customerId);
      return { updates: await views(yardId, rows, photoUrl, firstName) };
    },

    /** The portal boat page: the newest updates on the orders of the customer's own boat. */
    async forCustomerBoat(
      yardId: string,
      customerId: string,
      boatId: string,
      photoUrl: PhotoUrl,
    ): Promise<OrderUpdatesResponse> {
      if (!(await repo.ownBoat(yardId, customerId, boatId))) throw notFound('That boat');
      const rows = await repo.ofBoat(yardId, customerId, boatId, BOAT_PAGE_UPDATES);
      return { updates: await views(yardId, rows, photoUrl, firstName) };
    },

    async photo(yardId: string, orderId: string, photoId: string, customerId?: string) {
      const found = await repo.photo(yardId, orderId, photoId, customerId);
      if (!found) throw notFound('That photo');
      return found;
    },
  };
}

export type OrderUpdates = ReturnType<typeof createOrderUpdates>;
