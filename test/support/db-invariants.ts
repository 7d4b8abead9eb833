import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { QUEUES } from '../../src/jobs/queue.js';
import { INVITE_INTERVAL_MS } from '../../src/modules/invites/invite-policy.js';

/**
 * What must hold in the database whatever requests came before (docs/operations.md, "Route
 * sweep and fuzzing"). Returns a sentence per breach, each naming the rows; [] when all hold.
 */
export async function databaseInvariantBreaches(db: Kysely<DB>): Promise<string[]> {
  const breaches: string[] = [];
  const check = async (what: string, query: ReturnType<typeof sql<Record<string, unknown>>>) => {
    const { rows } = await query.execute(db);
    if (rows.length > 0) breaches.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}`);
  };

  // Money: an invoice's paid_cents is its payments less what was refunded of them; a
  // payment's refunded_cents is its succeeded refunds (docs/payments.md).
  await check(
    'invoices.paid_cents ≠ Σ payments (amount − refunded)',
    sql`SELECT i.id, i.paid_cents, COALESCE(sum(p.amount_cents - p.refunded_cents), 0)::int AS payments
        FROM invoices i LEFT JOIN payments p ON p.invoice_id = i.id
        GROUP BY i.id HAVING i.paid_cents <> COALESCE(sum(p.amount_cents - p.refunded_cents), 0)`,
  );
  await check(
    'payments.refunded_cents ≠ Σ succeeded refunds',
    sql`SELECT p.id, p.refunded_cents, COALESCE(sum(r.amount_cents) FILTER (WHERE r.status = 'succeeded'), 0)::int AS refunds
        FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id
        GROUP BY p.id HAVING p.refunded_cents <> COALESCE(sum(r.amount_cents) FILTER (WHERE r.status = 'succeeded'), 0)`,
  );
  // The order's kept sums (0008) agree with what they are sums of.
  await check(
    'orders.value_cents / balance_cents differ from order_value_of / order_balance_of',
    sql`SELECT id, value_cents, balance_cents FROM orders
        WHERE value_cents <> order_value_of(id) OR balance_cents <> order_balance_of(id)`,
  );
  await check(
    'order_status_sums differ from the orders',
    sql`SELECT yard_id, status FROM (
          SELECT yard_id, status, sum(orders)::int AS n, sum(value_cents)::bigint AS v, sum(balance_cents)::bigint AS b
          FROM order_status_sums GROUP BY yard_id, status) s
        FULL JOIN (SELECT yard_id, status, count(*)::int AS n, sum(value_cents)::bigint AS v, sum(balance_cents)::bigint AS b
          FROM orders GROUP BY yard_id, status) o USING (yard_id, status)
        WHERE COALESCE(s.n, 0) <> COALESCE(o.n, 0) OR COALESCE(s.v, 0) <> COALESCE(o.v, 0)
           OR COALESCE(s.b, 0) <> COALESCE(o.b, 0)`,
  );

  // Invites (docs/invites.md): one invite per customer per 24 h from the moment SMTP accepted
  // it — no invite created while another was queued or within 24 h of a sent one.
  await check(
    'two invites of one customer within 24 h',
    sql`SELECT a.customer_id, a.id AS first, b.id AS second FROM invites a
        JOIN invites b ON b.customer_id = a.customer_id AND b.id <> a.id AND b.created_at >= a.created_at
        WHERE (a.sent_at IS NOT NULL AND b.created_at < a.sent_at + ${`${INVITE_INTERVAL_MS} milliseconds`}::interval
               AND (b.created_at > a.created_at OR b.id > a.id))
           OR (a.status = 'queued' AND b.status = 'queued')`,
  );
  await check(
    'more than one live invite link of a customer',
    sql`SELECT customer_id, count(*)::int FROM invites
        WHERE status = 'sent' AND consumed_at IS NULL GROUP BY customer_id HAVING count(*) > 1`,
  );

  // Rows that name another by value, with no foreign key behind them.
  await check(
    'portal_accounts.invite_id naming no invite',
    sql`SELECT a.id FROM portal_accounts a
        WHERE a.invite_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invites i WHERE i.id = a.invite_id)`,
  );
  await check(
    'audit_log.entity_id naming no record (deleted draft invoices aside)',
    sql`SELECT l.id, l.entity, l.entity_id FROM audit_log l WHERE l.entity_id IS NOT NULL AND CASE l.entity
          WHEN 'customer' THEN NOT EXISTS (SELECT 1 FROM customers x WHERE x.id = l.entity_id)
          WHEN 'boat' THEN NOT EXISTS (SELECT 1 FROM boats x WHERE x.id = l.entity_id)
          WHEN 'order' THEN NOT EXISTS (SELECT 1 FROM orders x WHERE x.id = l.entity_id)
          WHEN 'estimate' THEN NOT EXISTS (SELECT 1 FROM estimates x WHERE x.id = l.entity_id)
          WHEN 'payment' THEN NOT EXISTS (SELECT 1 FROM payments x WHERE x.id = l.entity_id)
          WHEN 'staff' THEN NOT EXISTS (SELECT 1 FROM staff_users x WHERE x.id = l.entity_id)
          ELSE false END`,
  );
  await check(
    'invite email jobs naming no invite',
    sql`SELECT j.id, j.data FROM pgboss.job j
        WHERE j.name = ${QUEUES.inviteEmail} AND NOT EXISTS (SELECT 1 FROM invites i WHERE i.id::text = j.data->>'inviteId')`,
  );
  // A row and the row it points to belong to the same yard, for every declared foreign key
  // between two tables that both carry yard_id.
  const { rows: links } = await sql<{ child: string; col: string; parent: string; pcol: string }>`
    SELECT kcu.table_name AS child, kcu.column_name AS col, ccu.table_name AS parent, ccu.column_name AS pcol
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
    JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
    WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public' AND kcu.column_name <> 'yard_id'
      AND EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = kcu.table_name AND c.column_name = 'yard_id')
      AND EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = ccu.table_name AND c.column_name = 'yard_id')`.execute(
    db,
  );
  for (const l of links) {
    await check(
      `${l.child}.${l.col} → ${l.parent} of another yard`,
      sql`SELECT c.${sql.ref(l.col)} AS ref FROM ${sql.table(l.child)} c
          JOIN ${sql.table(l.parent)} p ON p.${sql.ref(l.pcol)} = c.${sql.ref(l.col)}
          WHERE p.yard_id <> c.yard_id`,
    );
  }
  return breaches;
}
