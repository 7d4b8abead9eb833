import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export type CounterKind = 'order' | 'estimate' | 'invoice' | 'customer';

const TABLE_OF: Record<CounterKind, { table: string; column: string }> = {
  order: { table: 'orders', column: 'number' },
  estimate: { table: 'estimates', column: 'number' },
  invoice: { table: 'invoices', column: 'number' },
  customer: { table: 'customers', column: 'customer_number' },
};

/** The first number a yard hands out of each kind. */
const FIRST = 1001;

/**
 * The yard's next order, estimate, invoice or customer number. Call it with the database handle,
 * never inside the transaction that uses the number: the upsert then commits on its own
 * and locks the counter row only for its statement, so two requests of the same yard never
 * wait on each other, and nothing locks the yard row. A transaction that rolls back leaves
 * a gap, as a sequence would. The highest number already stored is a floor, so numbers
 * written by an import or the demo seed are never handed out again.
 */
export async function nextYardNumber(db: Kysely<DB>, yardId: string, kind: CounterKind): Promise<number> {
  const table = sql.table(TABLE_OF[kind].table);
  const column = sql.ref(TABLE_OF[kind].column);
  const { rows } = await sql<{ last_value: number }>`
    INSERT INTO yard_counters AS c (yard_id, kind, last_value)
    VALUES (${yardId}, ${kind}, (SELECT coalesce(max(${column}), ${FIRST - 1}) + 1 FROM ${table} WHERE yard_id = ${yardId}))
    ON CONFLICT (yard_id, kind) DO UPDATE SET last_value = greatest(c.last_value + 1, excluded.last_value)
    RETURNING last_value`.execute(db);
  return Number(rows[0].last_value);
}
