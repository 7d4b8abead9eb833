import { z } from 'zod';
import { ERROR_CODE_NAMES } from '../error-codes.js';

/** One of the catalog's codes (src/shared/error-codes.ts); clients match on it. */
export const ErrorCodeSchema = z.enum(ERROR_CODE_NAMES);

/** Every error answer: a stable code, a sentence for the person on screen, the request to quote. */
export const ApiErrorBody = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  requestId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const MessageResponse = z.object({ message: z.string() });

/** The error answers a route may give, for the OpenAPI document. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ApiErrorBody])) as Record<number, typeof ApiErrorBody>;
