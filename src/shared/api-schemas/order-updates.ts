import { z } from 'zod';
import { PhotoView } from './service-requests.js';

/** One update the yard posted on an order (docs/job-updates.md); newest first in every list. */
export const OrderUpdateView = z.object({
  id: z.string(),
  orderId: z.string(),
  orderNumber: z.number(),
  orderTitle: z.string(),
  body: z.string(),
  /** Who posted it: staff see the full name, the customer the first name. */
  postedBy: z.string(),
  postedAt: z.string(),
  photos: z.array(PhotoView),
});

export const OrderUpdatesResponse = z.object({ updates: z.array(OrderUpdateView) });

export const PostOrderUpdateResponse = z.object({ update: OrderUpdateView, message: z.string() });
