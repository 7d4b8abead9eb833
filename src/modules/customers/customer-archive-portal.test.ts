import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount } from '../../../test/support/portal-accounts.js';

/** Every password-reset-request job of this address has finished. */
async function resetRequestDone(h: Harness, email: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { rows } = await sql<{ state: string }>`
      SELECT state FROM pgboss.job WHERE name = 'password-reset-request' AND data->>'email' = ${email}`.execute(
      h.deps.database.db,
    );
    if (rows.length > 0 && rows.every((r) => r.state === 'completed')) return;
    if (Date.now() > deadline) throw new Error(`reset request for ${email}: ${rows.map((r) => r.state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachEngine('an archived customer and the portal', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it('archiving ends their sessions, sign-in says the access is closed, no reset link; restoring opens it again', async () => {
    const { yard, staff } = await makeYard(db().db, 'Harbor Point Marine');
    await db().db.updateTable('yards').set({ phone: '(305) 555-0100' }).where('id', '=', yard.id).execute();
    const { customer, agent: portal } = await signedInCustomer(h, db().db, yard);
    const other = await signedInCustomer(h, db().db, yard);
    const me = `/api/portal/${yard.slug}/me`;
    expect((await portal.get(me)).statusCode).toBe(200);

    const staffAgent = h.agent();
    await staffAgent.signInStaff(staff.email, STAFF_PASSWORD);
    const archived = await staffAgent.post(`/api/staff/customers/${customer.id}/archive`);
    expect(archived.statusCode, archived.body).toBe(200);

    // Out at once; another customer of the yard is not.
    expect((await portal.get(me)).statusCode).toBe(401);
    expect((await other.agent.get(me)).statusCode).toBe(200);

    // The right password hears why; a wrong one hears nothing more than anyone else.
    const signIn = (password: string) =>
      h.agent().post(`/api/portal/${yard.slug}/sign-in`, { email: customer.email, password });
    const closed = await signIn(CUSTOMER_PASSWORD);
    expect(closed.statusCode).toBe(403);
    expect(closed.json()).toMatchObject({
      code: 'PORTAL_ACCESS_CLOSED',
      message: `${yard.name} has closed your portal access. Contact the yard at (305) 555-0100 or ${yard.email} if you need it again.`,
    });
    expect(closed.headers['set-cookie']?.toString() ?? '').not.toMatch(/slipway_portal=[^;]/);
    expect((await signIn('not the password at all')).json().code).toBe('BAD_CREDENTIALS');

    // "Forgot password?" answers as for anyone, and issues no link.
    const forgot = await h
      .agent()
      .post(`/api/portal/${yard.slug}/password/forgot`, { email: customer.email });
    expect(forgot.statusCode).toBe(202);
    await resetRequestDone(h, customer.email!);
    const links = await db()
      .db.selectFrom('password_resets')
      .select('id')
      .where('yard_id', '=', yard.id)
      .execute();
    expect(links).toEqual([]);

    const restored = await staffAgent.post(`/api/staff/customers/${customer.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    const back = await signIn(CUSTOMER_PASSWORD);
    expect(back.statusCode, back.body).toBe(200);
  });

  it('archiving closes the record to those it was shared with: their sessions end, and a session that survived is refused', async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const email = `captain-${Date.now()}@boat.test`;
    await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email,
      role: 'pay',
      password: CUSTOMER_PASSWORD,
    });
    const captainSignsIn = async () => {
      const agent = h.agent();
      const res = await agent.post(`/api/portal/${yard.slug}/sign-in`, {
        email,
        password: CUSTOMER_PASSWORD,
      });
      return { agent, res };
    };
    const me = `/api/portal/${yard.slug}/me`;
    const first = await captainSignsIn();
    expect(first.res.statusCode, first.res.body).toBe(200);
    expect((await first.agent.get(me)).statusCode).toBe(200);

    // Archived in the dashboard: the captain's session ends with the owner's.
    const desk = h.agent();
    await desk.signInStaff(staff.email, STAFF_PASSWORD);
    expect((await desk.post(`/api/staff/customers/${owner.customer.id}/archive`)).statusCode).toBe(200);
    expect((await first.agent.get(me)).statusCode).toBe(401);
    expect((await captainSignsIn()).res.statusCode).not.toBe(200);

    // Restored, the captain signs in again; archived behind the app's back, the session is refused all the same.
    expect((await desk.post(`/api/staff/customers/${owner.customer.id}/restore`)).statusCode).toBe(200);
    const again = await captainSignsIn();
    expect(again.res.statusCode, again.res.body).toBe(200);
    await db()
      .db.updateTable('customers')
      .set({ archived_at: new Date() })
      .where('id', '=', owner.customer.id)
      .execute();
    expect((await again.agent.get(me)).statusCode).toBe(401);
  });
});
