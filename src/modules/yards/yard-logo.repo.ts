import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type LogoType = DB['yard_logos']['content_type'];

/** The yard's logo: the image in yard_logos, its version on the yard row (yards.logo_updated_at). */
export function yardLogoRepo(db: Kysely<DB>) {
  return {
    /** The logo a portal address names; none when the yard or its logo is not there. */
    bySlug: (slug: string) =>
      db
        .selectFrom('yard_logos')
        .innerJoin('yards', 'yards.id', 'yard_logos.yard_id')
        .select(['yard_logos.content_type', 'yard_logos.bytes', 'yard_logos.updated_at'])
        .where('yards.slug', '=', slug)
        .executeTakeFirst(),

    /** When the logo last changed, with the yard row locked for the change. */
    lock: async (trx: Kysely<DB>, yardId: string) =>
      trx
        .selectFrom('yards')
        .select('logo_updated_at')
        .where('id', '=', yardId)
        .forUpdate()
        .executeTakeFirst(),

    async put(trx: Kysely<DB>, yardId: string, contentType: LogoType, bytes: Buffer, at: Date) {
      await trx
        .insertInto('yard_logos')
        .values({ yard_id: yardId, content_type: contentType, bytes, updated_at: at })
        .onConflict((oc) =>
          oc.column('yard_id').doUpdateSet({ content_type: contentType, bytes, updated_at: at }),
        )
        .execute();
      await trx.updateTable('yards').set({ logo_updated_at: at }).where('id', '=', yardId).execute();
    },

    async remove(trx: Kysely<DB>, yardId: string) {
      await trx.deleteFrom('yard_logos').where('yard_id', '=', yardId).execute();
      await trx.updateTable('yards').set({ logo_updated_at: null }).where('id', '=', yardId).execute();
    },
  };
}
