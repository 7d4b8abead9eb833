import { z } from 'zod';
import { type Same, same } from '../../server/api-schemas.js';
import type * as Api from '../../shared/api-types.js';

/** Request and response schemas of the bulk-invite routes, each checked against the shared type. */
export const BatchPreviewOutcome = z.enum([
  'will_invite',
  'in_portal',
  'too_soon',
  'no_email',
  'no_match',
  'ambiguous',
  'invalid_email',
  'duplicate',
]);
export const BatchRowResult = z.enum(['pending', 'queued', 'sent', 'skipped', 'failed']);
const count = z.number().int();

export const InviteBatchSummary = z.object({
  id: z.string(),
  source: z.enum(['upload', 'search']),
  label: z.string(),
  status: z.enum(['preparing', 'preview', 'running', 'cancelling', 'completed', 'cancelled', 'discarded']),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  rowCount: count,
  preview: z.object({
    will_invite: count,
    in_portal: count,
    too_soon: count,
    no_email: count,
    no_match: count,
    ambiguous: count,
    invalid_email: count,
    duplicate: count,
  }),
  progress: z.object({
    pending: count,
    queued: count,
    sent: count,
    skipped: count,
    failed: count,
    total: count,
  }),
  paused: z.object({ reason: z.string(), resumeAt: z.string() }).nullable(),
});
export const InviteBatchListResponse = z.object({ batches: z.array(InviteBatchSummary) });
export const InviteBatchRowsResponse = z.object({
  rows: z.array(
    z.object({
      rowNumber: count,
      input: z.object({
        number: z.string().nullable(),
        email: z.string().nullable(),
        name: z.string().nullable(),
        phone: z.string().nullable(),
      }),
      customer: z
        .object({ id: z.string(), customerNumber: count, name: z.string(), email: z.string().nullable() })
        .nullable(),
      preview: BatchPreviewOutcome,
      previewReason: z.string(),
      eligibleAt: z.string().nullable(),
      duplicateOf: count.nullable(),
      result: BatchRowResult,
      resultReason: z.string().nullable(),
    }),
  ),
  nextOffset: count.nullable(),
});

export const BatchParams = z.object({
  id: z.string().uuid('Bulk invite ids are UUIDs; open the bulk invite from its list'),
});
export const BatchRowsQuery = z.object({
  preview: BatchPreviewOutcome.optional(),
  result: BatchRowResult.optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(500, 'Ask for at most 500 rows at a time').optional(),
});
export const InviteFromSearchRequest = z
  .object({ q: z.string().max(200, 'Search for at most 200 characters') })
  .strict();

same<Same<z.infer<typeof InviteBatchSummary>, Api.InviteBatchSummary>>(true);
same<Same<z.infer<typeof InviteBatchListResponse>, Api.InviteBatchListResponse>>(true);
same<Same<z.infer<typeof InviteBatchRowsResponse>, Api.InviteBatchRowsResponse>>(true);
same<Same<z.infer<typeof InviteFromSearchRequest>, Api.InviteFromSearchRequest>>(true);
