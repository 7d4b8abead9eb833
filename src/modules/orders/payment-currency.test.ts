import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, newKey, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { customerActor } from '../audit/audit-actor.js';
import { ownPrincipal } from '../auth/sessions.js';
import type { ChargeRequest, PaymentProvider } from './payment-provider.js';
import { createPaymentsService } from './payments.service.js';

describeEachEngine('card payments and the yard currency', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it("charges the card in the yard's currency", async () => {
    const { yard } = await makeYard(db().db);
    await db().db.updateTable('yards').set({ currency: 'EUR' }).where('id', '=', yard.id).execute();
    const me = await signedInCustomer(h, db().db, yard);
    const o = await makeOrder(db().db, yard.id, me.customer.id, { status: 'invoiced', invoice: true });
    const asked: ChargeRequest[] = [];
    const provider: PaymentProvider = {
      name: 'stripe',
      synchronous: false,
      charge: async (r) => {
        asked.push(r);
        return { status: 'pending', reference: `pi_${r.attemptId}`, clientSecret: 's' };
      },
      parseWebhook: (body) => JSON.parse(body.toString()),
    };
    const principal = ownPrincipal({ yardId: yard.id, customerId: me.customer.id, accountId: me.account.id });
    await createPaymentsService(h.deps, provider).payInvoice(
      principal,
      o.invoice!.id,
      { amountCents: 5_000, idempotencyKey: newKey() },
      customerActor(principal, { ip: '127.0.0.1' }),
    );
    expect(asked.map((r) => [r.currency, r.amountCents])).toEqual([['eur', 5_000]]);
  });
});
