import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { approval, orderWithLines } from '../../../test/support/estimate-fixtures.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { signedInCustomer } from '../../../test/support/order-fixtures.js';
import { pdfText } from '../../../test/support/pdf-text.js';

describeEachEngine('estimate versions: drafted from the lines, sent, revised, answered', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function setup() {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const { order } = await orderWithLines(db().db, yard.id, me.customer.id);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, me, order, agent };
  }
  const today = () => h.clock.now().toISOString().slice(0, 10);
  const plusDays = (n: number) => {
    const d = new Date(`${today()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };

  async function draftAndSend(s: Awaited<ReturnType<typeof setup>>) {
    const created = await s.agent.post(`/api/staff/orders/${s.order.id}/estimates`);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().estimate.id as string;
    const sent = await s.agent.post(`/api/staff/estimates/${id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    return { id, estimate: sent.json().estimate };
  }

  it('a draft is made from the order lines with exact totals, and stays out of the portal until sent', async () => {
    const s = await setup();
    const res = await s.agent.post(`/api/staff/orders/${s.order.id}/estimates`);
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json().estimate;
    expect(e).toMatchObject({
      status: 'draft',
      version: 1,
      subtotalCents: 84_997,
      taxCents: 4_057,
      totalCents: 89_054,
      taxRates: { labor: 500, parts: 725, fees: 300 },
      validUntil: plusDays(30),
      canSend: true,
      canEdit: true,
    });
    expect(
      e.lineItems.map((l: { totalCents: number; optional: boolean }) => [l.totalCents, l.optional]),
    ).toEqual([
      [18_000, false],
      [26_997, false],
      [40_000, true],
    ]);
    expect(e.lineItems[0]).toMatchObject({ technician: 'Sam Okafor', quantity: '1.5' });

    // A second draft on the same order is refused: the open one is refreshed instead.
    const again = await s.agent.post(`/api/staff/orders/${s.order.id}/estimates`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ESTIMATE_DRAFT_EXISTS');

    // The expiry date of a draft is staff's to change.
    const patched = await s.agent.patch(`/api/staff/estimates/${e.id}`, { validUntil: plusDays(10) });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().estimate.validUntil).toBe(plusDays(10));

    // Order lines changed: the draft is made again from them.
    await db()
      .db.updateTable('line_items')
      .set({ quantity: '2' })
      .where('order_id', '=', s.order.id)
      .where('description', '=', 'Haul and block')
      .execute();
    const refreshed = await s.agent.post(`/api/staff/estimates/${e.id}/refresh`);
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    // labour 24,000 (tax 1,200): subtotal 90,997, tax 4,357, total 95,354.
    expect(refreshed.json().estimate).toMatchObject({
      subtotalCents: 90_997,
      taxCents: 4_357,
      totalCents: 95_354,
    });
    expect(refreshed.json().estimate.validUntil).toBe(plusDays(10));

    const portal = (await s.me.agent.get(`/api/portal/${s.yard.slug}/orders/${s.order.id}`)).json();
    expect(portal.estimates).toEqual([]);
    expect(portal.order.totalCents).toBe(0);
    const pdf = await s.me.agent.get(`/api/portal/${s.yard.slug}/estimates/${e.id}/pdf`);
    expect(pdf.statusCode).toBe(404);
  });

  it('sending emails the link and the PDF; re-sending sends the same version again', async () => {
    const s = await setup();
    const { id, estimate } = await draftAndSend(s);
    expect(estimate.status).toBe('sent');
    const [mail] = await h.sink.waitForMail(s.me.customer.email!, 1);
    expect(mail.parsed.text).toContain(`/portal/${s.yard.slug}/orders/${s.order.id}`);
    const att = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(att?.filename).toBe(`estimate-${estimate.number}.pdf`);
    const { text } = pdfText(att!.content);
    expect(text).toContain(s.yard.name);
    expect(text).toContain('Shrink wrap');
    expect(text).toContain('Tax on parts (7.25 %)');
    expect(text).toContain('$890.54');

    const history = (await s.me.agent.get(`/api/portal/${s.yard.slug}/orders/${s.order.id}`)).json();
    expect(history.order.status).toBe('estimate_sent');
    expect(history.statusHistory.at(-1)).toMatchObject({
      from: 'open_estimate',
      to: 'estimate_sent',
      by: 'staff',
    });

    const resent = await s.agent.post(`/api/staff/estimates/${id}/send`);
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json().estimate).toMatchObject({ id, version: 1, status: 'sent', sentAt: estimate.sentAt });
    const mails = await h.sink.waitForMail(s.me.customer.email!, 2);
    expect(mails[1].parsed.attachments).toHaveLength(1);
    const list = (await s.agent.get(`/api/staff/orders/${s.order.id}/estimates`)).json();
    expect(list.estimates).toHaveLength(1);

    // Sent versions are never changed by staff.
    for (const res of [
      await s.agent.post(`/api/staff/estimates/${id}/refresh`),
      await s.agent.patch(`/api/staff/estimates/${id}`, { validUntil: plusDays(5) }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('ESTIMATE_NOT_DRAFT');
    }
  });

  it('accepting with an optional line declined freezes what was accepted; a revision must be accepted again', async () => {
    const s = await setup();
    const { id, estimate } = await draftAndSend(s);
    const [labour, , wrap] = estimate.lineItems;
    const url = `/api/portal/${s.yard.slug}/estimates/${id}/accept`;

    const notOptional = await s.me.agent.post(url, approval([labour.id]));
    expect(notOptional.statusCode).toBe(422);
    expect(notOptional.json().code).toBe('LINE_NOT_OPTIONAL');

    const ok = await s.me.agent.post(url, approval([wrap.id]));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().order.status).toBe('in_progress');
    const acc = ok.json().estimates[0].acceptance;
    expect(acc).toMatchObject({
      subtotalCents: 44_997,
      taxCents: 2_857,
      totalCents: 47_854,
      declinedLineIds: [wrap.id],
    });
    expect(
      acc.lines.map((l: { description: string; accepted: boolean }) => [l.description, l.accepted]),
    ).toEqual([
      ['Haul and block', true],
      ['Bottom paint (gal)', true],
      ['Shrink wrap', false],
    ]);

    // Staff see the answer, and the accepted PDF marks the declined line.
    const staffList = (await s.agent.get(`/api/staff/orders/${s.order.id}/estimates`)).json();
    expect(staffList.estimates[0].acceptance.declinedLineIds).toEqual([wrap.id]);
    const accepted = await s.agent.get(`/api/staff/estimates/${id}/pdf`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.headers['content-type']).toBe('application/pdf');
    const acceptedText = pdfText(accepted.rawPayload).text;
    expect(acceptedText).toContain('Declined by the customer — not included');
    expect(acceptedText).toContain('$478.54');

    // The order changes: more paint, a new line. Staff revise.
    await db()
      .db.updateTable('line_items')
      .set({ quantity: '4' })
      .where('order_id', '=', s.order.id)
      .where('description', '=', 'Bottom paint (gal)')
      .execute();
    await db()
      .db.insertInto('line_items')
      .values({
        yard_id: s.yard.id,
        order_id: s.order.id,
        position: 4,
        kind: 'part',
        description: 'Zinc anode',
        quantity: '2',
        unit_price_cents: 2_500,
        total_cents: 5_000,
        tax_class: 'parts',
      })
      .execute();
    const revised = await s.agent.post(`/api/staff/estimates/${id}/revise`);
    expect(revised.statusCode, revised.body).toBe(201);
    const v2 = revised.json().estimate;
    expect(v2).toMatchObject({ number: estimate.number, version: 2, previousId: id, status: 'draft' });
    expect((await s.agent.post(`/api/staff/estimates/${id}/revise`)).json().code).toBe(
      'ESTIMATE_DRAFT_EXISTS',
    );

    // Until v2 is sent, v1 stays as the customer left it.
    let list = (await s.agent.get(`/api/staff/orders/${s.order.id}/estimates`)).json();
    expect(list.estimates.map((e: { version: number; status: string }) => [e.version, e.status])).toEqual([
      [2, 'draft'],
      [1, 'accepted'],
    ]);
    expect((await s.agent.post(`/api/staff/estimates/${v2.id}/send`)).statusCode).toBe(200);
    list = (await s.agent.get(`/api/staff/orders/${s.order.id}/estimates`)).json();
    expect(list.estimates.map((e: { version: number; status: string }) => [e.version, e.status])).toEqual([
      [2, 'sent'],
      [1, 'superseded'],
    ]);
    // The superseded version keeps its acceptance, readable.
    expect(list.estimates[1].acceptance.totalCents).toBe(47_854);

    const [, mail2] = await h.sink.waitForMail(s.me.customer.email!, 2);
    expect(mail2.parsed.subject).toContain('(version 2)');

    // The portal shows what changed against what was accepted, and asks again.
    const portal = (await s.me.agent.get(`/api/portal/${s.yard.slug}/orders/${s.order.id}`)).json();
    const [newest, older] = portal.estimates;
    expect(newest).toMatchObject({ version: 2, canRespond: true });
    expect(older).toMatchObject({ version: 1, status: 'superseded', canRespond: false });
    expect(newest.changes.againstVersion).toBe(1);
    expect(newest.changes.before.totalCents).toBe(47_854);
    expect(newest.changes.after.totalCents).toBe(v2.totalCents);
    const byDesc = Object.fromEntries(
      newest.changes.lines.map((c: { description: string; change: string }) => [c.description, c]),
    );
    expect(byDesc['Bottom paint (gal)']).toMatchObject({
      change: 'changed',
      before: { quantity: '3' },
      after: { quantity: '4' },
    });
    expect(byDesc['Zinc anode'].change).toBe('added');
    // The declined shrink wrap was not accepted, so offering it again is an addition.
    expect(byDesc['Shrink wrap'].change).toBe('added');
    expect(byDesc['Haul and block']).toBeUndefined();

    const old = await s.me.agent.post(url, approval());
    expect(old.statusCode).toBe(409);
    expect(old.json().code).toBe('ESTIMATE_SUPERSEDED');
    const v2ok = await s.me.agent.post(`/api/portal/${s.yard.slug}/estimates/${v2.id}/accept`, approval());
    expect(v2ok.statusCode, v2ok.body).toBe(200);
    expect(v2ok.json().order.status).toBe('in_progress');

    // Both versions stay downloadable by the customer.
    for (const e of [id, v2.id]) {
      const pdf = await s.me.agent.get(`/api/portal/${s.yard.slug}/estimates/${e}/pdf`);
      expect(pdf.statusCode).toBe(200);
    }
  });

  it('declining moves the order to declined with the reason; staff revise and re-send', async () => {
    const s = await setup();
    const { id } = await draftAndSend(s);
    const res = await s.me.agent.post(`/api/portal/${s.yard.slug}/estimates/${id}/decline`, {
      reason: 'Too expensive this season',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().order.status).toBe('declined');
    expect(res.json().statusHistory.at(-1)).toMatchObject({
      from: 'estimate_sent',
      to: 'declined',
      by: 'customer',
      note: 'Too expensive this season',
    });
    const row = await db()
      .db.selectFrom('order_status_history')
      .selectAll()
      .where('order_id', '=', s.order.id)
      .where('to_status', '=', 'declined')
      .executeTakeFirstOrThrow();
    expect(row.actor_account_id).toBe(s.me.account.id);

    const list = (await s.agent.get(`/api/staff/orders/${s.order.id}/estimates`)).json();
    expect(list.estimates[0]).toMatchObject({
      status: 'declined',
      declineReason: 'Too expensive this season',
      canRevise: true,
    });

    const revised = await s.agent.post(`/api/staff/estimates/${id}/revise`);
    expect(revised.statusCode, revised.body).toBe(201);
    const sent = await s.agent.post(`/api/staff/estimates/${revised.json().estimate.id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    const portal = (await s.me.agent.get(`/api/portal/${s.yard.slug}/orders/${s.order.id}`)).json();
    expect(portal.order.status).toBe('estimate_sent');
    expect(portal.estimates.map((e: { version: number; status: string }) => [e.version, e.status])).toEqual([
      [2, 'sent'],
      [1, 'superseded'],
    ]);
    // Nothing was accepted before, so there is nothing to compare.
    expect(portal.estimates[0].changes).toBeNull();
    await h.sink.waitForMail(s.me.customer.email!, 2);
  });

  it('an expired estimate is refused, and a draft whose expiry has passed is not sent', async () => {
    const s = await setup();
    const created = (await s.agent.post(`/api/staff/orders/${s.order.id}/estimates`)).json().estimate;
    await s.agent.patch(`/api/staff/estimates/${created.id}`, { validUntil: '2020-01-01' });
    const refused = await s.agent.post(`/api/staff/estimates/${created.id}/send`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toMatch(/expiry date has passed/);
    await s.agent.patch(`/api/staff/estimates/${created.id}`, { validUntil: plusDays(1) });
    expect((await s.agent.post(`/api/staff/estimates/${created.id}/send`)).statusCode).toBe(200);
    await db()
      .db.updateTable('estimates')
      .set({ valid_until: '2020-01-01' })
      .where('id', '=', created.id)
      .execute();
    const accept = await s.me.agent.post(
      `/api/portal/${s.yard.slug}/estimates/${created.id}/accept`,
      approval(),
    );
    expect(accept.statusCode).toBe(409);
    expect(accept.json().message).toMatch(/expired/);
  });

  it('another yard’s staff and another customer get 404 on every estimate route, PDFs included', async () => {
    const s = await setup();
    const { id } = await draftAndSend(s);
    const other = await makeYard(db().db);
    const stranger = h.agent();
    await stranger.signInStaff(other.staff.email, STAFF_PASSWORD);
    for (const res of [
      await stranger.get(`/api/staff/orders/${s.order.id}/estimates`),
      await stranger.post(`/api/staff/orders/${s.order.id}/estimates`),
      await stranger.patch(`/api/staff/estimates/${id}`, { validUntil: plusDays(3) }),
      await stranger.post(`/api/staff/estimates/${id}/refresh`),
      await stranger.post(`/api/staff/estimates/${id}/revise`),
      await stranger.post(`/api/staff/estimates/${id}/send`),
      await stranger.get(`/api/staff/estimates/${id}/pdf`),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
    }
    const neighbour = await signedInCustomer(h, db().db, s.yard);
    for (const res of [
      await neighbour.agent.get(`/api/portal/${s.yard.slug}/estimates/${id}/pdf`),
      await neighbour.agent.post(`/api/portal/${s.yard.slug}/estimates/${id}/accept`, approval()),
      await neighbour.agent.post(`/api/portal/${s.yard.slug}/estimates/${id}/decline`, {}),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
    }
    // Signed out: 401 before anything else.
    expect((await h.agent().get(`/api/staff/estimates/${id}/pdf`)).statusCode).toBe(401);
    // Nothing changed for the owner.
    const list = (await s.agent.get(`/api/staff/orders/${s.order.id}/estimates`)).json();
    expect(list.estimates.map((e: { status: string }) => e.status)).toEqual(['sent']);
  });
});
