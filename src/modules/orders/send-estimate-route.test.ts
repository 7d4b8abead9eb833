import { afterAll, beforeAll, expect, it } from 'vitest';
import { billingYard } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { orderWithLines } from '../../../test/support/estimate-fixtures.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';

describeEachEngine('POST /api/staff/orders/:id/send-estimate', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('sends the newest version as sending the estimate itself does: an expired draft is refused', async () => {
    const y = await billingYard(h, db().db);
    const { order } = await orderWithLines(db().db, y.yard.id, y.me.customer.id);
    const draft = await y.agent.post(`/api/staff/orders/${order.id}/estimates`, {});
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().estimate.id as string;
    await db().db.updateTable('estimates').set({ valid_until: '2020-01-01' }).where('id', '=', id).execute();

    const expired = await y.agent.post(`/api/staff/orders/${order.id}/send-estimate`);
    expect(expired.statusCode, expired.body).toBe(422);
    expect(expired.json().message).toMatch(/expiry date has passed/);
    const row = await db()
      .db.selectFrom('estimates')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');

    await db().db.updateTable('estimates').set({ valid_until: '2999-01-01' }).where('id', '=', id).execute();
    const sent = await y.agent.post(`/api/staff/orders/${order.id}/send-estimate`);
    expect(sent.statusCode, sent.body).toBe(200);
    const after = await db()
      .db.selectFrom('estimates')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('sent');
  });
});
