import { z } from 'zod';
import { OrderStatus } from './orders.js';

/** A photo a customer or staff attached (a service request, a job update), served at `url`. */
export const PhotoView = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  url: z.string(),
});

export const ServiceRequestDetails = z.object({
  orderId: z.string(),
  description: z.string(),
  preferredFrom: z.string().nullable(),
  preferredTo: z.string().nullable(),
  requestedAt: z.string(),
  photos: z.array(PhotoView),
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
