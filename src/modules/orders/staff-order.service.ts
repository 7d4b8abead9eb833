import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type { StaffOrderResponse, TimelineEvent } from '../../shared/api-types.js';
import { boatView } from '../customers/account-data.js';
import { timelineSummary } from '../invites/portal-events.repo.js';
import { serviceRequestsRepo } from '../service-requests/service-requests.repo.js';
import { assignmentRepo } from './assignment.repo.js';
import { estimateApprovalRepo } from './estimate-approval.repo.js';
import { documentTotals } from './money.js';
import { lineView, totalsView } from './order-editing.service.js';
import { orderLinesRepo } from './order-lines.repo.js';
import { canMoveByHand, TRANSITIONS } from './order-transitions.js';
import { awaitingView } from './reapproval.js';
import { staffOrderRepo } from './staff-order.repo.js';

/** The staff order page: the order, its customer and boat, history, request, lines and timeline. */
export function createStaffOrderService(deps: Pick<AppDeps, 'database'>) {
  const { db } = deps.database;
  const repo = staffOrderRepo(db);
  const lines = orderLinesRepo(db);
  const requests = serviceRequestsRepo();
  const assignment = assignmentRepo(db);
  const approvals = estimateApprovalRepo(db);

  /** Where staff open a request photo (served by the service-requests routes, yard-scoped). */
  const photoUrl = (orderId: string, photoId: string) =>
    `/api/staff/orders/${orderId}/service-request/photos/${photoId}`;

  async function detail(yardId: string, orderId: string): Promise<StaffOrderResponse> {
    const o = await repo.order(yardId, orderId);
    if (!o) throw notFound('That order');
    const [boat, history, request, photos, rows, rates, events, estimateStatus, assignee, staff, pending] =
      await Promise.all([
        o.boat_id ? repo.boat(yardId, o.boat_id) : Promise.resolve(undefined),
        repo.history(yardId, orderId),
        requests.findRequest(db, yardId, orderId),
        requests.listPhotos(db, yardId, orderId),
        lines.lines(yardId, orderId),
        lines.taxRates(yardId),
        repo.portalEvents(yardId, o.customer_id, orderId, o.number),
        repo.newestEstimateStatus(yardId, orderId),
        assignment.assigneeOf(yardId, orderId),
        assignment.activeStaff(yardId),
        approvals.pendingReapproval(yardId, orderId),
      ]);
    const views = rows.map(lineView);
    const statusHistory = history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      at: h.changed_at.toISOString(),
      by: h.actor_account_id ? 'the customer' : (h.staff_name ?? (h.actor_staff_id ? 'Staff' : 'Slipway')),
      note: h.note,
    }));
    const timeline = [
      ...history.map((h, i) => ({
        id: h.id,
        at: statusHistory[i].at,
        kind: 'status',
        summary: `Status ${h.from_status ? `${words(h.from_status)} → ` : ''}${words(h.to_status)}${h.note ? ` · ${h.note}` : ''}`,
        by: statusHistory[i].by,
      })),
      ...events.map((e) => {
        const kind = e.kind as TimelineEvent['kind'];
        return {
          id: e.id,
          at: e.created_at.toISOString(),
          kind,
          summary: timelineSummary(kind, e.detail ?? {}, e.actor_name),
          by: e.actor_name ?? 'the customer',
        };
      }),
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const name = [o.first_name, o.last_name].filter(Boolean).join(' ') || o.company || 'Customer';
    return {
      order: {
        id: o.id,
        number: o.number,
        title: o.title,
        description: o.description,
        status: o.status,
        openedAt: o.opened_at.toISOString(),
        scheduledFor: o.scheduled_for,
        promisedOn: o.promised_on,
        completedAt: o.completed_at?.toISOString() ?? null,
        updatedAt: o.updated_at.toISOString(),
        assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
      },
      assignableStaff: staff.map((s) => ({ id: s.id, name: s.name, role: s.role })),
      allowedMoves: TRANSITIONS[o.status].filter((to) => canMoveByHand(o.status, to)),
      customer: { id: o.customer_id, name, email: o.email, phone: o.phone },
      boat: boat ? boatView(boat) : null,
      statusHistory,
      serviceRequest: request
        ? {
            description: request.description,
            preferredFrom: request.preferred_from,
            preferredTo: request.preferred_to,
            requestedAt: request.created_at.toISOString(),
            photos: photos.map((p) => ({
              id: p.id,
              fileName: p.file_name,
              contentType: p.content_type,
              thumbnailUrl: photoUrl(orderId, p.id),
              url: photoUrl(orderId, p.id),
            })),
          }
        : null,
      lines: views,
      totals: totalsView(documentTotals(views, rates), rates),
      timeline,
      estimateStatus,
      awaitingReapproval: awaitingView(pending),
    };
  }

  return { detail };
}

const words = (s: string) => s.replace(/_/g, ' ');

export type StaffOrderService = ReturnType<typeof createStaffOrderService>;
