import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Confirming an import: its customers become units for the worker, new ones with their numbers. */
export function importUnitsRepo(db: Kysely<DB>) {
  return {
    lock: (trx: Kysely<DB>, yardId: string, id: string) =>
      trx
        .selectFrom('import_jobs')
        .select(['id', 'status'])
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    /**
     * One unit per customer of the preview. A new customer keeps the number the file gives
     * it; the others get numbers after both the yard's highest and the file's highest, in
     * file order, so a number in the file is never handed to someone else.
     */
    createUnits: async (trx: Kysely<DB>, yardId: string, importId: string) => {
      await sql`
        INSERT INTO import_units (import_id, unit_row, yard_id)
        SELECT DISTINCT import_id, unit_row, yard_id FROM import_rows
        WHERE import_id = ${importId} AND unit_row IS NOT NULL`.execute(trx);
      await sql`
        WITH base AS (
          SELECT greatest(
            (SELECT coalesce(max(customer_number), 1000) FROM customers WHERE yard_id = ${yardId}),
            (SELECT coalesce(max((data #>> '{}')::int), 0) FROM import_rows
              WHERE import_id = ${importId} AND file = 'customers' AND outcome IS NOT NULL)
          ) AS n
        ), fresh AS (
          SELECT u.unit_row, (r.data #>> '{}')::int AS given,
            row_number() OVER (PARTITION BY r.data IS NULL ORDER BY u.unit_row) AS k
          FROM import_units u
          JOIN import_rows r ON r.import_id = u.import_id AND r.file = 'customers' AND r.row_number = u.unit_row
          WHERE u.import_id = ${importId} AND r.customer_id IS NULL
        )
        UPDATE import_units u SET customer_number = coalesce(f.given, (SELECT n FROM base) + f.k)
        FROM fresh f WHERE u.import_id = ${importId} AND u.unit_row = f.unit_row`.execute(trx);
    },

    start: (trx: Kysely<DB>, id: string, staffId: string, now: Date) =>
      trx
        .updateTable('import_jobs')
        .set({ status: 'running', confirmed_at: now, confirmed_by: staffId })
        .where('id', '=', id)
        .execute(),

    /** The yard's customers among `ids` (another yard's ids are dropped). */
    customersOf: (yardId: string, ids: string[]) =>
      ids.length
        ? db
            .selectFrom('customers')
            .select(['id', 'customer_number', 'first_name', 'last_name', 'email', 'phone'])
            .where('yard_id', '=', yardId)
            .where('id', 'in', ids)
            .orderBy('customer_number')
            .execute()
        : Promise.resolve([]),
  };
}
