import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteSettled } from '../../../test/support/invites.js';
import { CUSTOMER_PASSWORD, makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount, signInCustomer } from '../../../test/support/portal-accounts.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';

/**
 * Invite to Portal for a customer whose address already signs in at the yard as someone a
 * customer shared access with (docs/invites.md): accepting with that sign-in's password adds
 * the customer's own record to it, instead of answering ACCOUNT_EXISTS.
 */
describeEachEngine('invite to a customer who already signs in with shared access', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it("the captain's sign-in gains their own record; the link is used once; the shared boat stays", async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const shared = await makeOrder(db().db, yard.id, owner.customer.id, {});
    const email = `captain-${Date.now()}@boat.test`;
    const account = await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email,
      password: CUSTOMER_PASSWORD,
    });
    // With shared access only, the captain turned job updates off on their sign-in.
    const before = h.agent();
    await signInCustomer(before, yard.slug, email, CUSTOMER_PASSWORD);
    const off = await before.patch(`/api/portal/${yard.slug}/me/notifications`, { jobUpdates: false });
    expect(off.statusCode, off.body).toBe(200);
    // The captain becomes a customer of the yard with the same address; the office invites them.
    const captain = await makeCustomer(db().db, yard.id, { first_name: 'Sam', last_name: 'Rivers', email });
    const own = await makeOrder(db().db, yard.id, captain.id, {});
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const sent = await office.post(`/api/staff/customers/${captain.id}/invites`);
    expect(sent.statusCode, sent.body).toBe(201);
    const [mail] = await h.sink.waitForMail(email, 1);
    await inviteSettled(db().db, captain.id);
    const token = inviteLinkIn(mail).split('/accept/')[1];
    const portal = `/api/portal/${yard.slug}`;

    const looked = await h.agent().post(`${portal}/invite/lookup`, { token });
    expect(looked.json()).toMatchObject({ email, hasAccount: true });
    // Not a new password: the one the address signs in with.
    const wrong = await h
      .agent()
      .post(`${portal}/invite/accept`, { token, password: 'a brand new password here' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'BAD_CREDENTIALS' });

    const agent = h.agent();
    const res = await agent.post(`${portal}/invite/accept`, { token, password: CUSTOMER_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().customer.id).toBe(captain.id);
    expect(res.json().access.records).toHaveLength(2);
    // The choice they made comes along to their own record.
    expect(res.json().notifications).toMatchObject({ jobUpdates: false, messages: true });
    const accounts = await db()
      .db.selectFrom('portal_accounts')
      .select(['id', 'customer_id'])
      .where('yard_id', '=', yard.id)
      .where('login_email', '=', email)
      .execute();
    expect(accounts).toEqual([{ id: account.id, customer_id: captain.id }]);
    // The Customers list counts them in the portal now (its filter flag, migration 0029).
    const flags = await db()
      .db.selectFrom('customers')
      .select(['in_portal', 'invite_live_until'])
      .where('id', '=', captain.id)
      .executeTakeFirstOrThrow();
    expect(flags).toEqual({ in_portal: true, invite_live_until: null });
    const orders = (await agent.get(`${portal}/orders`)).json().orders.map((o: { id: string }) => o.id);
    expect(orders).toEqual([own.order.id]);
    const acting = await agent.post(`${portal}/access/acting`, { customerId: owner.customer.id });
    expect(acting.statusCode, acting.body).toBe(200);
    expect((await agent.get(`${portal}/orders`)).json().orders.map((o: { id: string }) => o.id)).toEqual([
      shared.order.id,
    ]);

    // Used once; the office sees the customer in the portal.
    const again = await h.agent().post(`${portal}/invite/accept`, { token, password: CUSTOMER_PASSWORD });
    expect(again.json().code).toBe('INVITE_USED');
    const profile = (await office.get(`/api/staff/customers/${captain.id}`)).json();
    expect(profile.portal.button).toBe('in_portal');
  });

  it("an address that signs in for another customer's record is refused, saying what staff can do", async () => {
    const { yard, staff } = await makeYard(db().db);
    const first = await signedInCustomer(h, db().db, yard);
    const twin = await makeCustomer(db().db, yard.id, { email: first.customer.email });
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    expect((await office.post(`/api/staff/customers/${twin.id}/invites`)).statusCode).toBe(201);
    const [mail] = await h.sink.waitForMail(first.customer.email!, 1);
    await inviteSettled(db().db, twin.id);
    const token = inviteLinkIn(mail).split('/accept/')[1];
    const portal = `/api/portal/${yard.slug}`;
    expect((await h.agent().post(`${portal}/invite/lookup`, { token })).json().hasAccount).toBe(false);
    const res = await h.agent().post(`${portal}/invite/accept`, {
      token,
      password: 'a brand new password here',
      confirmPassword: 'a brand new password here',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ACCOUNT_EXISTS' });
    expect(res.json().message).toContain('different email address');
  });
});
