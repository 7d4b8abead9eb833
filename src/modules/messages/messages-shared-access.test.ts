import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import {
  INBOUND_DOMAIN,
  INBOUND_TOKEN,
  mailJobDone,
  postMessage,
  replyMime,
} from '../../../test/support/messages.js';
import { CUSTOMER_PASSWORD, makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount, makePortalCustomer } from '../../../test/support/portal-accounts.js';

/**
 * Messages and shared access (docs/messages.md, docs/shared-access.md): a captain the owner
 * shared one boat with hears from the yard about that boat's order, answers by email from
 * their own address, and reaches neither the other boat's thread nor its emails.
 */
describeEachEngine('messages with a captain', (db) => {
  let h: Harness;
  const greylisted = new Set<string>();
  beforeAll(async () => {
    h = await startHarness(db(), {
      config: { inboundEmail: { domain: INBOUND_DOMAIN, token: INBOUND_TOKEN } },
      rejectRecipient: (a) => a.startsWith('bounce'),
      // A greylisting mail server: the first attempt to each greylist-… address is put off.
      deferRecipient: (a) => a.startsWith('greylist') && !greylisted.has(a) && !!greylisted.add(a),
    });
  });
  afterAll(() => h.close());

  it("the captain of one boat gets the yard's messages about it, replies by email, and reaches nothing else", async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const a = await makeOrder(db().db, yard.id, owner.customer.id, { status: 'in_progress' });
    const b = await makeOrder(db().db, yard.id, owner.customer.id, { status: 'in_progress' });
    const captainEmail = `captain-${Date.now()}@boat.test`;
    const account = await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email: captainEmail,
      boatId: a.boat.id,
      password: CUSTOMER_PASSWORD,
    });

    // A second person, for every boat, whose mailbox the mail server refuses for good: the
    // message is not sent again to the others for it.
    await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email: `bounce-${Date.now()}@boat.test`,
      name: 'Old Crew',
    });

    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const write = async (orderId: string, body: string) => {
      const res = await postMessage(office, `/api/staff/orders/${orderId}/messages`, [
        { name: 'body', value: body },
      ]);
      expect(res.statusCode, res.body).toBe(201);
      await mailJobDone(h, res.json().message.id);
    };
    await write(b.order.id, 'The other boat is ready.');
    await write(a.order.id, 'Blue Heron is hauled; the survey is on Monday.');

    // The owner hears of both, once each; the captain of boat a of that boat only, greeted by name.
    expect(h.sink.mailTo(owner.customer.email!)).toHaveLength(2);
    const toCaptain = h.sink.mailTo(captainEmail);
    expect(toCaptain.map((m) => m.parsed.text?.includes('survey is on Monday'))).toEqual([true]);
    expect(toCaptain[0].parsed.text).toMatch(/^Hi Sam,/);

    // The captain answers from their own address: the reply is theirs in the thread.
    const replyTo = toCaptain[0].parsed.replyTo!.value[0].address!;
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/inbound/email',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${INBOUND_TOKEN}` },
      payload: replyMime({
        from: captainEmail,
        to: replyTo,
        text: 'I will be there at nine.\r\n\r\n> Blue Heron is hauled',
      }),
    });
    expect(res.json()).toEqual({ accepted: true });
    const written = await db()
      .db.selectFrom('messages')
      .select(['body', 'account_id', 'via', 'author'])
      .where('yard_id', '=', yard.id)
      .where('via', '=', 'email')
      .execute();
    expect(written).toEqual([
      { body: 'I will be there at nine.', account_id: account.id, via: 'email', author: 'customer' },
    ]);

    // Staff read it as the captain's, not the owner's.
    const seen = (await office.get(`/api/staff/orders/${a.order.id}/messages`)).json().messages;
    expect(seen.find((m: { via: string }) => m.via === 'email')).toMatchObject({
      authorName: 'Sam Rivers',
      body: 'I will be there at nine.',
    });

    // Someone else writing to that address is dropped.
    const stranger = await h.app.inject({
      method: 'POST',
      url: '/api/inbound/email',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${INBOUND_TOKEN}` },
      payload: replyMime({ from: 'someone@else.test', to: replyTo, text: 'Hello' }),
    });
    expect(stranger.json()).toMatchObject({ accepted: false });

    // In the portal the captain reaches the shared boat's thread only.
    const captain = h.agent();
    const signIn = await captain.post(`/api/portal/${yard.slug}/sign-in`, {
      email: captainEmail,
      password: CUSTOMER_PASSWORD,
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const list = await captain.get(`/api/portal/${yard.slug}/messages`);
    expect(
      list
        .json()
        .threads.map((t: { orderId: string | null }) => t.orderId)
        .filter(Boolean),
    ).toEqual([a.order.id]);
    expect((await captain.get(`/api/portal/${yard.slug}/orders/${a.order.id}/messages`)).statusCode).toBe(
      200,
    );
    expect((await captain.get(`/api/portal/${yard.slug}/orders/${b.order.id}/messages`)).statusCode).toBe(
      404,
    );
  });

  it('a message put off for one person with access is sent to them alone later; nobody gets it twice', async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const order = await makeOrder(db().db, yard.id, owner.customer.id, { status: 'in_progress' });
    const crew = `crew-${Date.now()}@boat.test`;
    const late = `greylist-${Date.now()}@boat.test`;
    for (const [email, name] of [
      [crew, 'Cal Crew'],
      [late, 'Gil Late'],
    ])
      await grantedAccount(db().db, { yardId: yard.id, ownerCustomerId: owner.customer.id, email, name });
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const res = await postMessage(office, `/api/staff/orders/${order.order.id}/messages`, [
      { name: 'body', value: 'The survey is booked.' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    await mailJobDone(h, res.json().message.id);
    expect(greylisted.has(late)).toBe(true);
    await h.sink.waitForMail(late, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sink.mailTo(owner.customer.email!)).toHaveLength(1);
    expect(h.sink.mailTo(crew)).toHaveLength(1);
    expect(h.sink.mailTo(late).map((m) => m.parsed.text)).toEqual([
      expect.stringContaining('The survey is booked.'),
    ]);
  });

  it("a grantee's own email choices count: one who turned messages off on their own record is not mailed", async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const a = await makeOrder(db().db, yard.id, owner.customer.id, { status: 'in_progress' });
    const crew = `crew-${Date.now()}@boat.test`;
    await grantedAccount(db().db, { yardId: yard.id, ownerCustomerId: owner.customer.id, email: crew });
    // A captain who is a customer too, with message emails turned off on their own record.
    const quiet = await makePortalCustomer(db().db, yard.id, { email: `quiet-${Date.now()}@boat.test` });
    await db()
      .db.insertInto('access_grants')
      .values({
        yard_id: yard.id,
        owner_customer_id: owner.customer.id,
        email: quiet.account.login_email,
        name: 'Quinn Quiet',
        role: 'pay',
        account_id: quiet.account.id,
        invited_at: new Date(),
        accepted_at: new Date(),
      })
      .execute();
    await db()
      .db.insertInto('notification_preferences')
      .values({
        yard_id: yard.id,
        customer_id: quiet.customer.id,
        job_updates: true,
        messages: false,
        estimates: true,
        invoices: true,
        reminders: true,
        updated_at: new Date(),
      })
      .execute();
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const res = await postMessage(office, `/api/staff/orders/${a.order.id}/messages`, [
      { name: 'body', value: 'Launch is at ten.' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    await mailJobDone(h, res.json().message.id);
    expect(h.sink.mailTo(crew)).toHaveLength(1);
    expect(h.sink.mailTo(quiet.account.login_email)).toHaveLength(0);
  });
});
