import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { YardStatus } from '../../shared/api-schemas/values.js';

/** A boat's live yard status and its timeline (docs/boat-status.md); every query names the yard. */
export function boatStatusRepo(db: Kysely<DB>) {
  return {
    /** The boat's current status on its row, and the new timeline row, in the caller's transaction. */
    async set(
      trx: Kysely<DB>,
      e: { yardId: string; boatId: string; status: YardStatus; note: string | null; by: string; at: Date },
    ) {
      await trx
        .updateTable('boats')
        .set({ yard_status: e.status, yard_status_at: e.at })
        .where('yard_id', '=', e.yardId)
        .where('id', '=', e.boatId)
        .execute();
      await trx
        .insertInto('boat_status_events')
        .values({
          yard_id: e.yardId,
          boat_id: e.boatId,
          status: e.status,
          note: e.note,
          set_by: e.by,
          at: e.at,
        })
        .execute();
    },

    /** The boat's timeline, newest first (at most `limit` rows), with who set each status. */
    events: (yardId: string, boatId: string, limit = 200) =>
      db
        .selectFrom('boat_status_events as e')
        .leftJoin('staff_users as s', (j) =>
          j.onRef('s.id', '=', 'e.set_by').onRef('s.yard_id', '=', 'e.yard_id'),
        )
        .select(['e.id', 'e.status', 'e.note', 'e.at', 's.name as by_name'])
        .where('e.yard_id', '=', yardId)
        .where('e.boat_id', '=', boatId)
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(limit)
        .execute(),
  };
}

export type BoatStatusRepo = ReturnType<typeof boatStatusRepo>;
