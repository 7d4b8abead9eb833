import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';

export type BoatRow = Selectable<DB['boats']>;
export type BoatEngineRow = Selectable<DB['boat_engines']>;
export type BoatChange = Omit<Updateable<DB['boats']>, 'id' | 'yard_id'>;
export type NewBoatEngine = Pick<Insertable<DB['boat_engines']>, 'make' | 'model' | 'serial' | 'hours'>;

/** The only file of boats that touches the database; every query is scoped to the yard. */
export function boatsRepo(db: Kysely<DB>) {
  return {
    find: (yardId: string, boatId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('boats')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', boatId)
        .executeTakeFirst(),

    /** The boat, locked for the change the caller's transaction makes. */
    lock: (trx: Kysely<DB>, yardId: string, boatId: string) =>
      trx
        .selectFrom('boats')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', boatId)
        .forUpdate()
        .executeTakeFirst(),

    engines: (yardId: string, boatId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('boat_engines')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('boat_id', '=', boatId)
        .orderBy('position')
        .execute(),

    /** The customer a boat may belong to: of this yard, with whether they are archived. */
    customer: (yardId: string, customerId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('customers')
        .select(['id', 'archived_at'])
        .where('yard_id', '=', yardId)
        .where('id', '=', customerId)
        .executeTakeFirst(),

    lengthUnit: async (yardId: string) =>
      (await db.selectFrom('yards').select('length_unit').where('id', '=', yardId).executeTakeFirst())
        ?.length_unit,

    insert: (trx: Kysely<DB>, yardId: string, customerId: string, boat: BoatChange & { name: string }) =>
      trx
        .insertInto('boats')
        .values({ ...boat, yard_id: yardId, customer_id: customerId })
        .returningAll()
        .executeTakeFirstOrThrow(),

    update: (trx: Kysely<DB>, yardId: string, boatId: string, change: BoatChange) =>
      trx
        .updateTable('boats')
        .set(change)
        .where('yard_id', '=', yardId)
        .where('id', '=', boatId)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** The boat's engines become exactly `engines`, in their order. */
    async replaceEngines(trx: Kysely<DB>, yardId: string, boatId: string, engines: NewBoatEngine[]) {
      await trx
        .deleteFrom('boat_engines')
        .where('yard_id', '=', yardId)
        .where('boat_id', '=', boatId)
        .execute();
      if (engines.length === 0) return;
      await trx
        .insertInto('boat_engines')
        .values(engines.map((e, position) => ({ ...e, yard_id: yardId, boat_id: boatId, position })))
        .execute();
    },
  };
}

export type BoatsRepo = ReturnType<typeof boatsRepo>;
