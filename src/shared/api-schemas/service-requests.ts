import { z } from 'zod';
import { OrderStatus } from './orders.js';

export const ServiceRequestDetails = z.object({
  orderId: z.string(),
  description: z.string(),
  preferredFrom: z.string().nullable(),
  preferredTo: z.string().nullable(),
  requestedAt: z.string(),
  photos: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      contentType: z.string(),
      sizeBytes: z.number(),
      url: z.string(),
    }),
  ),
});

export const ServiceRequestResponse = z.object({
  order: z.object({
    id: z.string(),
    number: z.number(),
    title: z.string(),
    status: OrderStatus,
    boatName: z.string().nullable(),
  }),
  photoCount: z.number(),
});
