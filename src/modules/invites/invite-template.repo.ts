import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { InviteTemplateInput } from '../../shared/api-types.js';

/** The yard's own invite wording; no row means the default wording. Every query is scoped by yard. */
export function inviteTemplatesRepo(db: Kysely<DB>) {
  return {
    /** The saved template, or null when the yard uses the default wording. */
    get: async (yardId: string, trx: Kysely<DB> = db) =>
      (await trx
        .selectFrom('invite_templates')
        .select(['subject', 'greeting', 'body', 'updated_by', 'updated_at'])
        .where('yard_id', '=', yardId)
        .executeTakeFirst()) ?? null,

    save: (
      yardId: string,
      template: InviteTemplateInput,
      by: { staffId: string | null; now: Date },
      trx: Kysely<DB> = db,
    ) => {
      const values = {
        subject: template.subject,
        greeting: template.greeting,
        body: template.body,
        updated_by: by.staffId,
        updated_at: by.now,
      };
      return trx
        .insertInto('invite_templates')
        .values({ yard_id: yardId, ...values })
        .onConflict((oc) => oc.column('yard_id').doUpdateSet(values))
        .returning(['subject', 'greeting', 'body', 'updated_by', 'updated_at'])
        .executeTakeFirstOrThrow();
    },

    /** Back to the default wording. */
    reset: async (yardId: string, trx: Kysely<DB> = db) => {
      await trx.deleteFrom('invite_templates').where('yard_id', '=', yardId).execute();
    },
  };
}

export type InviteTemplatesRepo = ReturnType<typeof inviteTemplatesRepo>;
