import { expressionBuilder, type Kysely, sql } from 'kysely';
import { runPreparedFirst } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import { linkKind, singleUseLinks } from '../auth/single-use-links.repo.js';
import type { InviteFacts } from './invite-policy.js';

const invite = expressionBuilder<DB, 'invites'>();

/**
 * An invite is a link only once its email went out: it is live while `sent`, and its
 * status (not a timestamp) says how it ended. A queued one gets its token at send time.
 */
export const INVITE_LINK = linkKind({
  table: 'invites',
  subject: 'customer_id',
  columns: ['email', 'status'],
  live: invite('status', '=', 'sent'),
  open: invite('status', 'in', ['queued', 'sent']),
  issuable: () => invite('status', '=', 'queued'),
  countsAttempts: true,
  consumed: (now) => ({ status: 'accepted' as const, consumed_at: now }),
  superseded: () => ({ status: 'superseded' as const }),
  revoked: () => ({ status: 'revoked' as const }),
});

/** Invite links: issued, found, used, superseded and revoked by the one link store. */
export const inviteLinksRepo = (db: Kysely<DB>) => singleUseLinks(db, INVITE_LINK);
export type InviteLinksRepo = ReturnType<typeof inviteLinksRepo>;

/**
 * An invite's own rows: the facts the policy decides from, queueing. Its link (token,
 * accepting, superseding, revoking) is `inviteLinksRepo` above; sending is in
 * invite-delivery.repo.ts. Every query is yard-scoped.
 */
export function invitesRepo(db: Kysely<DB>) {
  return {
    async facts(
      yardId: string,
      customerId: string,
      trx: Kysely<DB> = db,
    ): Promise<Omit<InviteFacts, 'email'>> {
      // Read on every customer profile: prepared statements (src/db/prepared.ts).
      const [account, aggregate, latest] = await Promise.all([
        runPreparedFirst(
          trx,
          trx
            .selectFrom('portal_accounts')
            .select(['activated_at', 'login_email'])
            .where('yard_id', '=', yardId)
            .where('customer_id', '=', customerId)
            .where('disabled_at', 'is', null),
        ),
        runPreparedFirst(
          trx,
          trx
            .selectFrom('invites')
            .select([
              sql<boolean>`coalesce(bool_or(status = 'queued'), false)`.as('has_queued'),
              sql<Date | null>`max(sent_at)`.as('last_sent_at'),
            ])
            .where('yard_id', '=', yardId)
            .where('customer_id', '=', customerId),
        ),
        runPreparedFirst(
          trx,
          trx
            .selectFrom('invites')
            .select(['status', 'created_at', 'sent_at', 'expires_at', 'failure_reason'])
            .where('yard_id', '=', yardId)
            .where('customer_id', '=', customerId)
            .orderBy('created_at', 'desc')
            .limit(1),
        ),
      ]);
      // An aggregate without GROUP BY answers one row, whatever it counts.
      const agg = aggregate!;
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

    /** Customers of the yard with this email who were sent an invite to it before. */
    /**
     * The customer a visitor's "send me a new link" is about: on file at this yard with this
     * email and not archived (or merged); one with a portal account first, then by number.
     */
    customerForInviteRequest: (yardId: string, email: string) =>
      db
        .selectFrom('customers')
        .leftJoin('portal_accounts', (j) =>
          j
            .onRef('portal_accounts.customer_id', '=', 'customers.id')
            .onRef('portal_accounts.yard_id', '=', 'customers.yard_id'),
        )
        .select([
          'customers.id',
          'customers.email',
          'portal_accounts.id as account_id',
          'portal_accounts.disabled_at as account_disabled_at',
        ])
        .where('customers.yard_id', '=', yardId)
        .where('customers.email_lower', '=', email.toLowerCase())
        .where('customers.archived_at', 'is', null)
        .orderBy(sql`portal_accounts.id IS NULL`)
        .orderBy('customers.customer_number')
        .limit(1)
        .executeTakeFirst(),
  };
}

export type InvitesRepo = ReturnType<typeof invitesRepo>;
