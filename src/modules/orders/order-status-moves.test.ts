import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newOrder, orderYard } from '../../../test/support/order-editing-fixtures.js';
import type { OrderStatus } from '../../shared/api-types.js';
import {
  statusAfterAcceptance,
  statusAfterDecline,
  statusAfterEstimateSent,
  statusAfterInvoiceSent,
  statusAfterPayment,
} from './order-status.js';
import { ORDER_STATUSES } from './order-statuses.js';
import { canMoveByHand, canTransition, TRANSITIONS } from './order-transitions.js';

describe('automatic status rules stay inside the transition table', () => {
  const payments = [
    [],
    [{ totalCents: 1000, paidCents: 1000, depositCents: null }],
    [{ totalCents: 1000, paidCents: 10, depositCents: null }],
    [{ totalCents: 1000, paidCents: 300, depositCents: 300 }],
  ];
  const rules: [string, (s: OrderStatus) => OrderStatus][] = [
    ['acceptance', statusAfterAcceptance],
    ['decline', statusAfterDecline],
    ['estimate sent', statusAfterEstimateSent],
    ['invoice sent', statusAfterInvoiceSent],
    ...payments.map((p, i): [string, (s: OrderStatus) => OrderStatus] => [
      `payment #${i}`,
      (s) => statusAfterPayment(s, p),
    ]),
  ];
  it.each(ORDER_STATUSES)('from %s every rule stays put or makes an allowed move', (from) => {
    for (const [name, rule] of rules) {
      const to = rule(from);
      expect(to === from || canTransition(from, to), `${name}: ${from} → ${to}`).toBe(true);
    }
  });

  it('a declined estimate moves only a waiting order to declined', () => {
    expect(statusAfterDecline('estimate_sent')).toBe('declined');
    expect(statusAfterDecline('awaiting_acceptance')).toBe('declined');
    for (const s of ORDER_STATUSES.filter((s) => s !== 'estimate_sent' && s !== 'awaiting_acceptance')) {
      expect(statusAfterDecline(s)).toBe(s);
    }
  });

  it('money arriving on an order the table cannot move to paid leaves it where it is', () => {
    // requested → paid is not a move the table allows.
    expect(statusAfterPayment('requested', payments[1])).toBe('requested');
    expect(statusAfterPayment('invoiced', payments[1])).toBe('paid');
  });
});

describeEachEngine('staff status moves: every (from, to) pair through the API', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('allowed moves succeed and are recorded with who and when; refused ones are 409 and change nothing', async () => {
    const { yard, staff, customer, boat, agent } = await orderYard(h, db().db);
    h.clock.advance(90_000);
    const when = h.clock.now();
    const template = await newOrder(agent, customer.id, boat.id);
    let allowed = 0;
    let refused = 0;
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const order = await db()
          .db.insertInto('orders')
          .values({
            yard_id: yard.id,
            customer_id: customer.id,
            boat_id: boat.id,
            number: 50_000 + allowed + refused,
            title: `${from} → ${to}`,
            status: from,
          })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        const res = await agent.post(`/api/staff/orders/${order.id}/status`, { to, note: 'by hand' });
        const history = await db()
          .db.selectFrom('order_status_history')
          .selectAll()
          .where('order_id', '=', order.id)
          .execute();
        const stored = await db()
          .db.selectFrom('orders')
          .select('status')
          .where('id', '=', order.id)
          .executeTakeFirstOrThrow();
        if (canMoveByHand(from, to)) {
          allowed++;
          expect(res.statusCode, `${from} → ${to}: ${res.body}`).toBe(200);
          expect(res.json().order.status).toBe(to);
          expect(stored.status).toBe(to);
          expect(history).toHaveLength(1);
          expect(history[0]).toMatchObject({
            from_status: from,
            to_status: to,
            actor_staff_id: staff.id,
            note: 'by hand',
          });
          expect(history[0].changed_at.toISOString()).toBe(when.toISOString());
          expect(res.json().statusHistory.at(-1)).toMatchObject({ from, to, by: staff.name });
        } else {
          refused++;
          expect(res.statusCode, `${from} → ${to}`).toBe(409);
          expect(res.json().code).toBe('STATUS_MOVE_REFUSED');
          expect(res.json().message).toContain(from.replace(/_/g, ' '));
          expect(res.json().message).toContain(to.replace(/_/g, ' '));
          // In the table but money-driven (paid, invoiced, …): the answer says what to do instead.
          if (canTransition(from, to)) expect(res.json().message).toMatch(/by hand.*record the payment/);
          expect(stored.status).toBe(from);
          expect(history).toEqual([]);
        }
      }
    }
    expect(allowed + refused).toBe(144);
    // The table's shape, written out: a mistake in it shows up here, not only in the loop above.
    // 57 moves in the table, of which these 26 end in a status staff set by hand.
    expect(ORDER_STATUSES.flatMap((f) => TRANSITIONS[f]).length).toBe(57);
    expect(allowed).toBe(26);
    // A reopened order and a completed one keep their completion date in step.
    const done = await agent.post(`/api/staff/orders/${template.id}/status`, { to: 'in_progress' });
    expect(done.statusCode).toBe(200);
    const completed = await agent.post(`/api/staff/orders/${template.id}/status`, { to: 'completed' });
    expect(completed.json().order.completedAt).toBe(when.toISOString());
    const reopened = await agent.post(`/api/staff/orders/${template.id}/status`, { to: 'in_progress' });
    expect(reopened.json().order.completedAt).toBeNull();
  });
});
