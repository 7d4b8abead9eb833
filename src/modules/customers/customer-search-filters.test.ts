import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeOrderHistory } from '../../../test/support/factories.js';
import { addCustomers, allPages, makeYard, names } from '../../../test/support/search-fixtures.js';
import type { DB } from '../../db/schema.js';
import { countCustomers, explainSearch, searchCustomers } from './customer-search.repo.js';
import type { CustomerFilters } from './customer-search-filters.repo.js';

const DAY = 86_400_000;

async function addAccount(db: Kysely<DB>, yardId: string, customerId: string) {
  await db
    .insertInto('portal_accounts')
    .values({
      yard_id: yardId,
      customer_id: customerId,
      login_email: `${customerId}@portal.test`,
      password_hash: 'x',
      activated_at: new Date(),
    })
    .execute();
}

describeEachEngine('customer search filters', (get, engine) => {
  it('follow each customer as accounts, invites and balances come and go', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const [ann, bob, cy] = await addCustomers(db, yardId, [
      { first: 'Ann', last: 'Able', email: 'ann@f.test' },
      { first: 'Bob', last: 'Baker', email: 'bob@f.test' },
      { first: 'Cy', last: 'Cole', email: 'cy@f.test' },
    ]);
    const now = new Date();
    const found = async (filters: CustomerFilters, at = now, q = '') =>
      names((await searchCustomers(db, yardId, { q, filters, now: at })).rows);

    expect(await found({ portal: 'not_invited' })).toEqual(['Ann Able', 'Bob Baker', 'Cy Cole']);
    await addAccount(db, yardId, ann);
    expect(await found({ portal: 'in_portal' })).toEqual(['Ann Able']);
    expect(await found({ portal: 'in_portal' }, now, 'able')).toEqual(['Ann Able']);

    // Queued: live until it is sent; sent: live until it expires; then not invited again.
    const invite = await db
      .insertInto('invites')
      .values({ yard_id: yardId, customer_id: bob, email: 'bob@f.test', status: 'queued', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await found({ portal: 'invited' }, new Date(now.getTime() + 365 * DAY))).toEqual(['Bob Baker']);
    await db
      .updateTable('invites')
      .set({ status: 'sent', sent_at: now, expires_at: new Date(now.getTime() + 7 * DAY) })
      .where('id', '=', invite.id)
      .execute();
    expect(await found({ portal: 'invited' }, now, 'bak')).toEqual(['Bob Baker']);
    const later = new Date(now.getTime() + 8 * DAY);
    expect(await found({ portal: 'invited' }, later)).toEqual([]);
    expect(await found({ portal: 'not_invited' }, later)).toEqual(['Bob Baker', 'Cy Cole']);
    await db.updateTable('invites').set({ status: 'revoked' }).where('id', '=', invite.id).execute();
    expect(await found({ portal: 'invited' })).toEqual([]);

    // A balance appears with an open invoice and goes when it is paid.
    const history = await makeOrderHistory(db, yardId, cy);
    expect(await found({ balanceDue: true })).toEqual(['Cy Cole']);
    expect(await countCustomers(db, yardId, { q: 'cole', filters: { balanceDue: true }, now })).toEqual({
      count: 1,
      more: false,
    });
    await db
      .updateTable('invoices')
      .set({ status: 'paid', paid_cents: sql`total_cents` })
      .where('id', '=', history.invoice.id)
      .execute();
    expect(await found({ balanceDue: true })).toEqual([]);

    // Records that move to another customer (a merge) take the filter with them.
    await db
      .updateTable('portal_accounts')
      .set({ customer_id: bob })
      .where('customer_id', '=', ann)
      .execute();
    expect(await found({ portal: 'in_portal' })).toEqual(['Bob Baker']);
    await db.deleteFrom('portal_accounts').where('customer_id', '=', bob).execute();
    expect(await found({ portal: 'in_portal' })).toEqual([]);
    await db
      .updateTable('invoices')
      .set({ status: 'open', paid_cents: 0 })
      .where('id', '=', history.invoice.id)
      .execute();
    await db.updateTable('orders').set({ customer_id: ann }).where('id', '=', history.order.id).execute();
    expect(await found({ balanceDue: true })).toEqual(['Ann Able']);
  });

  it('ranks a filtered search: exact email, then names that start with the term, then the rest', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const ids = await addCustomers(db, yardId, [
      { first: 'Savannah', last: 'Jackson', email: 'sj@ranks.test' },
      { first: 'Ava', last: 'Thompson', email: 'at@ranks.test' },
      { first: 'Nora', last: 'Cavanagh', email: 'nc@ranks.test' },
      { first: 'Gus', last: 'Avalon', email: 'gus@ranks.test' },
      { first: 'Ava', last: 'Offline', email: 'ao@ranks.test' },
      { first: 'Zed', last: 'Zulu', email: 'java@ranks.test' },
    ]);
    for (const id of [ids[0], ids[1], ids[2], ids[3], ids[5]]) await addAccount(db, yardId, id);
    const expected = ['Gus Avalon', 'Ava Thompson', 'Nora Cavanagh', 'Savannah Jackson', 'Zed Zulu'];
    const filters = { portal: 'in_portal' as const };
    const first = await searchCustomers(db, yardId, { q: 'ava', filters });
    expect(names(first.rows)).toEqual(expected);
    // A page at a time, through the ranks, without gaps or repeats.
    for (const limit of [1, 2, 3]) {
      expect(names(await allPages(db, yardId, 'ava', limit, { filters }))).toEqual(expected);
    }
    // One or two characters: name prefixes, then email prefixes, from the filter's own index.
    for (const limit of [1, 5]) {
      expect(names(await allPages(db, yardId, 'av', limit, { filters }))).toEqual([
        'Gus Avalon',
        'Ava Thompson',
      ]);
      expect(names(await allPages(db, yardId, 'j', limit, { filters }))).toEqual([
        'Savannah Jackson',
        'Zed Zulu',
      ]);
    }
    expect(await countCustomers(db, yardId, { q: 'j', filters })).toEqual({ count: 2, more: false });
    const email = await searchCustomers(db, yardId, { q: 'JAVA@ranks.test', filters });
    expect(names(email.rows)).toEqual(['Zed Zulu']);
    expect(
      names((await searchCustomers(db, yardId, { q: 'ava', filters: { archived: true } })).rows),
    ).toEqual([]);
  });

  it.runIf(engine === 'postgres')(
    'reads a filter that keeps few customers from its own indexes',
    async () => {
      const { db } = get();
      const yardId = await makeYard(db);
      const people = Array.from({ length: 4000 }, (_, i) => ({
        first: ['Ava', 'Liam', 'Noah', 'Emma'][i % 4],
        last: `Jackson${i}`,
        email: `p${i}@indexes.test`,
      }));
      const ids = await addCustomers(db, yardId, people);
      for (const id of ids.filter((_, i) => i % 100 === 7)) await addAccount(db, yardId, id);
      await sql`ANALYZE customers`.execute(db);
      const plan = (q: string, filters: CustomerFilters) => explainSearch(db, yardId, { q, filters });
      // Either of the filter's own indexes, whichever the planner finds cheaper; never the
      // yard's whole trigram index or its list order.
      expect(await plan('jackson', { portal: 'in_portal' })).toMatch(/customers_in_portal_(trgm|sort)/);
      expect(await plan('jackson', { balanceDue: true })).toMatch(/customers_balance_due_(trgm|sort)/);
      expect(await plan('', { portal: 'in_portal' })).toContain('customers_in_portal_sort');
      const result = await searchCustomers(db, yardId, { q: 'jackson', filters: { portal: 'in_portal' } });
      expect(result.rows).toHaveLength(25);
    },
  );

  it.runIf(engine === 'postgres')(
    'stays right when two orders of one customer change at the same time',
    async () => {
      const { db, connectionString } = get();
      const yardId = await makeYard(db);
      const [cy] = await addCustomers(db, yardId, [{ first: 'Cy', last: 'Cole', email: 'cy@race.test' }]);
      const one = await makeOrderHistory(db, yardId, cy);
      const two = await makeOrderHistory(db, yardId, cy);
      await db.updateTable('orders').set({ balance_cents: 100 }).where('id', '=', one.order.id).execute();
      await db.updateTable('orders').set({ balance_cents: 0 }).where('id', '=', two.order.id).execute();
      const a = new pg.Client({ connectionString });
      const b = new pg.Client({ connectionString });
      await a.connect();
      await b.connect();
      try {
        // The second order starts to owe; before that commits, the first is paid off.
        await a.query('BEGIN');
        await a.query('UPDATE orders SET balance_cents = 50 WHERE id = $1', [two.order.id]);
        await b.query('BEGIN');
        const paying = b.query('UPDATE orders SET balance_cents = 0 WHERE id = $1', [one.order.id]);
        await new Promise((r) => setTimeout(r, 200));
        await a.query('COMMIT');
        await paying;
        await b.query('COMMIT');
      } finally {
        await a.end();
        await b.end();
      }
      const row = await db
        .selectFrom('customers')
        .select('balance_due')
        .where('id', '=', cy)
        .executeTakeFirstOrThrow();
      expect(row.balance_due).toBe(true);
    },
  );
});
