import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Agent, type Harness, startHarness } from '../../../test/support/harness.js';
import { CUSTOMER_PASSWORD, makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount, signInCustomer } from '../../../test/support/portal-accounts.js';

const CAPTAIN_PASSWORD = 'tidal anchor lighthouse morning';

/**
 * One sign-in holds one live grant per owner (docs/shared-access.md): after the grantee's
 * login email changed, inviting or accepting at the new address changes or replaces the
 * grant they have, and older data with two live grants reads the same one every time.
 */
describeEachEngine('one grant per owner and sign-in', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  const address = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@boat.test`;

  async function ownerWithTwoBoats() {
    const { yard } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const a = await makeOrder(db().db, yard.id, owner.customer.id, {});
    const b = await makeOrder(db().db, yard.id, owner.customer.id, {});
    return { yard, owner, a, b };
  }

  async function invite(
    owner: Agent,
    slug: string,
    body: { email: string; role: string; boatId: string | null },
  ) {
    const res = await owner.post(`/api/portal/${slug}/access`, { name: 'Sam Rivers', ...body });
    expect(res.statusCode, res.body).toBe(201);
    const [mail] = await h.sink.waitForMail(body.email, 1);
    const m = /\/access\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '');
    if (!m) throw new Error('no access link');
    return m[1];
  }

  const liveGrants = (ownerId: string) =>
    db()
      .db.selectFrom('access_grants')
      .select(['id', 'role', 'boat_id', 'account_id'])
      .where('owner_customer_id', '=', ownerId)
      .where('revoked_at', 'is', null)
      .execute();

  const loginAs = (accountId: string, email: string) =>
    db().db.updateTable('portal_accounts').set({ login_email: email }).where('id', '=', accountId).execute();

  const orderIds = async (agent: Agent, slug: string) =>
    ((await agent.get(`/api/portal/${slug}/orders`)).json().orders as { id: string }[])
      .map((o) => o.id)
      .sort();

  it('inviting the new address of a sign-in that already has access changes that access; no second grant', async () => {
    const { yard, owner, a, b } = await ownerWithTwoBoats();
    const oldEmail = address('old');
    const token = await invite(owner.agent, yard.slug, { email: oldEmail, role: 'view', boatId: a.boat.id });
    const accepted = await h.agent().post(`/api/portal/${yard.slug}/access-invite/accept`, {
      token,
      password: CAPTAIN_PASSWORD,
      confirmPassword: CAPTAIN_PASSWORD,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const [grant] = await liveGrants(owner.customer.id);
    // The captain's login email changes; the owner invites the new address with more rights.
    const newEmail = address('new');
    await loginAs(grant.account_id!, newEmail);
    const res = await owner.agent.post(`/api/portal/${yard.slug}/access`, {
      name: 'Sam Rivers',
      email: newEmail,
      role: 'pay',
      boatId: null,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await liveGrants(owner.customer.id)).toEqual([
      { id: grant.id, role: 'pay', boat_id: null, account_id: grant.account_id },
    ]);
    const captain = h.agent();
    await signInCustomer(captain, yard.slug, newEmail, CAPTAIN_PASSWORD);
    expect(await orderIds(captain, yard.slug)).toEqual([a.order.id, b.order.id].sort());
  });

  it('accepting a second invitation replaces the grant the sign-in had; the change is audited', async () => {
    const { yard, owner, a, b } = await ownerWithTwoBoats();
    const first = address('first');
    const token1 = await invite(owner.agent, yard.slug, { email: first, role: 'view', boatId: a.boat.id });
    const second = address('second');
    const token2 = await invite(owner.agent, yard.slug, {
      email: second,
      role: 'approve',
      boatId: b.boat.id,
    });
    const ok = await h.agent().post(`/api/portal/${yard.slug}/access-invite/accept`, {
      token: token1,
      password: CAPTAIN_PASSWORD,
      confirmPassword: CAPTAIN_PASSWORD,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const accountId = (await liveGrants(owner.customer.id)).find((g) => g.account_id)!.account_id!;
    // The sign-in now uses the second address and accepts that invitation with its password.
    await loginAs(accountId, second);
    const captain = h.agent();
    const res = await captain.post(`/api/portal/${yard.slug}/access-invite/accept`, {
      token: token2,
      password: CAPTAIN_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().access).toMatchObject({ role: 'approve', boatId: b.boat.id });
    expect(res.json().access.records).toHaveLength(1);
    expect(await liveGrants(owner.customer.id)).toEqual([
      expect.objectContaining({ role: 'approve', boat_id: b.boat.id, account_id: accountId }),
    ]);
    expect(await orderIds(captain, yard.slug)).toEqual([b.order.id]);
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['action', 'actor_account_id', 'customer_id'])
      .where('yard_id', '=', yard.id)
      .where('action', '=', 'access_replaced')
      .execute();
    expect(audit).toEqual([
      { action: 'access_replaced', actor_account_id: accountId, customer_id: owner.customer.id },
    ]);
  });

  it('two live grants left by older data: the one accepted last counts, on every read', async () => {
    const { yard, owner, a, b } = await ownerWithTwoBoats();
    const email = address('dup');
    const account = await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email,
      role: 'view',
      boatId: a.boat.id,
      password: CUSTOMER_PASSWORD,
    });
    // Written first, accepted later: the table's own order would pick the other one.
    await db()
      .db.updateTable('access_grants')
      .set({ accepted_at: new Date(Date.now() - 86_400_000), invited_at: new Date(Date.now() - 86_400_000) })
      .where('account_id', '=', account.id)
      .execute();
    await db()
      .db.insertInto('access_grants')
      .values({
        yard_id: yard.id,
        owner_customer_id: owner.customer.id,
        email: address('older'),
        name: 'Sam Rivers',
        role: 'pay',
        boat_id: null,
        account_id: account.id,
        invited_at: new Date(Date.now() - 2 * 86_400_000),
        accepted_at: new Date(),
      })
      .execute();
    const captain = h.agent();
    const signIn = await signInCustomer(captain, yard.slug, email, CUSTOMER_PASSWORD);
    expect(signIn.json().access).toMatchObject({ role: 'pay', boatId: null });
    expect(signIn.json().access.records).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      expect(await orderIds(captain, yard.slug)).toEqual([a.order.id, b.order.id].sort());
    }

    // Revoking the grant that counts ends them all: the older one does not take over.
    const counted = await db()
      .db.selectFrom('access_grants')
      .select('id')
      .where('account_id', '=', account.id)
      .where('role', '=', 'pay')
      .executeTakeFirstOrThrow();
    const revoked = await owner.agent.post(`/api/portal/${yard.slug}/access/${counted.id}/revoke`, {});
    expect(revoked.statusCode, revoked.body).toBe(200);
    const live = await db()
      .db.selectFrom('access_grants')
      .select('id')
      .where('account_id', '=', account.id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    const again = await h
      .agent()
      .post(`/api/portal/${yard.slug}/sign-in`, { email, password: CUSTOMER_PASSWORD });
    expect(again.json().code).toBe('ACCESS_ENDED');
  });
});
