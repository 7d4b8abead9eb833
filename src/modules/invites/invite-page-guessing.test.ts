import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteSettled } from '../../../test/support/invites.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount } from '../../../test/support/portal-accounts.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';
import { SIGN_IN_LIMITS } from '../auth/sign-in-limits.js';

/**
 * The two invite pages that take the password an address already signs in with (an invite
 * to Portal for a captain, docs/invites.md; a shared-access invite for a customer,
 * docs/shared-access.md) count wrong passwords as the portal's sign-in does: past the
 * per-account-and-address limit the right password is refused too, on either page and on
 * the sign-in page, until the window ends. The per-address token limit is higher (60), so
 * the refusals below are the sign-in limit's.
 */
describeEachEngine('guessing a password through an invite page', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  const GUESSES = SIGN_IN_LIMITS.failuresPerAccountAndClient.limit;

  /** As many wrong passwords as the limit allows, each refused as such; then the right one (refused too). */
  async function guessThenRight(accept: (password: string) => Promise<LightMyRequestResponse>) {
    for (let i = 0; i < GUESSES; i++) {
      const wrong = await accept(`wrong guess number ${i} here`);
      expect(wrong.statusCode, wrong.body).toBe(401);
      expect(wrong.json().code).toBe('BAD_CREDENTIALS');
    }
    const right = await accept(CUSTOMER_PASSWORD);
    expect(right.statusCode, right.body).toBe(429);
    return right;
  }

  it('the invite to Portal page: wrong passwords count as failed sign-ins', async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const email = `captain-${Date.now()}@boat.test`;
    await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email,
      password: CUSTOMER_PASSWORD,
    });
    const captain = await makeCustomer(db().db, yard.id, { first_name: 'Sam', last_name: 'Rivers', email });
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    expect((await office.post(`/api/staff/customers/${captain.id}/invites`)).statusCode).toBe(201);
    const [mail] = await h.sink.waitForMail(email, 1);
    await inviteSettled(db().db, captain.id);
    const token = inviteLinkIn(mail).split('/accept/')[1];
    const accept = (password: string) =>
      h.agent().post(`/api/portal/${yard.slug}/invite/accept`, { token, password });

    const right = await guessThenRight(accept);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    // The same count as the sign-in page's: it refuses the right password as well.
    const signIn = await h
      .agent()
      .post(`/api/portal/${yard.slug}/sign-in`, { email, password: CUSTOMER_PASSWORD });
    expect(signIn.statusCode).toBe(429);
    // The link was not used by any of it.
    const link = await db()
      .db.selectFrom('invites')
      .select(['status', 'consumed_at'])
      .where('customer_id', '=', captain.id)
      .executeTakeFirstOrThrow();
    expect(link).toEqual({ status: 'sent', consumed_at: null });
  });

  it('the shared-access invite page: wrong passwords count as failed sign-ins', async () => {
    const { yard } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const other = await signedInCustomer(h, db().db, yard);
    const email = other.customer.email!;
    const sent = await owner.agent.post(`/api/portal/${yard.slug}/access`, {
      name: 'Sam Rivers',
      email,
      role: 'view',
      boatId: null,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const [mail] = await h.sink.waitForMail(email, 1);
    const token = /\/access\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1];
    const accept = (password: string) =>
      h.agent().post(`/api/portal/${yard.slug}/access-invite/accept`, { token, password });

    await guessThenRight(accept);
    const signIn = await h
      .agent()
      .post(`/api/portal/${yard.slug}/sign-in`, { email, password: CUSTOMER_PASSWORD });
    expect(signIn.statusCode).toBe(429);
  });
});
