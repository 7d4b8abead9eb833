import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { DAY } from '../../server/clock.js';
import { inviteDeliveryRepo } from '../invites/invite-delivery.repo.js';
import { batchRunnerRepo } from './batch-runner.repo.js';

/**
 * A bulk invite's "sent" mark leaves the customer row alone (0030): the customers' filter
 * flags (`invite_live_until`, the Customers list's "invited") are refreshed when the batch
 * settles the rows, all at once. A single invite's mark still refreshes them itself.
 */
describeEachEngine('bulk invite marks and the customers filter flags', (db) => {
  it('a deferred mark does not rewrite the customer; settling the row sets the expiry', async () => {
    const { db: kysely } = db();
    const { yard } = await makeYard(kysely);
    const now = new Date();
    await sql`
      INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
      SELECT ${yard.id}, 500 + n, 'Flag', 'Test ' || n, 'flag-' || n || '@example.com'
      FROM generate_series(1, 2) AS n`.execute(kysely);
    const customers = await kysely
      .selectFrom('customers')
      .select(['id', 'customer_number'])
      .where('yard_id', '=', yard.id)
      .where('customer_number', '>', 500)
      .orderBy('customer_number')
      .execute();
    const invites = await kysely
      .insertInto('invites')
      .values(
        customers.map((c, i) => ({
          yard_id: yard.id,
          customer_id: c.id,
          email: `flag-${i + 1}@example.com`,
          status: 'queued' as const,
          created_at: now,
        })),
      )
      .returning(['id', 'customer_id'])
      .execute();
    const [bulk, single] = customers.map((c) => invites.find((i) => i.customer_id === c.id)!);
    // The row's version, and whether its flag says "queued" ('infinity') or its invite's expiry.
    const state = async (customerId: string) =>
      (
        await sql<{ version: string; queued: boolean; expiry: boolean }>`
          SELECT c.xmin::text AS version, c.invite_live_until = 'infinity' AS queued,
            coalesce(c.invite_live_until = i.expires_at, false) AS expiry
          FROM customers c JOIN invites i ON i.customer_id = c.id
          WHERE c.id = ${customerId}`.execute(kysely)
      ).rows[0];

    const before = await state(bulk.customer_id);
    expect(before).toMatchObject({ queued: true, expiry: false });
    const expiresAt = new Date(now.getTime() + 7 * DAY);
    const repo = inviteDeliveryRepo(kysely);
    const mark = (inviteId: string) => ({ yardId: yard.id, inviteId, now, expiresAt });

    expect(await repo.markSent([mark(bulk.id)], { deferFilters: true })).toEqual(new Set([bulk.id]));
    // The customer row is the same version: not rewritten, still "queued" ('infinity').
    expect(await state(bulk.customer_id)).toEqual(before);

    // A single invite's mark (not deferred) refreshes its customer at once, as before.
    expect(await repo.markSent([mark(single.id)])).toEqual(new Set([single.id]));
    expect(await state(single.customer_id)).toMatchObject({ queued: false, expiry: true });

    // The batch settles the row: the customer's flags follow the invite sent.
    const batch = await kysely
      .insertInto('invite_batches')
      .values({
        yard_id: yard.id,
        source: 'upload',
        label: 'flags.csv',
        status: 'running',
        row_count: 1,
        created_at: now,
        confirmed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await kysely
      .insertInto('invite_batch_rows')
      .values({
        batch_id: batch.id,
        row_number: 2,
        yard_id: yard.id,
        customer_id: bulk.customer_id,
        invite_id: bulk.id,
        preview: 'will_invite',
        result: 'queued',
      })
      .execute();
    await batchRunnerRepo(kysely).settleRows(kysely, batch.id, [
      { rowNumber: 2, result: 'sent', reason: null, inviteId: null, at: now },
    ]);
    expect(await state(bulk.customer_id)).toMatchObject({ queued: false, expiry: true });
  });
});
