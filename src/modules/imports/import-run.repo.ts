import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ImportStatus } from '../../shared/api-types.js';
import { BOAT_COLUMNS, CUSTOMER_COLUMNS, contactsOf } from './imports.repo.js';
import type { NewContact } from './record-diff.js';

/**
 * The worker's side of imports: claiming a running import with a lease (database time),
 * and writing one unit (a customer with their boats) in the caller's transaction. A job is
 * found by status across yards; everything after the claim is scoped to its yard.
 */
export interface SettledUnit {
  unitRow: number;
  status: 'done' | 'failed';
  result: 'created' | 'updated' | 'unchanged' | null;
  reason: string | null;
  customerId: string | null;
  boatsCreated: number;
  boatsUpdated: number;
}

export function importRunRepo(db: Kysely<DB>) {
  const leaseUntil = (seconds: number) => sql<Date>`now() + make_interval(secs => ${seconds})`;
  return {
    claim: (owner: string, leaseSeconds: number, skip: string[]) =>
      db
        .updateTable('import_jobs')
        .set({ lease_owner: owner, lease_until: leaseUntil(leaseSeconds) })
        .where('id', '=', (eb) =>
          eb
            .selectFrom('import_jobs')
            .select('id')
            .where('status', '=', 'running')
            .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', sql<Date>`now()`)]))
            .$if(skip.length > 0, (q) => q.where('id', 'not in', skip))
            .orderBy('confirmed_at')
            .limit(1)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'yard_id', 'confirmed_by'])
        .executeTakeFirst(),

    renew: (id: string, owner: string, leaseSeconds: number): Promise<{ status: ImportStatus } | undefined> =>
      db
        .updateTable('import_jobs')
        .set({ lease_until: leaseUntil(leaseSeconds) })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .returning(['status'])
        .executeTakeFirst(),

    release: (id: string, owner: string) =>
      db
        .updateTable('import_jobs')
        .set({ lease_owner: null, lease_until: null })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .execute(),

    finish: (id: string, owner: string, _status: 'completed' | 'cancelled', now: Date) =>
      db
        .updateTable('import_jobs')
        .set({ status: 'completed', finished_at: now, lease_owner: null, lease_until: null })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .execute(),

    /** What reading a job's cells again needs: its headers and mapping, the yard's phone country and unit. */
    jobContext: (id: string) =>
      db
        .selectFrom('import_jobs')
        .innerJoin('yards', 'yards.id', 'import_jobs.yard_id')
        .select(['import_jobs.headers', 'import_jobs.mapping', 'yards.phone_country', 'yards.length_unit'])
        .where('import_jobs.id', '=', id)
        .executeTakeFirstOrThrow(),

    nextUnits: (yardId: string, importId: string, limit: number) =>
      db
        .selectFrom('import_units')
        .select(['unit_row', 'customer_number'])
        .where('yard_id', '=', yardId)
        .where('import_id', '=', importId)
        .where('status', '=', 'pending')
        .orderBy('unit_row')
        .limit(limit)
        .execute(),

    /** The rows of some units, in file order (customers file first). */
    unitRows: (importId: string, unitRows: number[]) =>
      db
        .selectFrom('import_rows')
        .select(['unit_row', 'file', 'row_number', 'cells', 'customer_id'])
        .where('import_id', '=', importId)
        .where('unit_row', 'in', unitRows)
        .where('outcome', 'in', ['create', 'update', 'no_change'])
        .orderBy('file', 'desc')
        .orderBy('row_number')
        .execute(),

    /** PGlite runs no checkpointer: its write-ahead log, kept in the process, is recycled by this. */
    checkpoint: () => sql`CHECKPOINT`.execute(db),

    /** Takes a chunk's units for this transaction: those still pending (not written already). */
    takeUnits: async (trx: Kysely<DB>, importId: string, unitRows: number[]) =>
      new Set(
        (
          await trx
            .selectFrom('import_units')
            .select('unit_row')
            .where('import_id', '=', importId)
            .where('unit_row', 'in', unitRows)
            .where('status', '=', 'pending')
            .forUpdate()
            .execute()
        ).map((u) => u.unit_row),
      ),

    /** One unit of a chunk: a failing unit rolls back to here, the chunk's others stay. */
    savepoint: (trx: Kysely<DB>) => sql`SAVEPOINT import_unit`.execute(trx),
    rollbackToSavepoint: (trx: Kysely<DB>) => sql`ROLLBACK TO SAVEPOINT import_unit`.execute(trx),
    releaseSavepoint: (trx: Kysely<DB>) => sql`RELEASE SAVEPOINT import_unit`.execute(trx),

    /** Marks a chunk's units done or failed, in the transaction that wrote them. */
    settleUnits: async (trx: Kysely<DB>, importId: string, units: SettledUnit[], now: Date) => {
      if (!units.length) return;
      const values = sql.join(
        units.map(
          (u) =>
            sql`(${u.unitRow}::int, ${u.status}::text, ${u.result}::text, ${u.reason}::text, ${u.customerId}::uuid, ${u.boatsCreated}::int, ${u.boatsUpdated}::int)`,
        ),
      );
      await sql`
        UPDATE import_units AS u
        SET status = v.status, result = v.result, reason = v.reason, customer_id = v.customer_id,
            boats_created = v.boats_created, boats_updated = v.boats_updated, finished_at = ${now}
        FROM (VALUES ${values}) AS v(unit_row, status, result, reason, customer_id, boats_created, boats_updated)
        WHERE u.import_id = ${importId} AND u.unit_row = v.unit_row`.execute(trx);
    },

    lockCustomer: (trx: Kysely<DB>, yardId: string, id: string) =>
      trx
        .selectFrom('customers')
        .select(CUSTOMER_COLUMNS)
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    contacts: (trx: Kysely<DB>, yardId: string, customerId: string) => contactsOf(trx, yardId, [customerId]),

    insertCustomer: (
      trx: Kysely<DB>,
      yardId: string,
      number: number,
      values: Record<string, unknown>,
      now: Date,
    ) =>
      trx
        .insertInto('customers')
        .values({
          ...values,
          yard_id: yardId,
          customer_number: number,
          created_at: now,
          updated_at: now,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow(),

    updateCustomer: (
      trx: Kysely<DB>,
      yardId: string,
      id: string,
      patch: Record<string, unknown>,
      now: Date,
    ) =>
      trx
        .updateTable('customers')
        .set({ ...patch, updated_at: now } as never)
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),

    addContacts: async (
      trx: Kysely<DB>,
      yardId: string,
      customerId: string,
      contacts: NewContact[],
      from: number,
    ) => {
      if (!contacts.length) return;
      await trx
        .insertInto('customer_contacts')
        .values(
          contacts.map((c, i) => ({
            yard_id: yardId,
            customer_id: customerId,
            kind: c.kind,
            value: c.value,
            phone_e164: c.phone_e164,
            position: from + i,
          })),
        )
        .execute();
    },

    boats: (trx: Kysely<DB>, yardId: string, customerId: string) =>
      trx
        .selectFrom('boats')
        .select(BOAT_COLUMNS)
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('archived_at', 'is', null)
        .forUpdate()
        .execute(),

    /** A customer's new boats (each with its id) in one statement. */
    insertBoats: async (
      trx: Kysely<DB>,
      yardId: string,
      customerId: string,
      boats: ({ id: string } & Record<string, unknown>)[],
      now: Date,
    ) => {
      if (!boats.length) return;
      await trx
        .insertInto('boats')
        .values(
          boats.map(
            (values) =>
              ({
                ...values,
                yard_id: yardId,
                customer_id: customerId,
                created_at: now,
                updated_at: now,
              }) as never,
          ),
        )
        .execute();
    },

    updateBoat: (trx: Kysely<DB>, yardId: string, id: string, patch: Record<string, unknown>, now: Date) =>
      trx
        .updateTable('boats')
        .set({ ...patch, updated_at: now } as never)
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),
  };
}

export type ImportRunRepo = ReturnType<typeof importRunRepo>;
