import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount } from '../../../test/support/portal-accounts.js';
import { signedInStaff } from '../../../test/support/staff-links.js';
import { softAuthenticator } from '../../../test/support/webauthn.js';

/** Someone the owner shared access with has no record of their own, and may still add a passkey (docs/passkeys.md). */
describeEachEngine('passkeys of a sign-in with shared access only', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
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

  it("a grantee's passkey changes are the grantee's own; the office sees and removes them on the owner's profile", async () => {
    const { yard } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const email = `captain-${Date.now()}@boat.test`;
    const account = await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email,
      password: CUSTOMER_PASSWORD,
    });
    const grant = await db()
      .db.selectFrom('access_grants')
      .select('id')
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    const captain = h.agent();
    const portal = `/api/portal/${yard.slug}`;
    expect((await captain.post(`${portal}/sign-in`, { email, password: CUSTOMER_PASSWORD })).statusCode).toBe(
      200,
    );
    const device = softAuthenticator();
    const added = async (name: string) => {
      const opts = await captain.post(`${portal}/me/passkeys/options`, {});
      const res = await captain.post(`${portal}/me/passkeys`, {
        name,
        credential: device.register(opts.json().options),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().passkeys.find((p: { name: string }) => p.name === name).id as string;
    };
    const phone = await added('Sam’s phone');
    await added('Sam’s tablet');
    const removed = await captain.post(`${portal}/me/passkeys/${phone}/remove`, {});
    expect(removed.statusCode, removed.body).toBe(200);

    // Recorded as the captain's own account, not on the owner's record the session acted for.
    const rows = () =>
      db()
        .db.selectFrom('audit_log')
        .select(['actor_kind', 'actor_account_id', 'entity', 'entity_id', 'customer_id', 'action'])
        .where('yard_id', '=', yard.id)
        .where('action', 'like', 'passkey%')
        .orderBy('at')
        .orderBy('id')
        .execute();
    const own = { entity: 'account', entity_id: account.id, customer_id: null };
    expect(await rows()).toEqual([
      { actor_kind: 'customer', actor_account_id: account.id, ...own, action: 'passkey added' },
      { actor_kind: 'customer', actor_account_id: account.id, ...own, action: 'passkey added' },
      { actor_kind: 'customer', actor_account_id: account.id, ...own, action: 'passkey removed' },
    ]);

    // The office: the captain's passkeys beside their access, not among the owner's own.
    const office = await signedInStaff(h, db().db, yard.id, 'office');
    const base = `/api/staff/customers/${owner.customer.id}`;
    expect((await office.agent.get(`${base}/passkeys`)).json().passkeys).toEqual([]);
    const list = await office.agent.get(`${base}/access/${grant.id}/passkeys`);
    expect(list.statusCode, list.body).toBe(200);
    const [tablet] = list.json().passkeys;
    expect(tablet.name).toBe('Sam’s tablet');

    // A viewer may not see them, a technician may not remove them; another yard finds nothing.
    const viewer = await signedInStaff(h, db().db, yard.id, 'viewer');
    expect((await viewer.agent.get(`${base}/access/${grant.id}/passkeys`)).statusCode).toBe(403);
    const tech = await signedInStaff(h, db().db, yard.id, 'technician');
    expect((await tech.agent.delete(`${base}/access/${grant.id}/passkeys/${tablet.id}`)).statusCode).toBe(
      403,
    );
    const other = await makeYard(db().db);
    const stranger = h.agent();
    await stranger.signInStaff(other.staff.email, STAFF_PASSWORD);
    expect((await stranger.get(`${base}/access/${grant.id}/passkeys`)).statusCode).toBe(404);
    expect((await stranger.delete(`${base}/access/${grant.id}/passkeys/${tablet.id}`)).statusCode).toBe(404);
    // Another customer's grant id does not reach this one's passkeys.
    const someoneElse = await signedInCustomer(h, db().db, yard);
    expect(
      (await office.agent.get(`/api/staff/customers/${someoneElse.customer.id}/access/${grant.id}/passkeys`))
        .statusCode,
    ).toBe(404);

    const gone = await office.agent.delete(`${base}/access/${grant.id}/passkeys/${tablet.id}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json().passkeys).toEqual([]);
    const last = (await rows()).at(-1);
    expect(last).toMatchObject({ actor_kind: 'staff', ...own, action: 'passkey removed' });
    const mails = await h.sink.waitForMail(email, 4);
    expect(mails.map((m) => m.parsed.text).join('\n')).toContain(
      `${yard.name} removed the passkey "Sam’s tablet"`,
    );
  });
});
