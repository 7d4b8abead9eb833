import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ImportStatus } from '../../shared/api-types.js';
import { BOAT_COLUMNS, contactsOf } from './imports.repo.js';
import type { NewContact } from './record-diff.js';

/**
 * The worker's side of imports: claiming a running import with a lease (database time),
 * and writing one unit (a customer with their boats) in the caller's transaction. A job is
 * found by status across yards; everything after the claim is scoped to its yard.
 */
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
        .select(['unit_row', 'file', 'row_number', 'data', 'customer_id'])
        .where('import_id', '=', importId)
        .where('unit_row', 'in', unitRows)
        .where('outcome', 'in', ['create', 'update', 'no_change'])
        .orderBy('file', 'desc')
        .orderBy('row_number')
        .execute(),

    /** Takes the unit for this transaction; false when it is no longer pending (written already). */
    takeUnit: async (trx: Kysely<DB>, importId: string, unitRow: number) =>
      (
        await trx
          .selectFrom('import_units')
          .select('status')
          .where('import_id', '=', importId)
          .where('unit_row', '=', unitRow)
          .forUpdate()
          .executeTakeFirst()
      )?.status === 'pending',

    settleUnit: (
      trx: Kysely<DB>,
      importId: string,
      unitRow: number,
      v: {
        status: 'done' | 'failed';
        result: 'created' | 'updated' | 'unchanged' | null;
        reason: string | null;
        customerId: string | null;
        boatsCreated: number;
        boatsUpdated: number;
        now: Date;
      },
    ) =>
      trx
        .updateTable('import_units')
        .set({
          status: v.status,
          result: v.result,
          reason: v.reason,
          customer_id: v.customerId,
          boats_created: v.boatsCreated,
          boats_updated: v.boatsUpdated,
          finished_at: v.now,
        })
        .where('import_id', '=', importId)
        .where('unit_row', '=', unitRow)
        .execute(),

    lockCustomer: (trx: Kysely<DB>, yardId: string, id: string) =>
      trx
        .selectFrom('customers')
        .select([
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
        ])
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

    insertBoat: (
      trx: Kysely<DB>,
      yardId: string,
      customerId: string,
      values: Record<string, unknown>,
      now: Date,
    ) =>
      trx
        .insertInto('boats')
        .values({
          ...values,
          yard_id: yardId,
          customer_id: customerId,
          created_at: now,
          updated_at: now,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow(),

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
