import { z } from 'zod';
import { AUDIT_ENTITIES } from './values.js';

// The audit log's read side (src/modules/audit, docs/audit.md).

export { AUDIT_ENTITIES } from './values.js';

const uuid = (name: string) => z.string().uuid(`${name} is an id (a UUID); pick it from the list`);
const day = (name: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} is a date like 2026-03-01`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), `${name} is not a real date`);

/** The filters of the audit list and its CSV; dates are days in the yard's time zone, both included. */
export const AuditFilters = z.object({
  entity: z.enum(AUDIT_ENTITIES, { message: `entity is one of ${AUDIT_ENTITIES.join(', ')}` }).optional(),
  action: z
    .string()
    .trim()
    .max(60, 'action is at most 60 characters')
    .regex(/^[^\p{Cc}]*$/u, 'action has no control characters')
    .optional()
    .transform((s) => s || undefined),
  staffId: uuid('staffId').optional(),
  customerId: uuid('customerId').optional(),
  orderId: uuid('orderId').optional(),
  from: day('from').optional(),
  to: day('to').optional(),
});

export const AuditQuery = AuditFilters.extend({
  cursor: z.string().max(400, 'cursor: That page of the list is no longer valid').optional(),
  limit: z.coerce
    .number({ message: 'limit is a number from 1 to 100' })
    .int('limit is a whole number')
    .min(1, 'limit is a number from 1 to 100')
    .max(100, 'limit is a number from 1 to 100')
    .default(50),
});

export const AuditChange = z.object({ before: z.unknown(), after: z.unknown() });

export const AuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    kind: z.enum(['staff', 'customer', 'system']),
    staffId: z.string().nullable(),
    accountId: z.string().nullable(),
    /** The name as it was when the change was made. */
    name: z.string().nullable(),
  }),
  ip: z.string().nullable(),
  entity: z.enum(AUDIT_ENTITIES),
  entityId: z.string().nullable(),
  action: z.string(),
  customer: z.object({ id: z.string(), name: z.string() }).nullable(),
  order: z.object({ id: z.string(), number: z.number() }).nullable(),
  changes: z.record(z.string(), AuditChange),
});

export const AuditListResponse = z.object({
  entries: z.array(AuditEntryView),
  nextCursor: z.string().nullable(),
  /** The yard's time zone, to show each row's time as the yard reads it. */
  timezone: z.string(),
});
