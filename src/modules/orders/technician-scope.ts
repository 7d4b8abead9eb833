import type { FastifyRequest } from 'fastify';
import { notFound } from '../../server/errors.js';
import { isStaffPermission } from '../../server/permissions.js';
import type { Sessions } from '../auth/sessions.js';
import type { AssignmentRepo, ScopedRecord } from './assignment.repo.js';

/** Staff paths whose first parameter names a record a technician reaches only through an assigned order. */
const SCOPED = /^\/api\/staff\/(orders|customers|boats|estimates|invoices|payments)\/:(id|orderId)(\/|$)/;
const KIND: Record<string, ScopedRecord> = {
  orders: 'order',
  customers: 'customer',
  boats: 'boat',
  estimates: 'estimate',
  invoices: 'invoice',
  payments: 'payment',
};
const LABEL: Record<ScopedRecord, string> = {
  order: 'That order',
  customer: 'That customer',
  boat: 'That boat',
  estimate: 'That estimate',
  invoice: 'That invoice',
  payment: 'That payment',
};

/**
 * A preHandler hook: a technician's request about an order that is not assigned to them (or
 * a customer, boat, estimate, invoice or payment of no such order) answers 404, as another yard's
 * record would (docs/yards.md, "Technicians"). Lists narrow themselves.
 */
export function technicianScope(sessions: Pick<Sessions, 'staff'>, repo: Pick<AssignmentRepo, 'reaches'>) {
  return async (req: FastifyRequest) => {
    if (!isStaffPermission(req.routeOptions.config.access)) return;
    // Such a route checks its record itself, from the page it reads with the session.
    if (req.routeOptions.config.session === 'with-page') return;
    const m = SCOPED.exec(req.routeOptions.url ?? '');
    if (!m) return;
    const me = await sessions.staff(req);
    if (me.role !== 'technician') return;
    const id = (req.params as Record<string, string>)[m[2]];
    const kind = KIND[m[1]];
    if (!(await repo.reaches(kind, me.yardId, id, me.staffId))) throw notFound(LABEL[kind]);
  };
}
