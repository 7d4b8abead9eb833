import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { hashPassword } from '../accounts/password-hash.js';

/** Someone the owner shared access with has no record of their own, and may still add a passkey (docs/passkeys.md). */
describeEachEngine('passkeys of a sign-in with shared access only', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('get registration options named after the person', async () => {
    const { yard } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const email = `captain-${Date.now()}@boat.test`;
    const account = await db()
      .db.insertInto('portal_accounts')
      .values({
        yard_id: yard.id,
        customer_id: null,
        display_name: 'Sam Rivers',
        login_email: email,
        password_hash: await hashPassword(CUSTOMER_PASSWORD),
        activated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .db.insertInto('access_grants')
      .values({
        yard_id: yard.id,
        owner_customer_id: owner.customer.id,
        email,
        name: 'Sam Rivers',
        role: 'view',
        boat_id: null,
        account_id: account.id,
        invited_at: new Date(),
        accepted_at: new Date(),
      })
      .execute();
    const captain = h.agent();
    const signIn = await captain.post(`/api/portal/${yard.slug}/sign-in`, {
      email,
      password: CUSTOMER_PASSWORD,
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const options = await captain.post(`/api/portal/${yard.slug}/me/passkeys/options`, {});
    expect(options.statusCode, options.body).toBe(200);
    expect(JSON.stringify(options.json())).toContain('Sam Rivers');
  });
});
