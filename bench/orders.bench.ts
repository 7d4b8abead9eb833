/**
 * Staff Orders list benchmark: `npm run bench` (or `npx tsx bench/orders.bench.ts`).
 *
 * Creates a PostgreSQL database of its own (random name, dropped at the end) on
 * BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrates it and
 * loads, set-based: one big yard of 100,000 customers with 1,000,000 orders (BENCH_ORDERS),
 * each with three working lines, estimates and invoices for the statuses that have them,
 * plus two small yards. Then, with the real app (buildApp, requests injected with a
 * signed-in staff cookie), it times each kind of list request and prints p50/p95 and the
 * EXPLAIN (ANALYZE, BUFFERS) of one of each. Results: docs/orders.md, "Speed".
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openPostgres } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { startQueue } from '../src/jobs/queue.js';
import { hashPassword } from '../src/modules/accounts/password-hash.js';
import { createSmtpMailer } from '../src/modules/mail/mailer.js';
import { StaffOrdersQuery } from '../src/modules/orders/orders-list.schemas.js';
import { createOrdersList } from '../src/modules/orders/orders-list.service.js';
import { buildApp } from '../src/server/app.js';
import { systemClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import { Agent } from '../test/support/harness.js';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const ORDERS = Number(process.env.BENCH_ORDERS || 1_000_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS || 100_000);
const RUNS = Number(process.env.BENCH_RUNS || 60);
const TARGET_P95_MS = 20;
const started = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${m}`);

const FIRST = [
  'Ava',
  'Ben',
  'Cleo',
  'Dev',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivan',
  'Jade',
  'Kai',
  'Lena',
  'Milo',
  'Nora',
  'Omar',
  'Pia',
  'Quinn',
  'Rosa',
  'Sam',
  'Tess',
];
const LAST = [
  'Thompson',
  'Okafor',
  'Marsh',
  'Patel',
  'Brandt',
  'Lindqvist',
  'Moreau',
  'Novak',
  'Quintero',
  'Reyes',
  'Sato',
  'Tanaka',
  'Usher',
  'Varga',
  'Whitfield',
  'Xu',
  'Yilmaz',
  'Zeller',
  'Abbott',
  'Baker',
  'Castillo',
  'Dunn',
  'Ellis',
  'Foster',
  'Garcia',
  'Hughes',
  'Iverson',
  'Jensen',
  'Kowalski',
  'Lopez',
];
const BOATS = [
  'Sea Otter',
  'Windward',
  'Blue Heron',
  'Tern',
  'Osprey',
  'Sandpiper',
  'Kestrel',
  'Halcyon',
  'Seabird',
  'Driftwood',
  'Marlin',
  'Dolphin',
  'Nautilus',
  'Pelican',
  'Wavecrest',
  'Starboard',
  'Mistral',
  'Sirocco',
  'Calypso',
  'Serenity',
];
const TITLES = [
  'Bottom paint',
  'Replace impeller',
  'Winterize engine',
  'Haul and block',
  'Zinc anodes',
  'Rigging inspection',
  'Shaft seal',
  'Gelcoat repair',
  'Teak refinish',
  'Bilge pump',
  'Oil change',
  'Propeller balance',
  'Canvas repair',
  'Battery bank',
  'Survey prep',
  'Fuel filter',
  'Thru-hull valves',
  'Windlass service',
  'Varnish brightwork',
  'Spring commissioning',
];
const STATUSES = [
  'completed',
  'completed',
  'completed',
  'completed',
  'paid',
  'paid',
  'invoiced',
  'partial_payment',
  'in_progress',
  'in_progress',
  'estimate_sent',
  'awaiting_acceptance',
  'open_estimate',
  'requested',
  'declined',
  'cancelled',
  'deposit_requested',
];

const arr = (xs: string[]) => sql.raw(`ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`);
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

async function main() {
  const dbName = `slipway_orders_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const database = await openPostgres(url.toString(), 4);
  let exitCode = 0;
  try {
    await migrate(database);
    const { bigYard, staffEmail, password } = await seed(database.db);
    exitCode = await measure(database, bigYard, staffEmail, password);
  } finally {
    await database.close?.();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    log(`dropped ${dbName}`);
  }
  process.exit(exitCode);
}

type Db = Awaited<ReturnType<typeof openPostgres>>['db'];

async function seedYard(db: Db, slug: string, customers: number, orders: number, firstNumber: number) {
  const yard = await db
    .insertInto('yards')
    .values({
      slug,
      name: `Bench ${slug}`,
      email: `office@${slug}.test`,
      phone: '(305) 555-0100',
      tax_parts_bp: 700,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const y = yard.id;
  // Deterministic spread: i → first, last, boat, title, status by different strides.
  await sql`
    INSERT INTO customers (yard_id, customer_number, first_name, last_name, company, email, phone, phone_digits)
    SELECT ${y}, i, (${arr(FIRST)})[1 + i % ${FIRST.length}], (${arr(LAST)})[1 + (i / ${FIRST.length}) % ${LAST.length}] || CASE WHEN i % 7 = 0 THEN '' ELSE '-' || (i % 997)::text END,
      CASE WHEN i % 10 = 0 THEN 'Marine Co ' || i END, 'c' || i || '@example.com',
      '(305) 555-' || lpad((i % 10000)::text, 4, '0'), '305555' || lpad((i % 10000)::text, 4, '0')
    FROM generate_series(1, ${customers}) i`.execute(db);
  await sql`
    INSERT INTO boats (yard_id, customer_id, name, length_ft)
    SELECT ${y}, c.id, (${arr(BOATS)})[1 + c.customer_number % ${BOATS.length}] || ' ' || (c.customer_number % 50 + 1), 20 + c.customer_number % 40
    FROM customers c WHERE c.yard_id = ${y}`.execute(db);
  // Orders over five years; updated within 30 days of opening (never in the future).
  await sql`
    INSERT INTO orders (yard_id, customer_id, boat_id, number, title, status, opened_at, updated_at, value_cents, balance_cents)
    SELECT ${y}, cb.cid, cb.bid, ${firstNumber} + g,
      (${arr(TITLES)})[1 + (g * 7) % ${TITLES.length}] || CASE WHEN g % 3 = 0 THEN ' and haul-out' ELSE '' END,
      s.status, o.opened, least(now(), o.opened + ((g * 37) % 720) * interval '1 hour'),
      (1 + g % 8) * 12500 + (1 + g % 5) * 4999 + 15000,
      CASE WHEN s.status IN ('invoiced', 'partial_payment') THEN (1 + g % 8) * 12500 + (1 + g % 5) * 4999 + 15000 - CASE WHEN s.status = 'partial_payment' THEN 10000 ELSE 0 END ELSE 0 END
    FROM generate_series(1, ${orders}) g
    CROSS JOIN LATERAL (SELECT now() - (interval '5 years') * (1 - g::float8 / ${orders}) - (g % 13) * interval '1 hour' AS opened) o
    CROSS JOIN LATERAL (SELECT (${arr(STATUSES)})[1 + (g * 13) % ${STATUSES.length}] AS status) s
    JOIN (SELECT c.customer_number, c.id AS cid, b.id AS bid FROM customers c JOIN boats b ON b.customer_id = c.id WHERE c.yard_id = ${y}) cb
      ON cb.customer_number = 1 + (g::bigint * 7919) % ${customers}`.execute(db);
  for (const [pos, kind, desc, qty, price] of [
    [1, 'labor', 'Labour', '(1 + o.number % 8)', '12500'],
    [2, 'part', 'Parts', '(1 + o.number % 5)', '4999'],
    [3, 'fee', 'Haul-out', '1', '15000'],
  ] as const) {
    await sql`
      INSERT INTO line_items (yard_id, order_id, position, kind, description, quantity, unit_price_cents, total_cents, tax_class)
      SELECT ${y}, o.id, ${pos}, ${kind}, ${desc}, ${sql.raw(qty.replace(/o\.number/g, `(o.number - ${firstNumber})`))}, ${sql.raw(price)},
        ${sql.raw(`${qty.replace(/o\.number/g, `(o.number - ${firstNumber})`)} * ${price}`)}, ${kind === 'labor' ? 'labor' : kind === 'part' ? 'parts' : 'fees'}
      FROM orders o WHERE o.yard_id = ${y}`.execute(db);
  }
  await sql`
    INSERT INTO estimates (yard_id, order_id, customer_id, number, status, subtotal_cents, tax_cents, total_cents)
    SELECT yard_id, id, customer_id, number,
      CASE status WHEN 'declined' THEN 'declined' WHEN 'in_progress' THEN 'accepted' WHEN 'open_estimate' THEN 'draft' ELSE 'sent' END,
      value_cents, 0, value_cents
    FROM orders WHERE yard_id = ${y} AND status IN ('open_estimate', 'estimate_sent', 'awaiting_acceptance', 'declined', 'in_progress')`.execute(
    db,
  );
  await sql`
    INSERT INTO invoices (yard_id, order_id, customer_id, number, status, subtotal_cents, tax_cents, total_cents, paid_cents, issued_at)
    SELECT yard_id, id, customer_id, number,
      CASE status WHEN 'invoiced' THEN 'open' WHEN 'partial_payment' THEN 'partial' ELSE 'paid' END,
      value_cents, 0, value_cents, value_cents - balance_cents, updated_at
    FROM orders WHERE yard_id = ${y} AND status IN ('invoiced', 'partial_payment', 'paid')`.execute(db);
  return y;
}

async function seed(db: Db) {
  log(`loading ${ORDERS.toLocaleString()} orders of ${CUSTOMERS.toLocaleString()} customers`);
  // Loading only: value and balance are written with the orders, so the triggers that
  // keep them (0008) and the foreign key checks are skipped for this session.
  await sql`SET session_replication_role = replica`.execute(db);
  const bigYard = await db.transaction().execute(async (trx) => {
    const big = await seedYard(trx, 'bench-big', CUSTOMERS, ORDERS, 0);
    await seedYard(trx, 'bench-small-a', 2_000, 10_000, 0);
    await seedYard(trx, 'bench-small-b', 2_000, 10_000, 0);
    // The ledger of counts and totals the trigger would have written (0008).
    await sql`
      INSERT INTO order_status_sums
      SELECT yard_id, status, count(*), sum(value_cents), sum(balance_cents) FROM orders GROUP BY yard_id, status`.execute(
      trx,
    );
    return big;
  });
  await sql`SET session_replication_role = origin`.execute(db);
  // What autovacuum does after a load: statistics, and the visibility map that lets the
  // counts and a date range be read from an index alone.
  log('loaded; VACUUM ANALYZE');
  await sql`VACUUM ANALYZE`.execute(db);
  const password = 'bench staff password 42';
  const staffEmail = 'staff@bench-big.test';
  await db
    .insertInto('staff_users')
    .values({
      yard_id: bigYard,
      email: staffEmail,
      name: 'Bench Staff',
      role: 'owner',
      password_hash: await hashPassword(password),
    })
    .execute();
  const counts = await sql<{ orders: number; lines: number }>`
    SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM line_items) AS lines`.execute(db);
  log(`ready: ${counts.rows[0].orders} orders, ${counts.rows[0].lines} line items`);
  return { bigYard, staffEmail, password };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function measure(
  database: Awaited<ReturnType<typeof openPostgres>>,
  yardId: string,
  email: string,
  password: string,
) {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SMTP_URL: 'smtp://127.0.0.1:9',
    PUBLIC_URL: 'http://localhost:3000',
  });
  const boss = await startQueue(database, { supervise: false });
  const mailer = createSmtpMailer(config.smtpUrl!, config.mailFrom);
  const app = await buildApp(
    { config, database, boss, clock: systemClock, mailer },
    { cookieSecret: 'bench-cookie-secret-0123456789abcdef0123' },
  );
  const agent = new Agent(app);
  await agent.signInStaff(email, password);
  const db = database.db;
  const sample = await sql<{
    boat_id: string;
    number: number;
    last_name: string;
    boat: string;
    opened: string;
  }>`
    SELECT o.boat_id, o.number, split_part(c.last_name, '-', 1) AS last_name, b.name AS boat, o.opened_at::date::text AS opened
    FROM orders o JOIN customers c ON c.id = o.customer_id JOIN boats b ON b.id = o.boat_id
    WHERE o.yard_id = ${yardId} ORDER BY random() LIMIT 200`.execute(db);
  const rows = sample.rows;
  const month = (d: string) => {
    const end = new Date(`${d}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 30);
    return `from=${d}&to=${end.toISOString().slice(0, 10)}`;
  };
  const words = TITLES.flatMap((t) => t.toLowerCase().split(' ')).filter((w) => w.length >= 4);
  const cases: Array<{ name: string; qs: () => string }> = [
    { name: 'first page', qs: () => '' },
    { name: 'status', qs: () => `status=${pick(STATUSES)}` },
    { name: 'two statuses', qs: () => `status=${pick(STATUSES)},${pick(STATUSES)}` },
    { name: 'opened date range (30 days)', qs: () => month(pick(rows).opened) },
    { name: 'boat', qs: () => `boatId=${pick(rows).boat_id}` },
    { name: 'search: number', qs: () => `q=${pick(rows).number}` },
    { name: 'search: customer last name', qs: () => `q=${pick(rows).last_name}` },
    { name: 'search: boat name', qs: () => `q=${encodeURIComponent(pick(rows).boat)}` },
    { name: 'search: title word', qs: () => `q=${pick(words)}` },
  ];
  const get = async (qs: string) => {
    const res = await agent.get(`/api/staff/orders${qs ? `?${qs}` : ''}`);
    if (res.statusCode !== 200) throw new Error(`${qs}: ${res.statusCode} ${res.body}`);
    return res.json() as { nextCursor: string | null; orders: unknown[] };
  };
  // The second page of each kind, by the cursor its first page gave.
  const cursors: string[] = [];
  for (const c of cases)
    for (let i = 0; i < 20; i++) {
      const first = await get(c.qs());
      if (first.nextCursor) cursors.push(`${c.qs()}&cursor=${first.nextCursor}`);
    }
  cases.push({ name: 'second page by cursor', qs: () => pick(cursors) });

  const results: Array<{ name: string; p50: number; p95: number; rows: number }> = [];
  for (const c of cases) {
    for (let i = 0; i < 5; i++) await get(c.qs()); // warm
    const times: number[] = [];
    let shown = 0;
    for (let i = 0; i < RUNS; i++) {
      const qs = c.qs();
      const t0 = performance.now();
      const body = await get(qs);
      times.push(performance.now() - t0);
      shown += body.orders.length;
    }
    results.push({
      name: c.name,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      rows: Math.round(shown / RUNS),
    });
    log(`${c.name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
  }
  console.log(
    `\n| request (${ORDERS.toLocaleString()} orders, ${RUNS} runs each) | rows | p50 ms | p95 ms | ≤ ${TARGET_P95_MS} ms |`,
  );
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.rows} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p95 <= TARGET_P95_MS ? 'yes' : 'NO'} |`,
    );
  }
  const list = createOrdersList({ database });
  for (const c of cases) {
    const qs = c.qs();
    console.log(`\n### ${c.name}: ?${qs}`);
    const query = StaffOrdersQuery.parse(Object.fromEntries(new URLSearchParams(qs)));
    console.log(await list.explain(yardId, query));
  }
  await app.close();
  await boss.stop({ graceful: false, wait: true }).catch(() => {});
  return 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
