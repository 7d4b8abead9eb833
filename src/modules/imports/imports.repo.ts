// Longer than 300 lines: every query of the import jobs and their staged rows in one place, so a
// reader sees each yard-scoped filter together (the worker's writes are in import-run.repo.ts).
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ImportHeaders, ImportMapping, ImportOutcome, ImportStatus } from '../../shared/api-types.js';
import type { BoatRecord, ContactRecord, CustomerRecord } from './record-diff.js';
import type { StagedCell } from './row-values.js';

export type ImportFileName = 'customers' | 'boats';

export interface PreviewedRow {
  file: ImportFileName;
  row_number: number;
  unit_row: number | null;
  outcome: ImportOutcome;
  reason: string;
  /** The customer number a customers-file row gives (kept for numbering at confirmation). */
  number: number | null;
  customer_id: string | null;
  boat_id: string | null;
}

export const CUSTOMER_COLUMNS = [
  'id',
  'customer_number',
  'first_name',
  'last_name',
  'company',
  'email',
  'phone',
  'phone_e164',
  'street',
  'city',
  'state',
  'postal_code',
  'notes',
] as const;
export const BOAT_COLUMNS = [
  'id',
  'customer_id',
  'name',
  'make',
  'model',
  'year',
  'length_ft',
  'beam_ft',
  'draft_ft',
  'hull_id',
  'registration',
  'slip',
  'notes',
] as const;

