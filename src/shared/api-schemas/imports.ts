import { z } from 'zod';
import { IMPORT_FIELDS } from './values.js';

// Importing customers and boats from another system (docs/import.md).

/** What a column of the uploaded file can be, in Slipway's words. */
export const ImportField = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof ImportField>;

export const ImportStatus = z.enum(['staging', 'mapping', 'preview', 'running', 'completed', 'discarded']);
/** What the preview says will happen to a row. */
export const ImportOutcome = z.enum(['create', 'update', 'no_change', 'duplicate', 'invalid']);
export const ImportFile = z.enum(['customers', 'boats']);

/** Per file, the field each column is read as (null: not imported), by column position. */
export const SavedMapping = z.object({
  customers: z.array(ImportField.nullable()).max(64),
  boats: z.array(ImportField.nullable()).max(64).nullable(),
});
export const ImportHeaders = z.object({
  customers: z.array(z.string()),
  boats: z.array(z.string()).nullable(),
});

const count = z.number().int();

export const ImportSummary = z.object({
  id: z.string(),
  /** The uploaded file names. */
  label: z.string(),
  status: ImportStatus,
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  headers: ImportHeaders,
  mapping: SavedMapping,
  /** The mapping came from one saved for this header set. */
  mappingSaved: z.boolean(),
  /** The first rows of each file, for the mapping screen. */
  samples: z.object({ customers: z.array(z.array(z.string())), boats: z.array(z.array(z.string())) }),
  rowCount: count,
  /** Rows per outcome; every outcome is present (0 before the preview). */
  preview: z.object({ create: count, update: count, no_change: count, duplicate: count, invalid: count }),
  /** Customers (each with their boats) the run writes, and how far it is. */
  progress: z.object({
    units: count,
    done: count,
    failed: count,
    customersCreated: count,
    customersUpdated: count,
    customersUnchanged: count,
    boatsCreated: count,
    boatsUpdated: count,
  }),
});
export const ImportListResponse = z.object({ imports: z.array(ImportSummary) });

export const ImportMappingRequest = z.object({
  mapping: SavedMapping,
  /** Remember this mapping for files with the same header. */
  save: z.boolean().default(false),
});

export const ImportRowView = z.object({
  file: ImportFile,
  rowNumber: count,
  outcome: ImportOutcome,
  reason: z.string(),
  /** The row's mapped values, by field. */
  values: z.record(z.string(), z.string().nullable()),
  customerId: z.string().nullable(),
});
export const ImportRowsResponse = z.object({ rows: z.array(ImportRowView), nextOffset: count.nullable() });

export const ImportInviteResponse = z.object({ batchId: z.string() });
