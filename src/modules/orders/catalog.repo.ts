import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The yard's service catalog (canned jobs and their default lines); yard-scoped. */
export function catalogRepo(db: Kysely<DB>) {
  const columns = ['id', 'name', 'description', 'lines', 'archived_at', 'updated_at'] as const;
  return {
    list: (yardId: string, includeArchived: boolean) =>
      db
        .selectFrom('catalog_jobs')
        .select(columns)
        .where('yard_id', '=', yardId)
        .$if(!includeArchived, (q) => q.where('archived_at', 'is', null))
        .orderBy('archived_at', (o) => o.nullsFirst())
        .orderBy('name')
        .execute(),

    find: (yardId: string, id: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('catalog_jobs')
        .select(columns)
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .executeTakeFirst(),

    /** A live job with this name (any case), other than `exceptId`. */
    nameTaken: async (yardId: string, name: string, exceptId?: string) =>
      !!(await db
        .selectFrom('catalog_jobs')
        .select('id')
        .where('yard_id', '=', yardId)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
        .where('archived_at', 'is', null)
        .$if(!!exceptId, (q) => q.where('id', '!=', exceptId!))
        .executeTakeFirst()),

    insert: (v: { yardId: string; name: string; description: string | null; lines: unknown[]; now: Date }) =>
      db
        .insertInto('catalog_jobs')
        .values({
          yard_id: v.yardId,
          name: v.name,
          description: v.description,
          lines: JSON.stringify(v.lines),
          created_at: v.now,
          updated_at: v.now,
        })
        .returning(columns)
        .executeTakeFirstOrThrow(),

    update: (
      yardId: string,
      id: string,
      patch: { name?: string; description?: string | null; lines?: unknown[]; now: Date },
    ) =>
      db
        .updateTable('catalog_jobs')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.lines !== undefined ? { lines: JSON.stringify(patch.lines) } : {}),
          updated_at: patch.now,
        })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirst(),

    archive: (yardId: string, id: string, now: Date) =>
      db
        .updateTable('catalog_jobs')
        .set({ archived_at: now, updated_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('archived_at', 'is', null)
        .returning(columns)
        .executeTakeFirst(),
  };
}

export type CatalogRepo = ReturnType<typeof catalogRepo>;
export type CatalogRow = NonNullable<Awaited<ReturnType<CatalogRepo['find']>>>;
