import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount } from '../../../test/support/portal-accounts.js';

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
    await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email,
      password: CUSTOMER_PASSWORD,
    });
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
