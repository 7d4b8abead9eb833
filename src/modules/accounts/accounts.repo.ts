import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Portal accounts: signing in, and the account an accepted invite creates; yard-scoped. */
export function accountsRepo(db: Kysely<DB>) {
  return {
    /** The account signing in with this login email at this yard (case-insensitive). */
    findForSignIn: (yardId: string, email: string) =>
      db
        .selectFrom('portal_accounts')
        // An account shared access only has no record of its own (docs/shared-access.md).
        .leftJoin('customers', (j) =>
          j
            .onRef('customers.id', '=', 'portal_accounts.customer_id')
            .onRef('customers.yard_id', '=', 'portal_accounts.yard_id'),
        )
        .select([
          'portal_accounts.id',
          'portal_accounts.customer_id',
          'portal_accounts.password_hash',
          'customers.archived_at',
        ])
        .where('portal_accounts.yard_id', '=', yardId)
        .where((eb) => eb(eb.fn('lower', ['portal_accounts.login_email']), '=', email.toLowerCase()))
        .where('portal_accounts.disabled_at', 'is', null)
        .executeTakeFirst(),

    /**
     * The account an accepted invite creates, bound to the yard's customer record; undefined
     * when the customer or the login email already has one (the unique keys decide).
     */
    createFromInvite: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        customerId: string;
        email: string;
        passwordHash: string;
        inviteId: string;
        now: Date;
      },
    ) =>
      trx
        .insertInto('portal_accounts')
        .values({
          yard_id: v.yardId,
          customer_id: v.customerId,
          login_email: v.email,
          password_hash: v.passwordHash,
          invite_id: v.inviteId,
          activated_at: v.now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'customer_id'])
        .executeTakeFirst(),

    /** The live sign-in this login email has at the yard, if any, with its own record (NULL: shared access only). */
    byLogin: (yardId: string, email: string) =>
      db
        .selectFrom('portal_accounts')
        .select(['id', 'customer_id', 'password_hash'])
        .where('yard_id', '=', yardId)
        .where((eb) => eb(eb.fn('lower', ['login_email']), '=', email.toLowerCase()))
        .where('disabled_at', 'is', null)
        .executeTakeFirst(),

    /**
     * A sign-in that had no record of its own (shared access only) becomes the customer's:
     * an invite to their own record accepted with its password. Undefined when it has one by now.
     */
    linkToCustomer: (
      trx: Kysely<DB>,
      v: { yardId: string; accountId: string; customerId: string; inviteId: string },
    ) =>
      trx
        .updateTable('portal_accounts')
        .set({ customer_id: v.customerId, invite_id: v.inviteId })
        .where('yard_id', '=', v.yardId)
        .where('id', '=', v.accountId)
        .where('customer_id', 'is', null)
        .where('disabled_at', 'is', null)
        .returning(['id', 'customer_id'])
        .executeTakeFirst(),
  };
}
