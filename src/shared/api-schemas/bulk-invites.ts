import { z } from 'zod';

// Bulk invites (docs/bulk-invites.md).

/** What the preview says will happen to a row of an uploaded template. */
export const BatchPreviewOutcome = z.enum([
  'will_invite',
  'in_portal',
  'too_soon',
  'no_email',
  'no_match',
  'ambiguous',
  'invalid_email',
  'duplicate',
  'archived',
]);
/** What happened to the row once the batch ran. */
export const BatchRowResult = z.enum(['pending', 'queued', 'sent', 'skipped', 'failed']);
export const InviteBatchStatus = z.enum([
  'preparing',
  'preview',
  'running',
  'cancelling',
  'completed',
  'cancelled',
  'discarded',
]);
const count = z.number().int();

export const InviteBatchSummary = z.object({
  id: z.string(),
  source: z.enum(['upload', 'search']),
  /** The uploaded file's name, or the search words. */
  label: z.string(),
  status: InviteBatchStatus,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  rowCount: count,
  /** Rows per preview outcome; every outcome is present (0 when none). */
  preview: z.object({
    will_invite: count,
    in_portal: count,
    too_soon: count,
    no_email: count,
    no_match: count,
    ambiguous: count,
    invalid_email: count,
    duplicate: count,
    archived: count,
  }),
  /** Rows per result; `total` = rowCount. */
  progress: z.object({
    pending: count,
    queued: count,
    sent: count,
    skipped: count,
    failed: count,
    total: count,
  }),
  /** Set while the mail server is unreachable and the batch waits to try again. */
  paused: z.object({ reason: z.string(), resumeAt: z.string() }).nullable(),
});
export const InviteBatchListResponse = z.object({ batches: z.array(InviteBatchSummary) });

export const InviteBatchRowView = z.object({
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
  /** The preview in words, e.g. "Invited less than 24 hours ago; eligible again at …". */
  previewReason: z.string(),
  eligibleAt: z.string().nullable(),
  duplicateOf: count.nullable(),
  result: BatchRowResult,
  resultReason: z.string().nullable(),
});
export const InviteBatchRowsResponse = z.object({
  rows: z.array(InviteBatchRowView),
  /** Pass as `offset` for the next page; null on the last page. */
  nextOffset: count.nullable(),
});

export const InviteFromSearchRequest = z
  .object({
    /** The customer list's search words; empty for every customer. */
    q: z.string().max(200, 'Search for at most 200 characters'),
  })
  .strict();
