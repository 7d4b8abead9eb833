import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { InviteFacts } from './invite-policy.js';

/**
 * An invite's own rows: the facts the policy decides from, queueing, accepting. Sending
 * is in invite-delivery.repo.ts. Every query is yard-scoped.
 */
export function invitesRepo(db: Kysely<DB>) {
  return {
    async facts(
      yardId: string,
      customerId: string,
      trx: Kysely<DB> = db,
    ): Promise<Omit<InviteFacts, 'email'>> {
      const [account, agg, latest] = await Promise.all([
        trx
          .selectFrom('portal_accounts')
          .select(['activated_at', 'login_email'])
          .where('yard_id', '=', yardId)
          .where('customer_id', '=', customerId)
          .executeTakeFirst(),
        trx
          .selectFrom('invites')
          .select([
            sql<boolean>`coalesce(bool_or(status = 'queued'), false)`.as('has_queued'),
            sql<Date | null>`max(sent_at)`.as('last_sent_at'),
          ])
          .where('yard_id', '=', yardId)
          .where('customer_id', '=', customerId)
          .executeTakeFirstOrThrow(),
        trx
          .selectFrom('invites')
          .select(['status', 'created_at', 'sent_at', 'expires_at', 'failure_reason'])
          .where('yard_id', '=', yardId)
          .where('customer_id', '=', customerId)
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst(),
      ]);
      return {
        account: account ? { activatedAt: account.activated_at, loginEmail: account.login_email } : null,
        hasQueued: agg.has_queued,
        lastSentAt: agg.last_sent_at ? new Date(agg.last_sent_at) : null,
        latest: latest
          ? {
              status: latest.status,
              createdAt: latest.created_at,
              sentAt: latest.sent_at,
              expiresAt: latest.expires_at,
              failureReason: latest.failure_reason,
            }
          : null,
      };
    },

    insertQueued: (
      trx: Kysely<DB>,
      v: { yardId: string; customerId: string; email: string; invitedBy: string | null; now: Date },
    ) =>
      trx
        .insertInto('invites')
        .values({
          yard_id: v.yardId,
          customer_id: v.customerId,
          email: v.email,
          status: 'queued',
          invited_by: v.invitedBy,
          created_at: v.now,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow(),

    /** A newer invite makes the older links stop working. */
    supersedeSent: (trx: Kysely<DB>, yardId: string, customerId: string) =>
      trx
        .updateTable('invites')
        .set({ status: 'superseded' })
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('status', '=', 'sent')
        .execute(),

    /** When the customer's email changes, links sent (or about to be sent) to the old address die. */
    revokeLive: (trx: Kysely<DB>, yardId: string, customerId: string) =>
      trx
        .updateTable('invites')
        .set({ status: 'revoked' })
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('status', 'in', ['queued', 'sent'])
        .returning(['id'])
        .execute(),

    /** Customers of the yard with this email who were sent an invite to it before. */
    previouslyInvited: (yardId: string, email: string) =>
      db
        .selectFrom('customers')
        .select(['customers.id'])
        .where('customers.yard_id', '=', yardId)
        .where('customers.email_lower', '=', email.toLowerCase())
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('invites')
              .select('invites.id')
              .whereRef('invites.customer_id', '=', 'customers.id')
              .where('invites.yard_id', '=', yardId)
              .where('invites.sent_at', 'is not', null)
              .where((e) => e(e.fn('lower', ['invites.email']), '=', email.toLowerCase())),
          ),
        )
        .orderBy('customers.customer_number')
        .limit(1)
        .execute(),

    findByTokenHash: (yardId: string, tokenHash: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('invites')
        .innerJoin('customers', 'customers.id', 'invites.customer_id')
        .select([
          'invites.id',
          'invites.customer_id',
          'invites.email',
          'invites.status',
          'invites.expires_at',
          'customers.first_name',
          'customers.email as customer_email',
        ])
        .where('invites.yard_id', '=', yardId)
        .where('customers.yard_id', '=', yardId)
        .where('invites.token_hash', '=', tokenHash)
        .executeTakeFirst(),

    /**
     * The single use of a token: one conditional update, so of any number of concurrent
     * attempts exactly one gets the row back.
     */
    consume: (trx: Kysely<DB>, yardId: string, inviteId: string, now: Date) =>
      trx
        .updateTable('invites')
        .set({ status: 'accepted', consumed_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', inviteId)
        .where('status', '=', 'sent')
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['id', 'customer_id', 'email'])
        .executeTakeFirst(),
  };
}

export type InvitesRepo = ReturnType<typeof invitesRepo>;
