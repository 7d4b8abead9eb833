import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from './factories.js';
import type { Agent, Harness } from './harness.js';

/** A yard taxing labour 5 %, parts 7 %, fees 2.5 %, a customer with a 34.5 ft boat, staff signed in. */
export async function orderYard(h: Harness, db: Kysely<DB>) {
  const { yard, staff } = await makeYard(db);
  await db
    .updateTable('yards')
    .set({ tax_labor_bp: 500, tax_parts_bp: 700, tax_fees_bp: 250 })
    .where('id', '=', yard.id)
    .execute();
  const customer = await makeCustomer(db, yard.id);
  const boat = await db
    .insertInto('boats')
    .values({ yard_id: yard.id, customer_id: customer.id, name: 'Windfall', length_ft: '34.5' })
    .returningAll()
    .executeTakeFirstOrThrow();
  const agent = h.agent();
  await agent.signInStaff(staff.email, STAFF_PASSWORD);
  return { yard, staff, customer, boat, agent };
}

export const newOrder = async (agent: Agent, customerId: string, boatId: string, extra: object = {}) => {
  const res = await agent.post('/api/staff/orders', {
    customerId,
    boatId,
    title: 'Spring commissioning',
    ...extra,
  });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; number: number; status: string };
};
