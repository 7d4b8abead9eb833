import type { FastifyRequest } from 'fastify';
import type { CustomerPrincipal, StaffPrincipal } from '../auth/sessions.js';
import type { AuditActor } from './audit.repo.js';

/** The audit log's actor for a staff member's request. */
export const staffActor = (
  p: Pick<StaffPrincipal, 'staffId'>,
  req: Pick<FastifyRequest, 'ip'>,
): AuditActor => ({
  kind: 'staff',
  staffId: p.staffId,
  ip: req.ip,
});

/** The audit log's actor for a signed-in customer's request. */
export const customerActor = (
  p: Pick<CustomerPrincipal, 'accountId'>,
  req: Pick<FastifyRequest, 'ip'>,
): AuditActor => ({ kind: 'customer', accountId: p.accountId, ip: req.ip });

export const systemActor: AuditActor = { kind: 'system' };
