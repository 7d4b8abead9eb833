import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { orderYard } from '../../../test/support/order-editing-fixtures.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { statementCounter } from '../../../test/support/statement-counter.js';
import { pageCache } from './page-cache.js';

describe('the page cache', () => {
  it('answers a page only at the version it was read at, drops the least recently used, keeps nothing at 0', () => {
    const pages = pageCache<string>('me', 2);
    pages.set('a', 'v1', 'a at v1');
    expect(pages.get('a', 'v1')).toBe('a at v1');
    // Another version of the record is another page: not this one.
    expect(pages.get('a', 'v2')).toBeUndefined();
    pages.set('a', 'v2', 'a at v2');
    expect(pages.get('a', 'v1')).toBeUndefined();
    expect(pages.get('a', 'v2')).toBe('a at v2');
    pages.set('b', 'v1', 'b at v1');
    expect(pages.get('a', 'v2')).toBe('a at v2'); // a is now the most recently used
    pages.set('c', 'v1', 'c at v1');
    expect(pages.get('b', 'v1')).toBeUndefined();
    expect(pages.get('a', 'v2')).toBe('a at v2');
    expect(pages.size).toBe(2);

    const none = pageCache<string>('me', 0);
    none.set('a', 'v1', 'a');
    expect(none.get('a', 'v1')).toBeUndefined();
  });
});

/**
 * Every write that the portal's `/me` or the staff profile shows reaches the next request,
 * although both pages come from the cache while nothing changes (docs/page-cache.md): each
 * step below is a table whose trigger raises the record's version (migration 0033).
 */
