// Longer than most files on purpose: every shared-access rule (roles, boat scope, revoking,
// switching records, links, other yards) against one set of fixtures.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { approval } from '../../../test/support/estimate-fixtures.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Agent, type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import {
  CUSTOMER_PASSWORD,
  makeOrder,
  newKey,
  signedInCustomer,
} from '../../../test/support/order-fixtures.js';
import { signInCustomer } from '../../../test/support/portal-accounts.js';

const CAPTAIN_PASSWORD = 'tidal anchor lighthouse morning';

// Shared access (docs/shared-access.md): an owner lets a captain in by role and boat; every
// portal route checks the role and the boat on the server; revoking ends access at once.
describeEachEngine('shared access', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  /** A yard, a signed-in owner with two boats, each with an order, a sent estimate and an open invoice. */
  async function ownerWithTwoBoats() {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const a = await makeOrder(db().db, yard.id, owner.customer.id, { estimate: 'sent', invoice: true });
    const b = await makeOrder(db().db, yard.id, owner.customer.id, { estimate: 'sent', invoice: true });
    return { yard, staff, owner, a, b };
  }

  const captainEmail = () => `captain-${randomUUID().slice(0, 8)}@boat.test`;

  /** The owner invites; the invitation email arrives through the queue; its token. */
  async function invite(
    owner: Agent,
    slug: string,
    body: { email: string; role: string; boatId: string | null; name?: string },
    mailCount = 1,
  ) {
    const res = await owner.post(`/api/portal/${slug}/access`, { name: 'Sam Rivers', ...body });
    expect(res.statusCode, res.body).toBe(201);
    const mails = await h.sink.waitForMail(body.email, mailCount);
    const text = mails[mailCount - 1].parsed.text ?? '';
    const m = /(https?:\/\/\S+\/access\/([A-Za-z0-9_-]{43}))/.exec(text);
    if (!m) throw new Error(`no access link in: ${text}`);
    return { res, link: m[1], token: m[2], mail: mails[mailCount - 1] };
  }

  async function accept(
    slug: string,
    token: string,
    password = CAPTAIN_PASSWORD,
    confirm: string | undefined = password,
  ) {
    const agent = h.agent();
    const res = await agent.post(`/api/portal/${slug}/access-invite/accept`, {
      token,
      password,
      confirmPassword: confirm,
    });
    return { agent, res };
  }

  async function sharedWithCaptain(role: 'view' | 'approve' | 'pay', boat: 'a' | 'all') {
    const s = await ownerWithTwoBoats();
    const email = captainEmail();
    const inv = await invite(s.owner.agent, s.yard.slug, {
      email,
      role,
      boatId: boat === 'a' ? s.a.boat.id : null,
    });
    const { agent: captain, res } = await accept(s.yard.slug, inv.token);
    expect(res.statusCode, res.body).toBe(200);
    const account = await db()
      .db.selectFrom('portal_accounts')
      .selectAll()
      .where('login_email', '=', email)
      .executeTakeFirstOrThrow();
    return { ...s, email, captain, account, inv };
  }

  const pay = (agent: Agent, slug: string, invoiceId: string) =>
    agent.post(
      `/api/portal/${slug}/invoices/${invoiceId}/payments`,
      { amountCents: 1_000, cardNumber: '4242424242424242' },
      { headers: { 'idempotency-key': newKey() } },
    );

  it('a view-only captain of one boat sees that boat only; approving or paying is 403, the other boat 404', async () => {
    const { yard, a, b, captain, inv, email, account } = await sharedWithCaptain('view', 'a');
    expect(inv.link).toBe(`${TEST_PUBLIC_URL}/portal/${yard.slug}/access/${inv.token}`);
    expect(inv.mail.parsed.subject).toContain('shared');
    expect(account.customer_id).toBeNull();

    const me = (await captain.get(`/api/portal/${yard.slug}/me`)).json();
    expect(me.access).toMatchObject({ role: 'view', boatId: a.boat.id, signedInName: 'Sam Rivers' });
    expect(me.boats.map((x: { id: string }) => x.id)).toEqual([a.boat.id]);
    expect(me.orders.map((o: { id: string }) => o.id)).toEqual([a.order.id]);
    expect(me.invoices.map((i: { id: string }) => i.id)).toEqual([a.invoice!.id]);
    expect(me.estimates.map((e: { id: string }) => e.id)).toEqual([a.estimate!.id]);

    expect((await captain.get(`/api/portal/${yard.slug}/orders/${a.order.id}`)).statusCode).toBe(200);
    expect((await captain.get(`/api/portal/${yard.slug}/orders/${b.order.id}`)).statusCode).toBe(404);
    expect((await captain.get(`/api/portal/${yard.slug}/boats/${b.boat.id}`)).statusCode).toBe(404);
    expect((await captain.get(`/api/portal/${yard.slug}/invoices/${b.invoice!.id}/pdf`)).statusCode).toBe(
      404,
    );
    expect((await captain.get(`/api/portal/${yard.slug}/estimates/${b.estimate!.id}/pdf`)).statusCode).toBe(
      404,
    );
    const listed = await captain.get(`/api/portal/${yard.slug}/orders?boatId=${b.boat.id}`);
    expect(listed.json().orders).toEqual([]);
    expect((await captain.get(`/api/portal/${yard.slug}/orders`)).json().orders).toHaveLength(1);

    const approve = await captain.post(
      `/api/portal/${yard.slug}/estimates/${a.estimate!.id}/accept`,
      approval(),
    );
    expect(approve.statusCode).toBe(403);
    expect(approve.json()).toMatchObject({ code: 'ACCESS_ROLE_FORBIDDEN' });
    expect(approve.json().message).toMatch(/view only.*approve/);
    const decline = await captain.post(`/api/portal/${yard.slug}/estimates/${a.estimate!.id}/decline`, {});
    expect(decline.statusCode).toBe(403);
    const paid = await pay(captain, yard.slug, a.invoice!.id);
    expect(paid.statusCode).toBe(403);
    expect(paid.json().code).toBe('ACCESS_ROLE_FORBIDDEN');
    // The other boat's records are not found, whatever the role would allow.
    expect(
      (await captain.post(`/api/portal/${yard.slug}/estimates/${b.estimate!.id}/accept`, approval()))
        .statusCode,
    ).toBe(404);
    // The record itself and its sharing are the owner's.
    expect((await captain.patch(`/api/portal/${yard.slug}/me`, { phone: '305-555-0199' })).statusCode).toBe(
      403,
    );
    expect((await captain.get(`/api/portal/${yard.slug}/access`)).statusCode).toBe(403);
    expect(
      (
        await captain.post(`/api/portal/${yard.slug}/access`, {
          email: 'x@boat.test',
          name: 'X',
          role: 'pay',
          boatId: null,
        })
      ).statusCode,
    ).toBe(403);

    const estimate = await db()
      .db.selectFrom('estimates')
      .select('status')
      .where('id', '=', a.estimate!.id)
      .executeTakeFirstOrThrow();
    expect(estimate.status).toBe('sent');
    const attempts = await db()
      .db.selectFrom('payment_attempts')
      .select('id')
      .where('invoice_id', '=', a.invoice!.id)
      .execute();
    expect(attempts).toHaveLength(0);
    expect(email).toContain('@boat.test');
  });

  it('approve may accept estimates but not pay; changed to pay, the payment records the captain', async () => {
    const { yard, a, b, owner, captain, account, email } = await sharedWithCaptain('approve', 'all');
    const accepted = await captain.post(
      `/api/portal/${yard.slug}/estimates/${a.estimate!.id}/accept`,
      approval(),
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    const acceptance = await db()
      .db.selectFrom('estimate_acceptances')
      .selectAll()
      .where('estimate_id', '=', a.estimate!.id)
      .executeTakeFirstOrThrow();
    expect(acceptance.account_id).toBe(account.id);
    const audit = await db()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', a.estimate!.id)
      .where('actor_account_id', '=', account.id)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0].actor_name).toBe('Sam Rivers');

    const refused = await pay(captain, yard.slug, b.invoice!.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/does not include paying/);

    // Inviting the same address again changes the accepted grant: no new email.
    const changed = await owner.agent.post(`/api/portal/${yard.slug}/access`, {
      email,
      name: 'Sam Rivers',
      role: 'pay',
      boatId: null,
    });
    expect(changed.statusCode, changed.body).toBe(201);
    expect(changed.json().grant).toMatchObject({ role: 'pay', status: 'active' });
    const paid = await pay(captain, yard.slug, b.invoice!.id);
    expect(paid.statusCode, paid.body).toBe(200);
    const payment = await db()
      .db.selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', b.invoice!.id)
      .executeTakeFirstOrThrow();
    expect(payment.paid_by_account_id).toBe(account.id);
    expect(payment.customer_id).toBe(owner.customer.id);
    expect(h.sink.mailTo(email)).toHaveLength(1);
  });

  it('revoking ends access at once: the next request is refused, the sessions are gone, sign-in says why', async () => {
    const { yard, owner, captain, email, account } = await sharedWithCaptain('view', 'all');
    const list = (await owner.agent.get(`/api/portal/${yard.slug}/access`)).json();
    expect(list.grants).toHaveLength(1);
    expect(list.grants[0]).toMatchObject({ email, role: 'view', boatId: null, status: 'active' });
    expect((await captain.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);

    const revoked = await owner.agent.post(`/api/portal/${yard.slug}/access/${list.grants[0].id}/revoke`, {});
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().grants[0].status).toBe('revoked');
    expect((await captain.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
    const sessions = await db()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('account_id', '=', account.id)
      .execute();
    expect(sessions).toHaveLength(0);
    const again = await h
      .agent()
      .post(`/api/portal/${yard.slug}/sign-in`, { email, password: CAPTAIN_PASSWORD });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('ACCESS_ENDED');
  });

  it('a revoked grant refuses a session that is still acting for it, even if the session row survived', async () => {
    const { yard, owner, captain, account } = await sharedWithCaptain('pay', 'all');
    // Revoked behind the service's back: the principal is read with the live grant.
    await db()
      .db.updateTable('access_grants')
      .set({ revoked_at: new Date(), revoked_by_account_id: owner.account.id })
      .where('account_id', '=', account.id)
      .execute();
    expect((await captain.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
  });

  it('staff see who has access on the profile and revoke it; the captain is out', async () => {
    const { yard, staff, owner, captain, a } = await sharedWithCaptain('approve', 'a');
    const desk = h.agent();
    await desk.signInStaff(staff.email, STAFF_PASSWORD);
    const list = await desk.get(`/api/staff/customers/${owner.customer.id}/access`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().grants[0]).toMatchObject({
      name: 'Sam Rivers',
      role: 'approve',
      boatId: a.boat.id,
      boatName: a.boat.name,
      status: 'active',
    });
    const id = list.json().grants[0].id;
    const revoked = await desk.post(`/api/staff/customers/${owner.customer.id}/access/${id}/revoke`, {});
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await captain.get(`/api/portal/${yard.slug}/orders/${a.order.id}`)).statusCode).toBe(401);
    const row = await db()
      .db.selectFrom('access_grants')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_by_staff_id).toBe(staff.id);
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['action', 'actor_staff_id'])
      .where('customer_id', '=', owner.customer.id)
      .where('action', '=', 'access_revoked')
      .executeTakeFirstOrThrow();
    expect(audit.actor_staff_id).toBe(staff.id);
  });

  it('one sign-in reaches two records and switches; each shows only its own data', async () => {
    const { yard, owner, a } = await ownerWithTwoBoats();
    // The captain is a customer of the yard too, with an order of their own.
    const self = await signedInCustomer(h, db().db, yard);
    const own = await makeOrder(db().db, yard.id, self.customer.id, { invoice: true });
    const inv = await invite(owner.agent, yard.slug, {
      email: self.customer.email!,
      role: 'view',
      boatId: null,
    });
    const looked = await h
      .agent()
      .post(`/api/portal/${yard.slug}/access-invite/lookup`, { token: inv.token });
    expect(looked.json()).toMatchObject({ hasAccount: true, role: 'view', boatName: null });
    // The existing account's password, not a new one.
    const wrong = await accept(yard.slug, inv.token, 'not the password at all here');
    expect(wrong.res.statusCode).toBe(401);
    const { agent, res } = await accept(yard.slug, inv.token, CUSTOMER_PASSWORD, undefined);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().customer.id).toBe(owner.customer.id);
    expect(res.json().access.records).toHaveLength(2);

    const ownerOrders = (await agent.get(`/api/portal/${yard.slug}/orders`)).json().orders;
    expect(ownerOrders.map((o: { id: string }) => o.id).sort()).not.toContain(own.order.id);
    expect((await agent.get(`/api/portal/${yard.slug}/orders/${own.order.id}`)).statusCode).toBe(404);

    const switched = await agent.post(`/api/portal/${yard.slug}/access/acting`, {
      customerId: self.customer.id,
    });
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json().customer.id).toBe(self.customer.id);
    expect(switched.json().access.role).toBe('owner');
    const mine = (await agent.get(`/api/portal/${yard.slug}/me`)).json();
    expect(mine.orders.map((o: { id: string }) => o.id)).toEqual([own.order.id]);
    expect((await agent.get(`/api/portal/${yard.slug}/orders/${a.order.id}`)).statusCode).toBe(404);
    // Acting for their own record, they may pay their own invoice.
    expect((await pay(agent, yard.slug, own.invoice!.id)).statusCode).toBe(200);

    const back = await agent.post(`/api/portal/${yard.slug}/access/acting`, {
      customerId: owner.customer.id,
    });
    expect(back.json().access).toMatchObject({ role: 'view' });
    expect((await pay(agent, yard.slug, a.invoice!.id)).statusCode).toBe(403);
    // A record not shared with them cannot be switched to.
    const stranger = await signedInCustomer(h, db().db, yard);
    const nope = await agent.post(`/api/portal/${yard.slug}/access/acting`, {
      customerId: stranger.customer.id,
    });
    expect(nope.statusCode).toBe(404);

    // Signing in again starts with their own record.
    const fresh = h.agent();
    const signed = await signInCustomer(fresh, yard.slug, self.customer.email!, CUSTOMER_PASSWORD);
    expect(signed.json().customer.id).toBe(self.customer.id);
  });

  it('inviting again supersedes the older link; a link is read without being used, and used once', async () => {
    const { yard, owner, a } = await ownerWithTwoBoats();
    const email = captainEmail();
    const first = await invite(owner.agent, yard.slug, { email, role: 'view', boatId: a.boat.id });
    // Opening the link (a mail scanner) does not use it.
    const peek = await h
      .agent()
      .post(`/api/portal/${yard.slug}/access-invite/lookup`, { token: first.token });
    expect(peek.statusCode).toBe(200);
    expect(peek.json()).toMatchObject({ role: 'view', boatName: a.boat.name, hasAccount: false });
    const second = await invite(owner.agent, yard.slug, { email, role: 'approve', boatId: null }, 2);
    const old = await h.agent().post(`/api/portal/${yard.slug}/access-invite/lookup`, { token: first.token });
    expect(old.statusCode).toBe(410);
    expect(old.json().code).toBe('INVITE_SUPERSEDED');
    expect((await accept(yard.slug, first.token)).res.statusCode).toBe(410);
    // The password may not be the person's own name.
    expect((await accept(yard.slug, second.token, 'sam rivers sam rivers')).res.statusCode).toBe(422);
    const ok = await accept(yard.slug, second.token);
    expect(ok.res.statusCode, ok.res.body).toBe(200);
    expect(ok.res.json().access).toMatchObject({ role: 'approve', boatId: null });
    const twice = await accept(yard.slug, second.token);
    expect(twice.res.statusCode).toBe(410);
    expect(twice.res.json().code).toBe('INVITE_USED');
    const rows = await db().db.selectFrom('access_grants').selectAll().where('email', '=', email).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe('approve');
  });

  it('a revoked invitation link says so; another yard answers 404 everywhere', async () => {
    const { yard, owner } = await ownerWithTwoBoats();
    const email = captainEmail();
    const inv = await invite(owner.agent, yard.slug, { email, role: 'view', boatId: null });
    const grant = inv.res.json().grant;
    await owner.agent.post(`/api/portal/${yard.slug}/access/${grant.id}/revoke`, {});
    const gone = await h.agent().post(`/api/portal/${yard.slug}/access-invite/lookup`, { token: inv.token });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().code).toBe('ACCESS_INVITE_REVOKED');

    const other = await ownerWithTwoBoats();
    // Another yard's portal does not know the link, the grant or the boat.
    expect(
      (await h.agent().post(`/api/portal/${other.yard.slug}/access-invite/lookup`, { token: inv.token }))
        .statusCode,
    ).toBe(404);
    expect(
      (await other.owner.agent.post(`/api/portal/${other.yard.slug}/access/${grant.id}/revoke`, {}))
        .statusCode,
    ).toBe(404);
    const boatOfOther = await owner.agent.post(`/api/portal/${yard.slug}/access`, {
      email: captainEmail(),
      name: 'Pat',
      role: 'view',
      boatId: other.a.boat.id,
    });
    expect(boatOfOther.statusCode).toBe(404);
    const desk = h.agent();
    await desk.signInStaff(other.staff.email, STAFF_PASSWORD);
    expect((await desk.get(`/api/staff/customers/${owner.customer.id}/access`)).statusCode).toBe(404);
    expect(
      (await desk.post(`/api/staff/customers/${owner.customer.id}/access/${grant.id}/revoke`, {})).statusCode,
    ).toBe(404);
    // A captain of this yard is not signed in at the other yard's portal.
    const { captain } = await sharedWithCaptain('pay', 'all');
    expect((await captain.get(`/api/portal/${other.yard.slug}/me`)).statusCode).toBe(401);
  });
});
