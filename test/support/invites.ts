import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';

/** Waits until the worker has recorded the outcome of every queued invite of a customer. */
export async function inviteSettled(db: Kysely<DB>, customerId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const queued = await db
      .selectFrom('invites')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('status', '=', 'queued')
      .execute();
    if (queued.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`invite of ${customerId} still queued after ${timeoutMs} ms`);
}
