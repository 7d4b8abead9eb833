/**
 * Invoice benchmark: `npm run bench` (or `npx tsx bench/invoice.bench.ts`).
 *
 * In a PostgreSQL database of its own (slipway_invoice_bench on 127.0.0.1, made afresh and
 * dropped at the end), an order with an accepted 200-line estimate (a few optional lines
 * declined) is invoiced BENCH_INVOICES times (default 200) through the invoicing service,
 * as the staff route does: number, snapshot copy, totals, invoice and 200 lines in one
 * transaction. Prints p50/p95/p99 and fails when p95 is over 100 ms.
 */
import pg from 'pg';
import { openPostgres } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { createInvoicingService } from '../src/modules/orders/invoicing.service.js';
import { systemClock } from '../src/server/clock.js';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'slipway_invoice_bench';
const RUNS = Number(process.env.BENCH_INVOICES ?? 200);
const LINES = 200;
const TARGET_P95_MS = 100;

async function admin(q: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

async function main() {
  await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${BENCH_DB}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${BENCH_DB}`;
  const database = await openPostgres(url.toString());
  try {
    await migrate(database);
    const { db } = database;
    const yard = await db
      .insertInto('yards')
      .values({
        slug: 'bench-yard',
        name: 'Bench Marina',
        tax_labor_bp: 500,
        tax_parts_bp: 725,
        tax_fees_bp: 300,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const staff = await db
      .insertInto('staff_users')
      .values({
        yard_id: yard.id,
        email: 'office@bench.test',
        name: 'Bench',
        role: 'owner',
        password_hash: 'x',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const customer = await db
      .insertInto('customers')
      .values({
        yard_id: yard.id,
        customer_number: 1,
        first_name: 'Ada',
        last_name: 'Bench',
        email: 'ada@bench.test',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const order = await db
      .insertInto('orders')
      .values({
        yard_id: yard.id,
        customer_id: customer.id,
        number: 1,
        title: 'Refit',
        status: 'in_progress',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const estimate = await db
      .insertInto('estimates')
      .values({
        yard_id: yard.id,
        order_id: order.id,
        customer_id: customer.id,
        number: 1,
        status: 'accepted',
        subtotal_cents: 0,
        tax_cents: 0,
        total_cents: 0,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const kinds = ['labor', 'part', 'fee', 'per_foot'] as const;
    const snapshot = Array.from({ length: LINES }, (_, i) => ({
      position: i + 1,
      kind: kinds[i % 4],
      description: `Line ${i + 1}: work and parts for the refit`,
      quantity: `${1 + (i % 7)}.${String(i % 100).padStart(2, '0')}`,
      unitPriceCents: 1_000 + ((i * 7919) % 90_000),
      optional: i % 25 === 0,
      declined: i % 50 === 0,
    }));
    const account = await db
      .insertInto('portal_accounts')
      .values({
        yard_id: yard.id,
        customer_id: customer.id,
        login_email: 'ada@bench.test',
        password_hash: 'x',
        activated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .insertInto('estimate_acceptances')
      .values({
        yard_id: yard.id,
        estimate_id: estimate.id,
        customer_id: customer.id,
        account_id: account.id,
        accepted_at: new Date(),
        revision: 1,
        subtotal_cents: 0,
        tax_cents: 0,
        total_cents: 0,
        line_items: JSON.stringify(snapshot),
      })
      .execute();

    const invoicing = createInvoicingService({ database, clock: systemClock, boss: undefined as never });
    const me = { staffId: staff.id, yardId: yard.id, role: 'owner' as const };
    const body = { from: 'estimate' as const, estimateId: estimate.id };
    const actor = { kind: 'staff' as const, staffId: staff.id, ip: '127.0.0.1' };
    for (let i = 0; i < 10; i++) await invoicing.create(me, order.id, body, actor); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await invoicing.create(me, order.id, body, actor);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
    const p95 = at(95);
    console.log(
      `invoice from a ${LINES}-line accepted estimate, PostgreSQL, ${RUNS} runs: ` +
        `p50 ${at(50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms (target p95 ≤ ${TARGET_P95_MS} ms)`,
    );
    if (p95 > TARGET_P95_MS) process.exitCode = 1;
  } finally {
    await database.close();
    await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  }
}

await main();
