import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Password-reset links, email-change links and the account rows they act on. Every
 * query is yard-scoped; tokens are looked up by their SHA-256 only.
 */
export function accountTokensRepo(db: Kysely<DB>) {
  return {
    accountByEmail: (yardId: string, email: string) =>
      db
        .selectFrom('portal_accounts')
        .select(['id', 'customer_id', 'login_email'])
        .where('yard_id', '=', yardId)
        .where((eb) => eb(eb.fn('lower', ['login_email']), '=', email.toLowerCase()))
        .executeTakeFirst(),

    accountById: (yardId: string, accountId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('portal_accounts')
        .select(['id', 'customer_id', 'login_email', 'password_hash'])
        .where('yard_id', '=', yardId)
        .where('id', '=', accountId)
        .executeTakeFirst(),

    setPassword: (trx: Kysely<DB>, yardId: string, accountId: string, passwordHash: string) =>
      trx
        .updateTable('portal_accounts')
        .set({ password_hash: passwordHash })
        .where('yard_id', '=', yardId)
        .where('id', '=', accountId)
        .execute(),

    setLoginEmail: (trx: Kysely<DB>, yardId: string, accountId: string, email: string) =>
      trx
        .updateTable('portal_accounts')
        .set({ login_email: email })
        .where('yard_id', '=', yardId)
        .where('id', '=', accountId)
        .execute(),

    /** Ends the account's sessions, all of them or all but the one whose hash is kept. */
    endSessions: (trx: Kysely<DB>, yardId: string, accountId: string, keepIdHash?: string) => {
      let q = trx
        .deleteFrom('sessions')
        .where('kind', '=', 'customer')
        .where('yard_id', '=', yardId)
        .where('account_id', '=', accountId);
      if (keepIdHash) q = q.where('id_hash', '!=', keepIdHash);
      return q.execute();
    },

    // --- password resets -------------------------------------------------------------

    insertReset: (
      trx: Kysely<DB>,
      v: { yardId: string; accountId: string; email: string; now: Date; expiresAt: Date },
    ) =>
      trx
        .insertInto('password_resets')
        .values({
          yard_id: v.yardId,
          account_id: v.accountId,
          email: v.email,
          created_at: v.now,
          expires_at: v.expiresAt,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow(),

    supersedeResets: (trx: Kysely<DB>, yardId: string, accountId: string, now: Date) =>
      trx
        .updateTable('password_resets')
        .set({ superseded_at: now })
        .where('yard_id', '=', yardId)
        .where('account_id', '=', accountId)
        .where('consumed_at', 'is', null)
        .where('superseded_at', 'is', null)
        .execute(),

    resetForDelivery: (resetId: string) =>
      db
        .selectFrom('password_resets')
        .innerJoin('portal_accounts', 'portal_accounts.id', 'password_resets.account_id')
        .innerJoin('customers', 'customers.id', 'portal_accounts.customer_id')
        .innerJoin('yards', 'yards.id', 'password_resets.yard_id')
        .select([
          'password_resets.id',
          'password_resets.email',
          'password_resets.expires_at',
          'password_resets.consumed_at',
          'password_resets.superseded_at',
          'customers.first_name',
          'yards.slug as yard_slug',
          'yards.name as yard_name',
          'yards.email as yard_email',
          'yards.phone as yard_phone',
        ])
        .where('password_resets.id', '=', resetId)
        .whereRef('portal_accounts.yard_id', '=', 'password_resets.yard_id')
        .executeTakeFirst(),

    /** A new token for this delivery attempt; only a link still usable gets one. */
    setResetToken: (resetId: string, tokenHash: string, now: Date) =>
      db
        .updateTable('password_resets')
        .set({ token_hash: tokenHash })
        .where('id', '=', resetId)
        .where('consumed_at', 'is', null)
        .where('superseded_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['id'])
        .executeTakeFirst(),

    resetByTokenHash: (yardId: string, tokenHash: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('password_resets')
        .innerJoin('portal_accounts', 'portal_accounts.id', 'password_resets.account_id')
        .select([
          'password_resets.id',
          'password_resets.account_id',
          'password_resets.email',
          'password_resets.expires_at',
          'password_resets.consumed_at',
          'password_resets.superseded_at',
          'portal_accounts.customer_id',
          'portal_accounts.login_email',
        ])
        .where('password_resets.yard_id', '=', yardId)
        .where('portal_accounts.yard_id', '=', yardId)
        .where('password_resets.token_hash', '=', tokenHash)
        .executeTakeFirst(),

    /** The single use: of any number of concurrent attempts exactly one gets the row back. */
    consumeReset: (trx: Kysely<DB>, yardId: string, resetId: string, now: Date) =>
      trx
        .updateTable('password_resets')
        .set({ consumed_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', resetId)
        .where('consumed_at', 'is', null)
        .where('superseded_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['id', 'account_id'])
        .executeTakeFirst(),

    // --- email changes ---------------------------------------------------------------

    insertEmailChange: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        accountId: string;
        customerId: string;
        newEmail: string;
        now: Date;
        expiresAt: Date;
      },
    ) =>
      trx
        .insertInto('email_change_requests')
        .values({
          yard_id: v.yardId,
          account_id: v.accountId,
          customer_id: v.customerId,
          new_email: v.newEmail,
          created_at: v.now,
          expires_at: v.expiresAt,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow(),

    supersedeEmailChanges: (trx: Kysely<DB>, yardId: string, accountId: string, now: Date) =>
      trx
        .updateTable('email_change_requests')
        .set({ superseded_at: now })
        .where('yard_id', '=', yardId)
        .where('account_id', '=', accountId)
        .where('consumed_at', 'is', null)
        .where('superseded_at', 'is', null)
        .execute(),

    emailChangeForDelivery: (changeId: string) =>
      db
        .selectFrom('email_change_requests')
        .innerJoin('customers', 'customers.id', 'email_change_requests.customer_id')
        .innerJoin('yards', 'yards.id', 'email_change_requests.yard_id')
        .select([
          'email_change_requests.id',
          'email_change_requests.new_email',
          'email_change_requests.expires_at',
          'customers.first_name',
          'yards.slug as yard_slug',
          'yards.name as yard_name',
          'yards.email as yard_email',
          'yards.phone as yard_phone',
        ])
        .where('email_change_requests.id', '=', changeId)
        .whereRef('customers.yard_id', '=', 'email_change_requests.yard_id')
        .executeTakeFirst(),

    setEmailChangeToken: (changeId: string, tokenHash: string, now: Date) =>
      db
        .updateTable('email_change_requests')
        .set({ token_hash: tokenHash })
        .where('id', '=', changeId)
        .where('consumed_at', 'is', null)
        .where('superseded_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['id'])
        .executeTakeFirst(),

    emailChangeByTokenHash: (yardId: string, tokenHash: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('email_change_requests')
        .select([
          'id',
          'account_id',
          'customer_id',
          'new_email',
          'expires_at',
          'consumed_at',
          'superseded_at',
        ])
        .where('yard_id', '=', yardId)
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst(),

    consumeEmailChange: (trx: Kysely<DB>, yardId: string, changeId: string, now: Date) =>
      trx
        .updateTable('email_change_requests')
        .set({ consumed_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', changeId)
        .where('consumed_at', 'is', null)
        .where('superseded_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['id', 'account_id', 'customer_id', 'new_email'])
        .executeTakeFirst(),

    accountForMail: (accountId: string) =>
      db
        .selectFrom('portal_accounts')
        .innerJoin('customers', 'customers.id', 'portal_accounts.customer_id')
        .innerJoin('yards', 'yards.id', 'portal_accounts.yard_id')
        .select([
          'portal_accounts.login_email',
          'customers.first_name',
          'yards.slug as yard_slug',
          'yards.name as yard_name',
          'yards.email as yard_email',
          'yards.phone as yard_phone',
          'yards.timezone as yard_timezone',
        ])
        .where('portal_accounts.id', '=', accountId)
        .executeTakeFirst(),
  };
}

export type AccountTokensRepo = ReturnType<typeof accountTokensRepo>;
