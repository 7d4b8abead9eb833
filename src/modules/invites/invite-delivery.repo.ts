import { type Kysely, sql } from 'kysely';
import { runPrepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';

/** What an invite's email is made from (invite-message.ts): the invite, its customer, its yard. */
const DELIVERY_COLUMNS = [
  'invites.id',
  'invites.yard_id',
  'invites.customer_id',
  'invites.email',
  'invites.status',
  'customers.first_name',
  'customers.last_name',
  'yards.slug as yard_slug',
  'yards.name as yard_name',
  'yards.email as yard_email',
  'yards.phone as yard_phone',
  'yards.invite_expiry_days',
  'yards.timezone as yard_timezone',
  'yards.logo_updated_at as yard_logo_updated_at',
] as const;

/**
 * The statements of sending invites, for one invite or a chunk of a bulk batch alike:
 * set-based where a chunk allows it, and each outcome (invite row + timeline event) in one
 * statement. A round trip per statement is what sending thousands of invites costs, not the
 * SQL. Every statement is scoped by the invites' own yard. Their tokens are issued by the
 * link store (`inviteLinksRepo`, invites.repo.ts).
 */
export function inviteDeliveryRepo(db: Kysely<DB>) {
  return {
    /** The invites still queued among `inviteIds`, with what their email is made from. */
    queuedForDelivery: (inviteIds: string[], yardId?: string) =>
      db
        .selectFrom('invites')
        .innerJoin('customers', 'customers.id', 'invites.customer_id')
        .innerJoin('yards', 'yards.id', 'invites.yard_id')
        .select(DELIVERY_COLUMNS)
        .$if(yardId !== undefined, (q) => q.where('invites.yard_id', '=', yardId as string))
        .whereRef('customers.yard_id', '=', 'invites.yard_id')
        .where('invites.id', 'in', inviteIds)
        .where('invites.status', '=', 'queued')
        .execute(),

    /** Those of the customers who have a portal account by now. */
    customersWithAccount: async (yardIds: string[], customerIds: string[]) =>
      new Set(
        (
          await db
            .selectFrom('portal_accounts')
            .select('customer_id')
            .where('yard_id', 'in', yardIds)
            .where('customer_id', 'in', customerIds)
            .execute()
        ).map((a) => a.customer_id),
      ),

    /**
     * The mail server accepted these messages: each invite is sent (its 24 hours start) and
     * the timeline says so, all in one statement; the ids of those recorded (an invite no
     * longer queued is left alone). The messages of a delivery that were accepted while the
     * last marks were being written go together (invite-delivery.ts): one trigger run and
     * one commit for them all.
     *
     * Committed as every other write (the WAL flushed): a mark lost to a crash of the database
     * server would send that customer a second invite within 24 hours.
     *
     * `deferFilters`: the customers' filter flags are left for the caller to refresh (a bulk
     * batch does when it settles the rows, batch-runner.repo.ts): the statement sets
     * `slipway.filters_deferred` for its own transaction, and the trigger of 0030 then leaves
     * the queued -> sent step out, so the mark does not rewrite the customer rows.
     */
    markSent: async (
      marks: { yardId: string; inviteId: string; now: Date; expiresAt: Date }[],
      opts: { deferFilters?: boolean } = {},
    ) => {
      if (!marks.length) return new Set<string>();
      const deferred = opts.deferFilters
        ? sql`, deferred AS (SELECT set_config('slipway.filters_deferred', 'on', true) AS flag)`
        : sql``;
      // Once per few messages of a bulk invite: a prepared statement (src/db/prepared.ts).
      const rows = await runPrepared(
        db,
        sql<{ id: string }>`
        WITH m AS (
          SELECT * FROM unnest(
            ${marks.map((m) => m.inviteId)}::uuid[], ${marks.map((m) => m.yardId)}::uuid[],
            ${marks.map((m) => m.now.toISOString())}::timestamptz[],
            ${marks.map((m) => m.expiresAt.toISOString())}::timestamptz[]
          ) AS m(id, yard_id, sent_at, expires_at)
        ), s AS (
          UPDATE invites i SET status = 'sent', sent_at = m.sent_at, expires_at = m.expires_at
          FROM m WHERE i.id = m.id AND i.yard_id = m.yard_id AND i.status = 'queued'
          RETURNING i.id, i.yard_id, i.customer_id, i.email, i.sent_at
        ), e AS (
          INSERT INTO portal_events (yard_id, customer_id, invite_id, kind, detail, created_at)
          SELECT yard_id, customer_id, id, 'invite_sent', jsonb_build_object('email', email), sent_at FROM s
        )${deferred}
        SELECT s.id FROM s${opts.deferFilters ? sql` CROSS JOIN deferred` : sql``}`,
      );
      return new Set(rows.map((r) => r.id));
    },

    /**
     * A queued invite ends as failed, with the reason on the timeline, in one statement.
     * False when it was no longer queued. Without `yardId` the invite's id alone finds it
     * (a queue job carries nothing else).
     */
    markFailed: async (v: { yardId?: string; inviteId: string; now: Date; reason: string }) => {
      const yard = v.yardId === undefined ? sql`` : sql`AND yard_id = ${v.yardId}`;
      const { rows } = await sql<{ n: number }>`
        WITH s AS (
          UPDATE invites SET status = 'failed', failed_at = ${v.now}, failure_reason = ${v.reason}, token_hash = NULL
          WHERE id = ${v.inviteId} ${yard} AND status = 'queued'
          RETURNING id, yard_id, customer_id, email
        ), e AS (
          INSERT INTO portal_events (yard_id, customer_id, invite_id, kind, detail, created_at)
          SELECT yard_id, customer_id, id, 'invite_failed',
            jsonb_build_object('email', email, 'reason', ${v.reason}::text), ${v.now}::timestamptz FROM s
        )
        SELECT count(*)::int AS n FROM s`.execute(db);
      return (rows[0]?.n ?? 0) > 0;
    },
  };
}

export type InviteDeliveryRepo = ReturnType<typeof inviteDeliveryRepo>;
