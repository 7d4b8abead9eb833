// Longer than most: one suite for the signature checks, the snapshot, its immutability and the hold on a changed estimate, sharing one setup.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import {
  approval,
  orderWithLines,
  SIGNATURE,
  setLines,
  type WorkingLine,
} from '../../../test/support/estimate-fixtures.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newKey, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { multipartBody } from '../../../test/support/photos.js';

/**
 * Two lines the work needs and three optional ones: labour $200 (5 %), paint 2 × $90
 * (7.25 %); optional shrink wrap $400 (3 %), zincs $60 (7.25 %), wax $300 (labour, 5 %).
 * Approving the wrap and the zincs, declining the wax: 84,000 + 1,000 + 1,740 + 1,200 = 87,940.
 */
const LINES: WorkingLine[] = [
  { kind: 'labor', description: 'Haul and block', quantity: '1', unitPriceCents: 20_000, taxClass: 'labor' },
  {
    kind: 'part',
    description: 'Bottom paint (gal)',
    quantity: '2',
    unitPriceCents: 9_000,
    taxClass: 'parts',
  },
  {
    kind: 'fee',
    description: 'Shrink wrap',
    quantity: '1',
    unitPriceCents: 40_000,
    taxClass: 'fees',
    optional: true,
  },
  {
    kind: 'part',
    description: 'Zinc anodes',
    quantity: '1',
    unitPriceCents: 6_000,
    taxClass: 'parts',
    optional: true,
  },
  {
    kind: 'labor',
    description: 'Wax and polish',
    quantity: '1',
    unitPriceCents: 30_000,
    taxClass: 'labor',
    optional: true,
  },
];

