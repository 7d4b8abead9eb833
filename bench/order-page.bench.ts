/**
 * Staff order page benchmark: `npx tsx bench/order-page.bench.ts`.
 *
 * One order with 200 working lines, a status history and a portal request, read through
 * the real app (`GET /api/staff/orders/:id`, in-process requests, signed in as staff) on
 * an in-memory PGlite and, when it answers, the local PostgreSQL (a database of its own,
 * dropped after). Prints p50/p95/p99 of BENCH_ORDER_READS reads (default 300) after 20
 * warm-up reads. Numbers: docs/orders.md.
 */

import { type EngineName, openTestDatabase } from '../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../test/support/factories.js';
import { startHarness } from '../test/support/harness.js';

const READS = Number(process.env.BENCH_ORDER_READS ?? 300);
const LINES = 200;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function run(engine: EngineName) {
  const database = await openTestDatabase(engine);
  const h = await startHarness(database, { worker: false });
  try {
    const db = database.db;
    const { yard, staff } = await makeYard(db);
    await db
      .updateTable('yards')
      .set({ tax_labor_bp: 500, tax_fees_bp: 250 })
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
    const created = await agent.post('/api/staff/orders', {
      customerId: customer.id,
      boatId: boat.id,
      title: 'Refit',
    });
    const orderId = created.json().id as string;
    const kinds = ['labor', 'part', 'fee', 'per_foot'] as const;
    const lines = Array.from({ length: LINES }, (_, i) => ({
      kind: kinds[i % kinds.length],
      description: `Line ${i + 1} of the refit`,
      quantity: i % 4 === 3 ? undefined : `${(i % 7) + 1}.25`,
      unitPriceCents: 1_000 + i * 37,
      note: i % 5 === 0 ? 'Check with the owner first' : undefined,
    }));
    const put = await agent.put(`/api/staff/orders/${orderId}/lines`, { lines });
    if (put.statusCode !== 200) throw new Error(`lines: ${put.statusCode} ${put.body}`);
    for (const to of ['in_progress', 'invoiced', 'in_progress']) {
      await agent.post(`/api/staff/orders/${orderId}/status`, { to });
    }

    const url = `/api/staff/orders/${orderId}`;
    for (let i = 0; i < 20; i++) await agent.get(url);
    const times: number[] = [];
    for (let i = 0; i < READS; i++) {
      const t0 = performance.now();
      const res = await agent.get(url);
      times.push(performance.now() - t0);
      if (res.statusCode !== 200) throw new Error(`read: ${res.statusCode}`);
      if (i === 0 && res.json().lines.length !== LINES) throw new Error('not all lines read');
    }
    times.sort((a, b) => a - b);
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log(
      `${engine.padEnd(8)} GET /api/staff/orders/:id, ${LINES} lines, ${READS} reads: ` +
        `p50 ${ms(pct(times, 0.5))}  p95 ${ms(pct(times, 0.95))}  p99 ${ms(pct(times, 0.99))}`,
    );
  } finally {
    await h.close();
    await database.close();
  }
}

await run('pglite');
try {
  await run('postgres');
} catch (err) {
  console.log(`postgres skipped: ${(err as Error).message}`);
}
process.exit(0);