/** Jobs, staged rows, saved mappings and the lookups of the preview. Every query is yard-scoped. */
export function importsRepo(db: Kysely<DB>) {
  return {
    insertJob: (v: {
      yardId: string;
      staffId: string;
      label: string;
      headers: ImportHeaders;
      mapping: ImportMapping;
      now: Date;
    }) =>
      db
        .insertInto('import_jobs')
        .values({
          yard_id: v.yardId,
          created_by: v.staffId,
          label: v.label,
          status: 'staging',
          headers: JSON.stringify(v.headers),
          mapping: JSON.stringify(v.mapping),
          created_at: v.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),

    /** Staged rows, a chunk per statement (no transaction held while a file is read). */
    insertRows: async (
      yardId: string,
      importId: string,
      file: ImportFileName,
      rows: { rowNumber: number; cells: StagedCell[] }[],
    ) => {
      if (!rows.length) return;
      await db
        .insertInto('import_rows')
        .values(
          rows.map((r) => ({
            import_id: importId,
            yard_id: yardId,
            file,
            row_number: r.rowNumber,
            cells: JSON.stringify(r.cells),
          })),
        )
        .execute();
    },

    /**
     * Embedded PGlite runs no checkpointer: its write-ahead log (kept in the process) grows
     * until a checkpoint recycles it. Called between chunks of a large import on PGlite only.
     */
    checkpoint: () => sql`CHECKPOINT`.execute(db),

    setStatus: (yardId: string, id: string, from: ImportStatus[], to: ImportStatus, extra: object = {}) =>
      db
        .updateTable('import_jobs')
        .set({ status: to, ...extra })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('status', 'in', from)
        .returning('id')
        .executeTakeFirst(),

    finishStaging: (
      yardId: string,
      id: string,
      rowCount: number,
      headers: ImportHeaders,
      mapping: ImportMapping,
    ) =>
      db
        .updateTable('import_jobs')
        .set({
          status: 'mapping',
          row_count: rowCount,
          headers: JSON.stringify(headers),
          mapping: JSON.stringify(mapping),
        })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),

    setMapping: (yardId: string, id: string, mapping: ImportMapping) =>
      db
        .updateTable('import_jobs')
        .set({ mapping: JSON.stringify(mapping) })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),

    yardSettings: (yardId: string) =>
      db
        .selectFrom('yards')
        .select(['phone_country', 'length_unit'])
        .where('id', '=', yardId)
        .executeTakeFirstOrThrow(),

    deleteJob: (yardId: string, id: string) =>
      db.deleteFrom('import_jobs').where('yard_id', '=', yardId).where('id', '=', id).execute(),

    /** Jobs left `staging` by a process that died. */
    deleteStaleStaging: (yardId: string, before: Date) =>
      db
        .deleteFrom('import_jobs')
        .where('yard_id', '=', yardId)
        .where('status', '=', 'staging')
        .where('created_at', '<', before)
        .execute(),

    find: (yardId: string, id: string) =>
      db
        .selectFrom('import_jobs')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('status', '!=', 'staging')
        .executeTakeFirst(),

    list: (yardId: string, limit: number) =>
      db
        .selectFrom('import_jobs')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('status', 'not in', ['staging', 'discarded'])
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute(),

    savedMapping: (yardId: string, key: string) =>
      db
        .selectFrom('import_mappings')
        .select('mapping')
        .where('yard_id', '=', yardId)
        .where('header_key', '=', key)
        .executeTakeFirst(),

    saveMapping: (yardId: string, key: string, mapping: ImportMapping, staffId: string, now: Date) =>
      db
        .insertInto('import_mappings')
        .values({
          yard_id: yardId,
          header_key: key,
          mapping: JSON.stringify(mapping),
          updated_by: staffId,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['yard_id', 'header_key']).doUpdateSet({
            mapping: JSON.stringify(mapping),
            updated_by: staffId,
            updated_at: now,
          }),
        )
        .execute(),

    /** Staged rows after `afterRow`, in file order. */
    stagedRows: (importId: string, file: ImportFileName, afterRow: number, limit: number) =>
      db
        .selectFrom('import_rows')
        .select(['row_number', 'cells'])
        .where('import_id', '=', importId)
        .where('file', '=', file)
        .where('row_number', '>', afterRow)
        .orderBy('row_number')
        .limit(limit)
        .execute(),

    samples: (importId: string, file: ImportFileName) =>
      db
        .selectFrom('import_rows')
        .select('cells')
        .where('import_id', '=', importId)
        .where('file', '=', file)
        .orderBy('row_number')
        .limit(3)
        .execute(),

    /**
     * Many rows' preview in one statement: small columns only (outcome, reason, unit, the
     * customer and boat found, and in `data` the row's customer number as a JSON number).
     * The values to write are read again from the cells by the run, never stored twice.
     */
    setPreview: async (importId: string, rows: PreviewedRow[]) => {
      if (!rows.length) return;
      const values = sql.join(
        rows.map(
          (r) =>
            sql`(${r.file}::text, ${r.row_number}::int, ${r.unit_row}::int, ${r.outcome}::text, ${r.reason}::text, ${r.number === null ? null : String(r.number)}::jsonb, ${r.customer_id}::uuid, ${r.boat_id}::uuid)`,
        ),
      );
      await sql`
        UPDATE import_rows AS r
        SET unit_row = v.unit_row, outcome = v.outcome, reason = v.reason, data = v.data,
            customer_id = v.customer_id, boat_id = v.boat_id
        FROM (VALUES ${values}) AS v(file, row_number, unit_row, outcome, reason, data, customer_id, boat_id)
        WHERE r.import_id = ${importId} AND r.file = v.file AND r.row_number = v.row_number`.execute(db);
    },

    outcomeCounts: (importIds: string[]) =>
      importIds.length
        ? db
            .selectFrom('import_rows')
            .select(['import_id', 'outcome', (eb) => eb.fn.countAll<string>().as('n')])
            .where('import_id', 'in', importIds)
            .where('outcome', 'is not', null)
            .groupBy(['import_id', 'outcome'])
            .execute()
        : Promise.resolve([]),

    unitCounts: (importIds: string[]) =>
      importIds.length
        ? db
            .selectFrom('import_units')
            .select([
              'import_id',
              'status',
              'result',
              (eb) => eb.fn.countAll<string>().as('n'),
              (eb) => eb.fn.sum<string>('boats_created').as('boats_created'),
              (eb) => eb.fn.sum<string>('boats_updated').as('boats_updated'),
            ])
            .where('import_id', 'in', importIds)
            .groupBy(['import_id', 'status', 'result'])
            .execute()
        : Promise.resolve([]),

    rows: (yardId: string, importId: string, q: { outcome?: ImportOutcome; offset: number; limit: number }) =>
      db
        .selectFrom('import_rows')
        .select(['file', 'row_number', 'outcome', 'reason', 'cells', 'customer_id'])
        .where('yard_id', '=', yardId)
        .where('import_id', '=', importId)
        .where('outcome', 'is not', null)
        .$if(q.outcome !== undefined, (w) => w.where('outcome', '=', q.outcome as ImportOutcome))
        .orderBy('file', 'desc')
        .orderBy('row_number')
        .offset(q.offset)
        .limit(q.limit)
        .execute(),

    /** Existing customers a chunk of rows may be: by number, primary or further email, primary or further phone. */
    candidates: async (yardId: string, k: { numbers: number[]; emails: string[]; phones: string[] }) => {
      if (!k.numbers.length && !k.emails.length && !k.phones.length) {
        return { customers: [] as CustomerRecord[], contacts: [] as ContactRecord[] };
      }
      const viaContacts = db
        .selectFrom('customer_contacts')
        .select('customer_id')
        .where('yard_id', '=', yardId)
        .where((w) =>
          w.or([
            ...(k.emails.length
              ? [w.and([w('kind', '=', 'email'), w(sql`lower(value)`, 'in', k.emails)])]
              : []),
            ...(k.phones.length ? [w.and([w('kind', '=', 'phone'), w('phone_e164', 'in', k.phones)])] : []),
          ]),
        );
      const customers = await db
        .selectFrom('customers')
        .select(CUSTOMER_COLUMNS)
        .where('yard_id', '=', yardId)
        .where('merged_into', 'is', null)
        .where((w) =>
          w.or([
            ...(k.numbers.length ? [w('customer_number', 'in', k.numbers)] : []),
            ...(k.emails.length ? [w('email_lower', 'in', k.emails)] : []),
            ...(k.phones.length ? [w('phone_e164', 'in', k.phones)] : []),
            ...(k.emails.length || k.phones.length ? [w('id', 'in', viaContacts)] : []),
          ]),
        )
        .execute();
      return {
        customers,
        contacts: await contactsOf(
          db,
          yardId,
          customers.map((c) => c.id),
        ),
      };
    },

    boatsOf: (yardId: string, customerIds: string[]): Promise<BoatRecord[]> =>
      customerIds.length
        ? db
            .selectFrom('boats')
            .select(BOAT_COLUMNS)
            .where('yard_id', '=', yardId)
            .where('customer_id', 'in', customerIds)
            .where('archived_at', 'is', null)
            .execute()
        : Promise.resolve([]),

    /** The customers the import wrote (created, updated or found up to date). */
    importedCustomerIds: async (yardId: string, importId: string) =>
      (
        await db
          .selectFrom('import_units')
          .select('customer_id')
          .where('yard_id', '=', yardId)
          .where('import_id', '=', importId)
          .where('status', '=', 'done')
          .where('customer_id', 'is not', null)
          .orderBy('unit_row')
          .execute()
      ).flatMap((r) => (r.customer_id ? [r.customer_id] : [])),

    /** Rows that were not imported, with their reasons, a page at a time (report). */
    problemRows: (yardId: string, importId: string, after: { file: string; row: number }, limit: number) =>
      db
        .selectFrom('import_rows')
        .select(['file', 'row_number', 'outcome', 'reason', 'cells'])
        .where('yard_id', '=', yardId)
        .where('import_id', '=', importId)
        .where('outcome', 'in', ['invalid', 'duplicate'])
        .where((w) =>
          w.or([
            w('file', '<', after.file as ImportFileName),
            w.and([w('file', '=', after.file as ImportFileName), w('row_number', '>', after.row)]),
          ]),
        )
        .orderBy('file', 'desc')
        .orderBy('row_number')
        .limit(limit)
        .execute(),
  };
}

export function contactsOf(db: Kysely<DB>, yardId: string, customerIds: string[]): Promise<ContactRecord[]> {
  return customerIds.length
    ? db
        .selectFrom('customer_contacts')
        .select(['customer_id', 'kind', 'value', 'phone_e164'])
        .where('yard_id', '=', yardId)
        .where('customer_id', 'in', customerIds)
        .execute()
    : Promise.resolve([]);
}

export type ImportsRepo = ReturnType<typeof importsRepo>;
export type ImportJob = NonNullable<Awaited<ReturnType<ImportsRepo['find']>>>;