describeEachEngine(
  'estimate approval: optional lines chosen, signed, and re-approved after a change',
  (db) => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(db());
    });
    afterAll(() => h.close());

    async function sentEstimate() {
      const { yard, staff } = await makeYard(db().db);
      const me = await signedInCustomer(h, db().db, yard);
      const { order } = await orderWithLines(db().db, yard.id, me.customer.id, LINES);
      const agent = h.agent();
      await agent.signInStaff(staff.email, STAFF_PASSWORD);
      const draft = (await agent.post(`/api/staff/orders/${order.id}/estimates`)).json().estimate;
      const sent = await agent.post(`/api/staff/estimates/${draft.id}/send`);
      expect(sent.statusCode, sent.body).toBe(200);
      const lines = sent.json().estimate.lineItems as { id: string; description: string }[];
      const line = (d: string) => lines.find((l) => l.description === d)!.id;
      const accept = (id: string, body: unknown) =>
        me.agent.post(`/api/portal/${yard.slug}/estimates/${id}/accept`, body, {
          headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)' },
        });
      return { yard, staff, me, order, agent, estimateId: draft.id as string, line, accept };
    }

    const snapshots = (estimateId: string) =>
      db().db.selectFrom('estimate_acceptances').selectAll().where('estimate_id', '=', estimateId).execute();

    it('refuses an approval without a proper signature, naming the field, and stores nothing', async () => {
      const s = await sentEstimate();
      const cases: [unknown, string, RegExp][] = [
        [{}, 'signature', /Sign the estimate/],
        [{ signature: { name: 'Ava Thompson' } }, 'signature.path', /Draw your signature/],
        [{ signature: { name: 'Ava Thompson', path: '' } }, 'signature.path', /Draw your signature/],
        // A dot or a tick is not a signature.
        [
          { signature: { name: 'Ava Thompson', path: 'M10 10L12 11' } },
          'signature.path',
          /empty or too small/,
        ],
        [
          { signature: { name: 'Ava Thompson', path: `M0 0${'L600 200L0 0'.repeat(1_500)}` } },
          'signature.path',
          /too detailed/,
        ],
        [
          { signature: { name: 'Ava Thompson', path: '<svg onload="alert(1)"/>' } },
          'signature.path',
          /expected format/,
        ],
        [
          { signature: { name: 'Ava Thompson', path: 'M10 10 L300 150' } },
          'signature.path',
          /expected format/,
        ],
        [
          { signature: { name: 'Ava Thompson', path: 'M10 10L900 150' } },
          'signature.path',
          /outside its box/,
        ],
        [{ signature: { path: SIGNATURE.path } }, 'signature.name', /Type your full name/],
        [{ signature: { name: '  ', path: SIGNATURE.path } }, 'signature.name', /Type your full name/],
        [{ signature: { name: 'A', path: SIGNATURE.path } }, 'signature.name', /full name/],
        [{ signature: { name: '12345', path: SIGNATURE.path } }, 'signature.name', /letters/],
        [{ signature: { name: 'Ava <b>T</b>', path: SIGNATURE.path } }, 'signature.name', /letters/],
        [{ signature: { name: 'x'.repeat(101), path: SIGNATURE.path } }, 'signature.name', /at most 100/],
        [
          { signature: { ...SIGNATURE, extra: 1 } },
          'signature',
          /./, // strict: no other fields
        ],
      ];
      for (const [body, field, message] of cases) {
        const res = await s.accept(s.estimateId, body);
        expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(422);
        expect(res.json().code).toBe('VALIDATION');
        expect(Object.keys(res.json().details.fields), JSON.stringify(body).slice(0, 80)).toContain(field);
        expect(res.json().message).toMatch(message);
      }
      expect(await snapshots(s.estimateId)).toEqual([]);
      const portal = (await s.me.agent.get(`/api/portal/${s.yard.slug}/orders/${s.order.id}`)).json();
      expect(portal.estimates[0]).toMatchObject({ status: 'sent', canRespond: true });
    });

    it('two of three optional lines approved and signed: the snapshot keeps lines, totals, name, drawing, time and address', async () => {
      const s = await sentEstimate();
      const res = await s.accept(s.estimateId, {
        declinedLineIds: [s.line('Wax and polish')],
        signature: { name: '  Ava   Thompson ', path: SIGNATURE.path },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().order.status).toBe('in_progress');

      const [snap] = await snapshots(s.estimateId);
      expect(snap).toMatchObject({
        signer_name: 'Ava Thompson',
        signature_path: SIGNATURE.path,
        ip: '127.0.0.1',
        user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)',
        account_id: s.me.account.id,
        subtotal_cents: 84_000,
        tax_cents: 3_940,
        total_cents: 87_940,
      });
      expect(snap.accepted_at.toISOString()).toBe(h.clock.now().toISOString());
      expect(
        (snap.line_items as { description: string; optional: boolean; accepted: boolean }[]).map((l) => [
          l.description,
          l.optional,
          l.accepted,
        ]),
      ).toEqual([
        ['Haul and block', false, true],
        ['Bottom paint (gal)', false, true],
        ['Shrink wrap', true, true],
        ['Zinc anodes', true, true],
        ['Wax and polish', true, false],
      ]);

      // The customer and staff see who signed, when and from where, and what was chosen.
      const signature = { name: 'Ava Thompson', path: SIGNATURE.path, ip: '127.0.0.1' };
      expect(res.json().estimates[0].acceptance).toMatchObject({
        totalCents: 87_940,
        declinedLineIds: [s.line('Wax and polish')],
        signature,
      });
      const staffView = (await s.agent.get(`/api/staff/orders/${s.order.id}/estimates`)).json().estimates[0];
      expect(staffView.acceptance).toMatchObject({ totalCents: 87_940, signature });
      const history = (await s.agent.get(`/api/staff/orders/${s.order.id}`)).json().statusHistory;
      expect(history.map((c: { note: string | null }) => c.note)).toContainEqual(
        expect.stringMatching(/approved and signed by Ava Thompson \(1 optional line declined\)/),
      );

      // The signed PDF says who signed and when, with the declined line struck out.
      for (const url of [
        `/api/staff/estimates/${s.estimateId}/pdf`,
        `/api/portal/${s.yard.slug}/estimates/${s.estimateId}/pdf`,
      ]) {
        const agent = url.startsWith('/api/staff') ? s.agent : s.me.agent;
        const pdf = await agent.get(url);
        expect(pdf.statusCode).toBe(200);
        const text = pdfText(pdf.rawPayload).text;
        expect(text).toContain('Approved and signed by Ava Thompson');
        expect(text).toContain('127.0.0.1');
        expect(text).toContain('$879.40');
        expect(text).toContain('Declined by the customer — not included');
      }
    });

    it('the database refuses to change, delete or truncate a signed snapshot', async () => {
      const s = await sentEstimate();
      expect((await s.accept(s.estimateId, approval())).statusCode).toBe(200);
      const [snap] = await snapshots(s.estimateId);
      const k = db().db;
      const refused = /cannot be changed/;
      await expect(
        k
          .updateTable('estimate_acceptances')
          .set({ signer_name: 'Someone Else' })
          .where('id', '=', snap.id)
          .execute(),
      ).rejects.toThrow(refused);
      await expect(
        k
          .updateTable('estimate_acceptances')
          .set({ signature_path: 'M0 0L600 200' })
          .where('id', '=', snap.id)
          .execute(),
      ).rejects.toThrow(refused);
      await expect(
        k
          .updateTable('estimate_acceptances')
          .set({ line_items: sql`'[]'::jsonb` })
          .where('id', '=', snap.id)
          .execute(),
      ).rejects.toThrow(refused);
      await expect(k.deleteFrom('estimate_acceptances').where('id', '=', snap.id).execute()).rejects.toThrow(
        refused,
      );
      await expect(sql`TRUNCATE estimate_acceptances`.execute(k)).rejects.toThrow(/cannot be truncated/);
      // A signed row keeps its name and drawing together: the CHECKs refuse half a signature.
      const [again] = await snapshots(s.estimateId);
      expect(again).toEqual(snap);
    });

    it('a changed estimate cannot be paid, invoiced or worked on until the customer approves and signs it again', async () => {
      const s = await sentEstimate();
      expect((await s.accept(s.estimateId, approval([s.line('Wax and polish')]))).statusCode).toBe(200);
      // A deposit was asked for on the approved estimate.
      const deposit = await sentInvoice(s.agent, s.order.id, { from: 'deposit', percent: 25 });

      // The yard changes the paint and sends version 2.
      await setLines(
        db().db,
        s.yard.id,
        s.order.id,
        LINES.map((l) => (l.description === 'Bottom paint (gal)' ? { ...l, quantity: '3' } : l)),
      );
      const v2 = (await s.agent.post(`/api/staff/estimates/${s.estimateId}/revise`)).json().estimate;
      // Only a sent version waits for the customer: a draft blocks nothing.
      expect((await s.agent.get(`/api/staff/orders/${s.order.id}`)).json().awaitingReapproval).toBeNull();
      expect((await s.agent.post(`/api/staff/estimates/${v2.id}/send`)).statusCode).toBe(200);

      const waiting = { estimateId: v2.id, number: v2.number, version: 2, status: 'sent' };
      expect((await s.agent.get(`/api/staff/orders/${s.order.id}`)).json().awaitingReapproval).toEqual(
        waiting,
      );
      const portal = (await s.me.agent.get(`/api/portal/${s.yard.slug}/orders/${s.order.id}`)).json();
      expect(portal.awaitingReapproval).toEqual(waiting);
      // The paint changed; the wax declined on version 1 is offered again.
      expect(portal.estimates[0].changes.lines).toEqual([
        expect.objectContaining({ change: 'changed', description: 'Bottom paint (gal)' }),
        expect.objectContaining({ change: 'added', description: 'Wax and polish' }),
      ]);

      const refusals = {
        portalPayment: await s.me.agent.post(
          `/api/portal/${s.yard.slug}/invoices/${deposit}/payments`,
          { amountCents: 1_000, cardNumber: '4242424242424242' },
          { headers: { 'idempotency-key': newKey() } },
        ),
        counterPayment: await s.agent.post(
          `/api/staff/invoices/${deposit}/payments`,
          { method: 'cash', amountCents: 1_000 },
          { headers: { 'idempotency-key': newKey() } },
        ),
        invoice: await s.agent.post(`/api/staff/orders/${s.order.id}/invoices`, { from: 'lines' }),
        startWork: await s.agent.post(`/api/staff/orders/${s.order.id}/status`, { to: 'in_progress' }),
        jobUpdate: await (() => {
          const { payload, contentType } = multipartBody([{ name: 'body', value: 'Paint going on today.' }]);
          return s.agent.postRaw(`/api/staff/orders/${s.order.id}/updates`, payload, contentType);
        })(),
      };
      for (const [what, res] of Object.entries(refusals)) {
        expect(res.statusCode, `${what}: ${res.body}`).toBe(409);
        expect(res.json().code, what).toBe('REAPPROVAL_PENDING');
        expect(res.json().message, what).toMatch(
          new RegExp(`Estimate #${v2.number} version 2 is waiting for the customer's re-approval`),
        );
      }
      expect(refusals.portalPayment.json().message).toMatch(/cannot be paid yet/);
      expect(refusals.startWork.json().message).toMatch(/cannot be worked on yet/);
      const counts = await db()
        .db.selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('invoice_id', '=', deposit)
        .executeTakeFirstOrThrow();
      expect(Number(counts.n)).toBe(0);
      // The customer approves and signs version 2: paying and working go on.
      const again = await s.accept(v2.id, approval());
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json().awaitingReapproval).toBeNull();
      const paid = await s.me.agent.post(
        `/api/portal/${s.yard.slug}/invoices/${deposit}/payments`,
        { amountCents: 1_000, cardNumber: '4242424242424242' },
        { headers: { 'idempotency-key': newKey() } },
      );
      expect(paid.statusCode, paid.body).toBe(200);
    });
  },
);
