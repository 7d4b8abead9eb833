import { z } from 'zod';
import { BatchPreviewOutcome, BatchRowResult } from '../../shared/api-schemas/bulk-invites.js';

/** The URL parts of the bulk-invite routes; the bodies live in src/shared/api-schemas/bulk-invites.ts. */
export const BatchParams = z.object({
  id: z.string().uuid('Bulk invite ids are UUIDs; open the bulk invite from its list'),
});
export const BatchRowsQuery = z.object({
  preview: BatchPreviewOutcome.optional(),
  result: BatchRowResult.optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(500, 'Ask for at most 500 rows at a time').optional(),
});
