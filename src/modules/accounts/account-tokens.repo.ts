import { expressionBuilder, type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { linkKind, singleUseLinks } from '../auth/single-use-links.repo.js';

const reset = expressionBuilder<DB, 'password_resets'>();
const change = expressionBuilder<DB, 'email_change_requests'>();

/**
 * A reset link belongs to the account and carries the address it was sent to; it is live
 * until superseded (`superseded_at`), and ends the same way whatever ended it.
 */
export const RESET_LINK = linkKind({
  table: 'password_resets',
  subject: 'account_id',
  columns: ['email', 'superseded_at'],
  live: reset('superseded_at', 'is', null),
  open: reset('superseded_at', 'is', null),
  issuable: (now) =>
    reset.and([
      reset('consumed_at', 'is', null),
      reset('superseded_at', 'is', null),
      reset('expires_at', '>', now),
    ]),
  consumed: (now) => ({ consumed_at: now }),
  superseded: (now) => ({ superseded_at: now }),
  revoked: (now) => ({ superseded_at: now }),
});

/** An email-change link belongs to the account and carries the customer and the new address. */
export const EMAIL_CHANGE_LINK = linkKind({
  table: 'email_change_requests',
  subject: 'account_id',
  columns: ['customer_id', 'new_email', 'superseded_at', 'cancelled_reason'],
  live: change('superseded_at', 'is', null),
  open: change('superseded_at', 'is', null),
  issuable: (now) =>
    change.and([
      change('consumed_at', 'is', null),
      change('superseded_at', 'is', null),
      change('expires_at', '>', now),
    ]),
  consumed: (now) => ({ consumed_at: now }),
  superseded: (now) => ({ superseded_at: now }),
  revoked: (now) => ({ superseded_at: now }),
});

/** Reset links, kept by the one link store. */
export const resetLinksRepo = (db: Kysely<DB>) => singleUseLinks(db, RESET_LINK);
/** Email-change links, kept by the one link store. */
export const emailChangeLinksRepo = (db: Kysely<DB>) => singleUseLinks(db, EMAIL_CHANGE_LINK);

/**
 * The account rows that reset and email-change links act on, and what their emails are
 * made from. Every query is yard-scoped.
 */
/** The first name mail greets: the customer's, or for a sign-in without a record (shared access) its own name's. */
const firstName = sql<string>`coalesce(customers.first_name, split_part(portal_accounts.display_name, ' ', 1), '')`;

export function accountTokensRepo(db: Kysely<DB>) {
  return {
    /** The account a reset link goes to: not disabled, and its customer not archived. */
    accountByEmail: (yardId: string, email: string) =>
      db
        .selectFrom('portal_accounts')
        // An account shared access only has no record of its own (docs/shared-access.md).
        .leftJoin('customers', (j) =>
          j
            .onRef('customers.id', '=', 'portal_accounts.customer_id')
            .onRef('customers.yard_id', '=', 'portal_accounts.yard_id'),
        )
        .select(['portal_accounts.id', 'portal_accounts.customer_id', 'portal_accounts.login_email'])
        .where('portal_accounts.yard_id', '=', yardId)
        .where((eb) => eb(eb.fn('lower', ['portal_accounts.login_email']), '=', email.toLowerCase()))
        .where('portal_accounts.disabled_at', 'is', null)
        .where('customers.archived_at', 'is', null)
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

    /**
     * Ends the account's pending email changes because its password was changed or reset
     * (whoever is being locked out may have started one), keeping why for the link's answer.
     */
    cancelEmailChanges: (
      trx: Kysely<DB>,
      yardId: string,
      accountId: string,
      now: Date,
      reason: 'password_changed' | 'password_reset',
    ) =>
      trx
        .updateTable('email_change_requests')
        .set({ superseded_at: now, cancelled_reason: reason })
        .where('yard_id', '=', yardId)
        .where('account_id', '=', accountId)
        .where('consumed_at', 'is', null)
        .where('superseded_at', 'is', null)
        .execute(),

    // --- what the link emails are made from -----------------------------------------

    resetForDelivery: (resetId: string) =>
      db
        .selectFrom('password_resets')
        .innerJoin('portal_accounts', 'portal_accounts.id', 'password_resets.account_id')
        .leftJoin('customers', 'customers.id', 'portal_accounts.customer_id')
        .innerJoin('yards', 'yards.id', 'password_resets.yard_id')
        .select([
          'password_resets.id',
          'password_resets.yard_id',
          'password_resets.email',
          'password_resets.expires_at',
          'password_resets.consumed_at',
          'password_resets.superseded_at',
          firstName.as('first_name'),
          'yards.slug as yard_slug',
          'yards.name as yard_name',
          'yards.email as yard_email',
          'yards.phone as yard_phone',
        ])
        .where('password_resets.id', '=', resetId)
        .whereRef('portal_accounts.yard_id', '=', 'password_resets.yard_id')
        .executeTakeFirst(),

    emailChangeForDelivery: (changeId: string) =>
      db
        .selectFrom('email_change_requests')
        .innerJoin('customers', 'customers.id', 'email_change_requests.customer_id')
        .innerJoin('yards', 'yards.id', 'email_change_requests.yard_id')
        .select([
          'email_change_requests.id',
          'email_change_requests.yard_id',
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

    accountForMail: (accountId: string) =>
      db
        .selectFrom('portal_accounts')
        .leftJoin('customers', 'customers.id', 'portal_accounts.customer_id')
        .innerJoin('yards', 'yards.id', 'portal_accounts.yard_id')
        .select([
          'portal_accounts.login_email',
          firstName.as('first_name'),
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
