import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type SessionKind = 'staff' | 'customer';

export interface NewSession {
  idHash: string;
  kind: SessionKind;
  yardId: string;
  staffId?: string;
  accountId?: string;
  createdAt: Date;
  expiresAt: Date;
}

export function sessionsRepo(db: Kysely<DB>) {
  return {
    async insert(s: NewSession, trx: Kysely<DB> = db) {
      await trx
        .insertInto('sessions')
        .values({
          id_hash: s.idHash,
          kind: s.kind,
          yard_id: s.yardId,
          staff_id: s.staffId ?? null,
          account_id: s.accountId ?? null,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
        })
        .execute();
    },
    async findLive(idHash: string, kind: SessionKind, now: Date) {
      return db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('kind', '=', kind)
        .where('expires_at', '>', now)
        .executeTakeFirst();
    },
    async delete(idHash: string, trx: Kysely<DB> = db) {
      await trx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
  };
}
