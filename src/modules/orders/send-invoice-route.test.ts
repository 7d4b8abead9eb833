import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptedEstimateOrder, billingYard, sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import type { OrderBillingResponse } from '../../shared/api-types.js';

describeEachEngine('POST /api/staff/orders/:id/send-invoice', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it('sends the newest draft invoice, not a newer credit note, and sets its due date', async () => {
    const y = await billingYard(h, db().db);
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const billing = async () =>
      (await y.agent.get(`/api/staff/orders/${o.order.id}/billing`)).json() as OrderBillingResponse;
    const first = await sentInvoice(y.agent, o.order.id, { from: 'estimate', estimateId: o.estimate!.id });
    await h.sink.waitForMail(y.me.customer.email!, 1);
    const draft = await y.agent.post(`/api/staff/orders/${o.order.id}/invoices`, {
      from: 'deposit',
      amountCents: 10_000,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const draftId = draft.json().invoiceId as string;
    // The due date is set when the invoice is sent, whatever the draft said.
    await db().db.updateTable('invoices').set({ due_on: null }).where('id', '=', draftId).execute();
    // A credit note made after the draft is the newest invoice of the order.
    const credit = await y.agent.post(`/api/staff/invoices/${first}/credit-note`, {
      amountCents: 500,
      reason: 'Scratch on the rail',
    });
    expect(credit.statusCode, credit.body).toBe(200);

    const res = await y.agent.post(`/api/staff/orders/${o.order.id}/send-invoice`);
    expect(res.statusCode, res.body).toBe(200);
    const sent = (await billing()).invoices.find((i) => i.id === draftId)!;
    expect(sent.status).toBe('open');
    const due = new Date(Date.parse(sent.issuedAt!) + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(sent.dueOn).toBe(due);
    const mails = await h.sink.waitForMail(y.me.customer.email!, 2);
    expect(mails[1]!.parsed.subject).toContain(`#${sent.number}`);

    // Nothing left as a draft: a clear 409, and nothing is sent again.
    const again = await y.agent.post(`/api/staff/orders/${o.order.id}/send-invoice`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('NO_INVOICE');
    expect(again.json().message).toMatch(/no draft invoice to send/);
  });
});
