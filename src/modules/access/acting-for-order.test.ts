import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard } from '../../../test/support/factories.js';
import { type Agent, type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount, signInCustomer } from '../../../test/support/portal-accounts.js';

const PASSWORD = 'tidal anchor lighthouse morning';

// An email's link to an order of another record the sign-in reaches (docs/shared-access.md,
// "Links in emails"): the portal asks POST /access/acting/orders/:id, which switches the
// session to that record when the sign-in reaches the order, and is a plain 404 otherwise.
describeEachEngine('opening an order of another record', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  const order = (agent: Agent, slug: string, id: string) => agent.get(`/api/portal/${slug}/orders/${id}`);
  const openFor = (agent: Agent, slug: string, id: string) =>
    agent.post(`/api/portal/${slug}/access/acting/orders/${id}`);
  const actingFor = async (agent: Agent, slug: string) =>
    (await agent.get(`/api/portal/${slug}/me`)).json().customer.id as string;
  const grant = (g: {
    yardId: string;
    ownerId: string;
    accountId: string;
    email: string;
    boatId?: string | null;
  }) =>
    db()
      .db.insertInto('access_grants')
      .values({
        yard_id: g.yardId,
        owner_customer_id: g.ownerId,
        email: g.email,
        name: 'Sam Rivers',
        role: 'view',
        boat_id: g.boatId ?? null,
        account_id: g.accountId,
        invited_at: new Date(),
        accepted_at: new Date(),
      })
      .execute();

  /** A yard, two owners (A with one order, B with two on two boats) and a stranger with one. */
  async function twoOwners() {
    const { yard } = await makeYard(db().db);
    const [ownerA, ownerB, stranger] = await Promise.all([
      makeCustomer(db().db, yard.id, { first_name: 'Alma', last_name: 'Aalto' }),
      makeCustomer(db().db, yard.id, { first_name: 'Bea', last_name: 'Berg' }),
      makeCustomer(db().db, yard.id),
    ]);
    const a = await makeOrder(db().db, yard.id, ownerA.id, { estimate: 'sent' });
    const b1 = await makeOrder(db().db, yard.id, ownerB.id, { estimate: 'sent', invoice: true });
    const b2 = await makeOrder(db().db, yard.id, ownerB.id, { invoice: true });
    const c = await makeOrder(db().db, yard.id, stranger.id);
    return { yard, ownerA, ownerB, a, b1, b2, c };
  }

  it('a captain of two owners acting for A opens B’s order: the session acts for B and shows it', async () => {
    const s = await twoOwners();
    const email = `captain-${randomUUID().slice(0, 8)}@boat.test`;
    const account = await grantedAccount(db().db, {
      yardId: s.yard.id,
      ownerCustomerId: s.ownerA.id,
      email,
      password: PASSWORD,
    });
    await grant({ yardId: s.yard.id, ownerId: s.ownerB.id, accountId: account.id, email });
    const captain = h.agent();
    await signInCustomer(captain, s.yard.slug, email, PASSWORD);
    expect(await actingFor(captain, s.yard.slug)).toBe(s.ownerA.id);
    expect((await order(captain, s.yard.slug, s.b1.order.id)).statusCode).toBe(404);

    const opened = await openFor(captain, s.yard.slug, s.b1.order.id);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().customer.id).toBe(s.ownerB.id);
    expect(opened.json().access).toMatchObject({ ownerName: 'Bea Berg', role: 'view' });
    const shown = await order(captain, s.yard.slug, s.b1.order.id);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().order.id).toBe(s.b1.order.id);
    expect(await actingFor(captain, s.yard.slug)).toBe(s.ownerB.id);

    // Back to A through the same door; an order of the acting record switches nothing.
    expect((await openFor(captain, s.yard.slug, s.a.order.id)).json().customer.id).toBe(s.ownerA.id);
    expect((await openFor(captain, s.yard.slug, s.a.order.id)).statusCode).toBe(200);
    expect(await actingFor(captain, s.yard.slug)).toBe(s.ownerA.id);

    // A stranger's order, one that does not exist and another yard's: the same 404, no switch.
    const other = await makeYard(db().db, 'Other Marina');
    const theirs = await makeOrder(db().db, other.yard.id, (await makeCustomer(db().db, other.yard.id)).id);
    const answers = [];
    for (const id of [s.c.order.id, randomUUID(), theirs.order.id]) {
      const res = await openFor(captain, s.yard.slug, id);
      expect(res.statusCode, id).toBe(404);
      const { code, message } = res.json();
      answers.push({ code, message });
      expect(await actingFor(captain, s.yard.slug)).toBe(s.ownerA.id);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect((await openFor(captain, s.yard.slug, 'not-an-id')).statusCode).toBe(422);
    // A signed-out visitor hears 401.
    expect((await openFor(h.agent(), s.yard.slug, s.b1.order.id)).statusCode).toBe(401);

    // A revoked grant no longer reaches B's orders.
    await db()
      .db.updateTable('access_grants')
      .set({ revoked_at: new Date() })
      .where('owner_customer_id', '=', s.ownerB.id)
      .where('account_id', '=', account.id)
      .execute();
    expect((await openFor(captain, s.yard.slug, s.b1.order.id)).statusCode).toBe(404);
    expect(await actingFor(captain, s.yard.slug)).toBe(s.ownerA.id);
  });

  it('a one-boat grant opens that boat’s orders only; a customer’s own order takes them home', async () => {
    const s = await twoOwners();
    // The captain is a customer of the yard with an order of their own, and B shared one boat.
    const self = await signedInCustomer(h, db().db, s.yard);
    const own = await makeOrder(db().db, s.yard.id, self.customer.id);
    await grant({
      yardId: s.yard.id,
      ownerId: s.ownerB.id,
      accountId: self.account.id,
      email: self.customer.email!,
      boatId: s.b1.boat.id,
    });
    const agent = self.agent;
    expect(await actingFor(agent, s.yard.slug)).toBe(self.customer.id);

    const otherBoat = await openFor(agent, s.yard.slug, s.b2.order.id);
    expect(otherBoat.statusCode).toBe(404);
    expect(otherBoat.json().code).toBe((await openFor(agent, s.yard.slug, randomUUID())).json().code);
    expect(await actingFor(agent, s.yard.slug)).toBe(self.customer.id);
    // A's order: A shared nothing with them.
    expect((await openFor(agent, s.yard.slug, s.a.order.id)).statusCode).toBe(404);

    const opened = await openFor(agent, s.yard.slug, s.b1.order.id);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().access).toMatchObject({ ownerName: 'Bea Berg', boatId: s.b1.boat.id });
    expect((await order(agent, s.yard.slug, s.b1.order.id)).statusCode).toBe(200);
    expect((await order(agent, s.yard.slug, s.b2.order.id)).statusCode).toBe(404);
    expect((await openFor(agent, s.yard.slug, s.b2.order.id)).statusCode).toBe(404);
    expect(await actingFor(agent, s.yard.slug)).toBe(s.ownerB.id);

    // Their own order's link brings them back to their own record.
    const home = await openFor(agent, s.yard.slug, own.order.id);
    expect(home.statusCode, home.body).toBe(200);
    expect(home.json()).toMatchObject({ customer: { id: self.customer.id }, access: { role: 'owner' } });
    expect((await order(agent, s.yard.slug, own.order.id)).statusCode).toBe(200);
  });
});
