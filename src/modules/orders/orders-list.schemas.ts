import { z } from 'zod';
import { isCalendarDate } from '../../shared/api-schemas/calendar-date.js';
import { OrderStatus } from '../../shared/api-schemas/orders.js';

const uuid = (what: string) =>
  z.string().uuid(`${what} ids are UUIDs; pick the ${what.toLowerCase()} from a list`);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (what: string) =>
  z
    .string()
    .regex(DAY, `${what} is a date like 2026-05-01`)
    .refine(isCalendarDate, { message: `${what} is not a real date` });

/** `status=a,b` or `status=a&status=b`. */
const statuses = z.preprocess(
  (v) =>
    v === undefined
      ? undefined
      : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter(Boolean),
  z
    .array(
      z.enum(OrderStatus.options, { message: `status is one or more of: ${OrderStatus.options.join(', ')}` }),
    )
    .max(OrderStatus.options.length)
    .optional(),
);

/** The staff Orders list's query string (docs/api.md). */
export const StaffOrdersQuery = z
  .object({
    q: z.string().max(200, 'Search with at most 200 characters').optional(),
    status: statuses,
    from: day('from').optional(),
    to: day('to').optional(),
    boatId: uuid('Boat').optional(),
    customerId: uuid('Customer').optional(),
    cursor: z.string().max(400, 'cursor: That page of the list is no longer valid').optional(),
    limit: z.coerce
      .number({ message: 'limit is a number from 1 to 100' })
      .int('limit is a whole number')
      .min(1, 'limit is a number from 1 to 100')
      .max(100, 'limit is a number from 1 to 100')
      .default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

export type StaffOrdersQuery = z.output<typeof StaffOrdersQuery>;