describeEachEngine('pages kept by record version', (get) => {
  const counter = statementCounter();
  let h: Harness;
  let second: Harness;
  beforeAll(async () => {
    const database = get();
    h = await startHarness({ ...database, db: database.db.withPlugin(counter.plugin) }, { worker: false });
    // Another web process on the same database, with a cache of its own.
    second = await startHarness(database, { worker: false });
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  it("shows every change of the record's rows on the next request, in every process", async () => {
    const db = get().db;
    const y = await orderYard(h, db);
    const me = await signedInCustomer(h, db, y.yard);
    const { order, estimate, invoice } = await makeOrder(db, y.yard.id, me.customer.id, {
      estimate: 'sent',
      invoice: true,
    });
    const otherProcess = second.agent();
    await otherProcess.signInStaff(y.staff.email, 'correct horse battery staple');

    const portal = async () => {
      const res = await me.agent.get(`/api/portal/${y.yard.slug}/me`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const profileUrl = `/api/staff/customers/${me.customer.id}`;
    const profile = async () => {
      const res = await y.agent.get(profileUrl);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const profileInOtherProcess = async () => (await otherProcess.get(profileUrl)).json();

    // Kept: a second request reads the session and the version only.
    await portal();
    await profile();
    await profileInOtherProcess();
    counter.reset();
    await portal();
    await profile();
    expect(counter.taken()).toBe(2);

    /** Reads the page (kept from then on), writes, and expects the next read to show the write. */
    const step = async <T>(
      read: () => Promise<T>,
      write: () => Promise<unknown>,
      shows: (page: T) => void,
    ) => {
      await read();
      await write();
      shows(await read());
    };
    const names = (list: { name: string }[]) => list.map((b) => b.name);

    await step(
      profileInOtherProcess,
      () =>
        db
          .updateTable('customers')
          .set({ first_name: 'Rosalind' })
          .where('id', '=', me.customer.id)
          .execute(),
      (p) => expect(p.customer.firstName).toBe('Rosalind'),
    );
    expect((await portal()).customer.firstName).toBe('Rosalind');
    expect((await profile()).customer.firstName).toBe('Rosalind');

    const dinghy = { id: '' };
    await step(
      portal,
      async () => {
        dinghy.id = (
          await db
            .insertInto('boats')
            .values({ yard_id: y.yard.id, customer_id: me.customer.id, name: 'Little Tern' })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      },
      (p) => expect(names(p.boats)).toContain('Little Tern'),
    );
    await step(
      portal,
      () => db.updateTable('boats').set({ name: 'Great Tern' }).where('id', '=', dinghy.id).execute(),
      (p) => expect(names(p.boats)).toContain('Great Tern'),
    );
    await step(
      portal,
      () => db.deleteFrom('boats').where('id', '=', dinghy.id).execute(),
      (p) => expect(names(p.boats)).not.toContain('Great Tern'),
    );
    await step(
      portal,
      () => db.updateTable('orders').set({ title: 'Winter storage' }).where('id', '=', order.id).execute(),
      (p) => expect(p.orders[0].title).toBe('Winter storage'),
    );
    await step(
      portal,
      () =>
        db
          .updateTable('estimates')
          .set({ valid_until: '2027-01-31' })
          .where('id', '=', estimate!.id)
          .execute(),
      (p) => expect(p.estimates[0].validUntil).toBe('2027-01-31'),
    );
    await step(
      portal,
      () =>
        db
          .updateTable('line_items')
          .set({ description: 'Haul, pressure wash and block' })
          .where('estimate_id', '=', estimate!.id)
          .where('position', '=', 1)
          .execute(),
      (p) => expect(p.estimates[0].lineItems[0].description).toBe('Haul, pressure wash and block'),
    );
    await step(
      portal,
      () =>
        db
          .insertInto('line_items')
          .values({
            yard_id: y.yard.id,
            estimate_id: estimate!.id,
            kind: 'fee',
            description: 'Shrink wrap',
            quantity: 1,
            unit_price_cents: 30_000,
            total_cents: 30_000,
            position: 3,
          })
          .execute(),
      (p) =>
        expect(p.estimates[0].lineItems.map((l: { description: string }) => l.description)).toContain(
          'Shrink wrap',
        ),
    );
    await step(
      portal,
      () =>
        db
          .insertInto('payments')
          .values({
            yard_id: y.yard.id,
            customer_id: me.customer.id,
            invoice_id: invoice!.id,
            amount_cents: 10_000,
            method: 'cash',
            received_at: new Date(),
          })
          .execute(),
      (p) => expect(p.payments.map((x: { amountCents: number }) => x.amountCents)).toEqual([10_000]),
    );
    await step(
      portal,
      // The order's balance stays (a change of it would raise the version through the order).
      () => db.updateTable('invoices').set({ status: 'partial' }).where('id', '=', invoice!.id).execute(),
      (p) => expect(p.invoices[0].status).toBe('partial'),
    );
    await step(
      portal,
      () =>
        db
          .insertInto('notification_preferences')
          .values({ yard_id: y.yard.id, customer_id: me.customer.id, messages: false })
          .execute(),
      (p) => expect(p.notifications.messages).toBe(false),
    );

    // What only the profile shows: the account, timeline (with who acted), contacts.
    await step(
      profile,
      () =>
        db
          .updateTable('portal_accounts')
          .set({ login_email: 'rosalind@example.net' })
          .where('id', '=', me.account.id)
          .execute(),
      (p) => expect(p.portal.account.loginEmail).toBe('rosalind@example.net'),
    );
    const actors = (p: { timeline: { actorName: string | null }[] }) => p.timeline.map((e) => e.actorName);
    await step(
      profile,
      () =>
        db
          .insertInto('portal_events')
          .values({
            yard_id: y.yard.id,
            customer_id: me.customer.id,
            kind: 'invite_sent',
            actor_staff_id: y.staff.id,
            created_at: new Date(),
          })
          .execute(),
      (p) => expect(actors(p)).toContain(y.staff.name),
    );
    await step(
      profileInOtherProcess,
      () =>
        db
          .updateTable('staff_users')
          .set({ name: 'Harbormaster Quinn' })
          .where('id', '=', y.staff.id)
          .execute(),
      (p) => expect(actors(p)).toContain('Harbormaster Quinn'),
    );
    await step(
      profile,
      () =>
        db
          .insertInto('customer_contacts')
          .values({ yard_id: y.yard.id, customer_id: me.customer.id, kind: 'phone', value: '(305) 555-0199' })
          .execute(),
      (p) => expect(p.details.otherPhones.map((x: { value: string }) => x.value)).toEqual(['(305) 555-0199']),
    );
  });

  it('shows an invite, a renamed record merged into, and a renamed boat that changed hands', async () => {
    const db = get().db;
    const y = await orderYard(h, db);
    const profileOf = async (id: string) => {
      const res = await y.agent.get(`/api/staff/customers/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect((await profileOf(y.customer.id)).portal.lastInvite).toBeNull();
    const invite = await db
      .insertInto('invites')
      .values({
        yard_id: y.yard.id,
        customer_id: y.customer.id,
        email: y.customer.email!,
        status: 'failed',
        created_at: new Date(),
        failed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await profileOf(y.customer.id)).portal.lastInvite.status).toBe('failed');
    // A change that leaves the customer row alone (no search flag moves) shows too.
    await db
      .updateTable('invites')
      .set({ failure_reason: 'Mailbox full' })
      .where('id', '=', invite.id)
      .execute();
    expect((await profileOf(y.customer.id)).portal.lastInvite.failureReason).toBe('Mailbox full');

    // A duplicate merged into y.customer shows its name; renaming y.customer shows on both.
    const duplicate = await makeCustomer(db, y.yard.id);
    await db
      .updateTable('customers')
      .set({ merged_into: y.customer.id, archived_at: new Date() })
      .where('id', '=', duplicate.id)
      .execute();
    expect((await profileOf(duplicate.id)).details.mergedInto.name).toContain(y.customer.last_name);
    await db.updateTable('customers').set({ last_name: 'Okonkwo' }).where('id', '=', y.customer.id).execute();
    expect((await profileOf(duplicate.id)).details.mergedInto.name).toContain('Okonkwo');

    // An order of y.customer's on a boat that now belongs to someone else: the boat's new name shows.
    const { order, boat } = await makeOrder(db, y.yard.id, y.customer.id);
    const buyer = await makeCustomer(db, y.yard.id);
    const boatsOf = async (id: string) => (await profileOf(id)).boats.map((b: { id: string }) => b.id);
    expect(await boatsOf(y.customer.id)).toContain(boat.id);
    expect(await boatsOf(buyer.id)).not.toContain(boat.id);
    await db.updateTable('boats').set({ customer_id: buyer.id }).where('id', '=', boat.id).execute();
    // Both records: the one it left and the one it went to.
    expect(await boatsOf(y.customer.id)).not.toContain(boat.id);
    expect(await boatsOf(buyer.id)).toContain(boat.id);
    const before = await profileOf(y.customer.id);
    expect(before.orders.find((o: { id: string }) => o.id === order.id).boatName).toBe(boat.name);
    await db.updateTable('boats').set({ name: 'Second Wind' }).where('id', '=', boat.id).execute();
    const after = await profileOf(y.customer.id);
    expect(after.orders.find((o: { id: string }) => o.id === order.id).boatName).toBe('Second Wind');
  });

  it("keeps the profile a staff edit answers with: the next read of it is the session's statement alone", async () => {
    const db = get().db;
    const y = await orderYard(h, db);
    const url = `/api/staff/customers/${y.customer.id}`;
    const edited = await y.agent.patch(url, { firstName: 'Oriana' });
    expect(edited.statusCode, edited.body).toBe(200);
    counter.reset();
    const read = await y.agent.get(url);
    expect(read.json().customer.firstName).toBe('Oriana');
    expect(counter.taken()).toBe(1);
  });

  it('under concurrent writers, never answers less than was committed before the request, and ends at what the database holds', async () => {
    const db = get().db;
    const y = await orderYard(h, db);
    const me = await signedInCustomer(h, db, y.yard);
    const boat = await db
      .insertInto('boats')
      .values({ yard_id: y.yard.id, customer_id: me.customer.id, name: 'Counter', year: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const WRITES = 40;
    let committed = 0;
    let writing = true;
    const yearShown = async () => {
      const res = await me.agent.get(`/api/portal/${y.yard.slug}/me`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().boats.find((b: { id: string }) => b.id === boat.id).year as number;
    };
    const writer = async (n: number) => {
      for (let i = 0; i < n; i++) {
        // Each write raises the boat's year by one, in a transaction with another row of the record.
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('boats')
            .set((eb) => ({ year: eb('year', '+', 1) }))
            .where('id', '=', boat.id)
            .execute();
          await trx
            .updateTable('customers')
            .set({ notes: `write ${i}` })
            .where('id', '=', me.customer.id)
            .execute();
        });
        committed++;
      }
    };
    // (On PGlite, with one connection, the statements take turns: the check is of the order.)
    const reader = async () => {
      while (writing) {
        const before = committed;
        expect(await yearShown()).toBeGreaterThanOrEqual(before);
      }
    };
    const readers = Promise.all([reader(), reader(), reader()]);
    await Promise.all([writer(WRITES / 4), writer(WRITES / 4), writer(WRITES / 4), writer(WRITES / 4)]);
    writing = false;
    await readers;
    expect(await yearShown()).toBe(WRITES);
  });

  it('gives every record a statement wrote a new random version, once per statement; a staff rename, the yard', async () => {
    const db = get().db;
    const y = await orderYard(h, db);
    const a = await makeCustomer(db, y.yard.id);
    const b = await makeCustomer(db, y.yard.id);
    const versionsOf = async (ids: string[]) =>
      new Map(
        (await db.selectFrom('record_versions').selectAll().where('customer_id', 'in', ids).execute()).map(
          (r) => [r.customer_id, r.version],
        ),
      );
    expect((await versionsOf([a.id, b.id])).size).toBe(0);
    await db
      .insertInto('boats')
      .values([
        { yard_id: y.yard.id, customer_id: a.id, name: 'One' },
        { yard_id: y.yard.id, customer_id: a.id, name: 'Two' },
        { yard_id: y.yard.id, customer_id: b.id, name: 'Three' },
      ])
      .execute();
    const first = await versionsOf([a.id, b.id]);
    expect(first.size).toBe(2);
    await db.updateTable('boats').set({ slip: 'C-4' }).where('customer_id', '=', a.id).execute();
    const second = await versionsOf([a.id, b.id]);
    expect(second.get(a.id)).not.toBe(first.get(a.id));
    expect(second.get(b.id)).toBe(first.get(b.id));
    expect(new Set([...first.values(), ...second.values()]).size).toBe(3);

    await db
      .updateTable('staff_users')
      .set({ name: 'Marguerite Okafor' })
      .where('id', '=', y.staff.id)
      .execute();
    const yard = await versionsOf([y.yard.id]);
    expect(yard.size).toBe(1);
    await db.updateTable('staff_users').set({ role: 'owner' }).where('id', '=', y.staff.id).execute();
    expect(await versionsOf([y.yard.id])).toEqual(yard); // only a name shows on a page
  });
});
