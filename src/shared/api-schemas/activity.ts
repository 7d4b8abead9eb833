import { z } from 'zod';
import { ActivityKind } from './orders.js';

// The dashboard's activity inbox: what customers did (src/modules/activity, docs/orders.md).

export const ActivityItem = z.object({
  id: z.string(),
  kind: ActivityKind,
  customer: z.object({ id: z.string(), name: z.string() }),
  order: z.object({ id: z.string(), number: z.number(), title: z.string() }).nullable(),
  /** What happened, in one sentence: "Ava Thompson declined estimate #1042: Too expensive". */
  sentence: z.string(),
  /** Payments: the amount paid. */
  amountCents: z.number().nullable(),
  at: z.string(),
  read: z.boolean(),
});

export const ActivityListResponse = z.object({
  items: z.array(ActivityItem),
  nextCursor: z.string().nullable(),
  unread: z.number(),
});

export const ActivityUnreadResponse = z.object({ unread: z.number() });
