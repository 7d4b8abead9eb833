import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, OrderStatus } from '../../src/db/schema.js';
import type { LineKind, TaxClass } from '../../src/shared/api-types.js';

export interface WorkingLine {
  kind: LineKind;
  description: string;
  quantity: string;
  unitPriceCents: number;
  taxClass: TaxClass;
  optional?: boolean;
  technician?: string;
  partNumber?: string;
  note?: string;
}

/**
 * Labour 1.5 h × $120 (5 %), 3 gal paint × $89.99 (7.25 %), and an optional shrink wrap
 * $400 (fees, 3 %): subtotal 84,997; tax 900 + 1,957 + 1,200 = 4,057; total 89,054.
 * Without the shrink wrap: 44,997 + 2,857 = 47,854.
 */
export const STANDARD_LINES: WorkingLine[] = [
  {
    kind: 'labor',
    description: 'Haul and block',
    quantity: '1.5',
    unitPriceCents: 12_000,
    taxClass: 'labor',
    technician: 'Sam Okafor',
  },
  {
    kind: 'part',
    description: 'Bottom paint (gal)',
    quantity: '3',
    unitPriceCents: 8_999,
    taxClass: 'parts',
    partNumber: 'IP-1177',
  },
  {
    kind: 'fee',
    description: 'Shrink wrap',
    quantity: '1',
    unitPriceCents: 40_000,
    taxClass: 'fees',
    optional: true,
  },
];

export const RATES = { tax_labor_bp: 500, tax_parts_bp: 725, tax_fees_bp: 300 };

/** An order in `open_estimate` with working lines, at a yard charging RATES. */
export async function orderWithLines(
  db: Kysely<DB>,
  yardId: string,
  customerId: string,
  lines: WorkingLine[] = STANDARD_LINES,
  status: OrderStatus = 'open_estimate',
) {
  await db.updateTable('yards').set(RATES).where('id', '=', yardId).execute();
  const boat = await db
    .insertInto('boats')
    .values({
      yard_id: yardId,
      customer_id: customerId,
      name: `Sea Otter ${randomBytes(3).toString('hex')}`,
      make: 'Catalina',
      model: '30',
      length_ft: '30',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const order = await db
    .insertInto('orders')
    .values({
      yard_id: yardId,
      customer_id: customerId,
      boat_id: boat.id,
      number: 800_000 + Math.floor(Math.random() * 100_000),
      title: 'Spring commissioning',
      status,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await setLines(db, yardId, order.id, lines);
  return { order, boat };
}

/** Three optional lines an owner approves two of (shrink wrap $400 at 3 %, zinc $50 at 7.25 %, wax $300 at 5 %). */
export const OPTIONAL_LINES: WorkingLine[] = [
  {
    kind: 'fee',
    description: 'Shrink wrap',
    quantity: '1',
    unitPriceCents: 40_000,
    taxClass: 'fees',
    optional: true,
  },
  {
    kind: 'part',
    description: 'Zinc anode',
    quantity: '1',
    unitPriceCents: 5_000,
    taxClass: 'parts',
    optional: true,
  },
  {
    kind: 'labor',
    description: 'Wax and polish',
    quantity: '1',
    unitPriceCents: 30_000,
    taxClass: 'labor',
    optional: true,
  },
];

/** Replaces the order's working lines, as staff editing the order would. */
export async function setLines(db: Kysely<DB>, yardId: string, orderId: string, lines: WorkingLine[]) {
  await db.deleteFrom('line_items').where('order_id', '=', orderId).execute();
  return db
    .insertInto('line_items')
    .values(
      lines.map((l, i) => ({
        yard_id: yardId,
        order_id: orderId,
        position: i + 1,
        kind: l.kind,
        description: l.description,
        quantity: l.quantity,
        unit_price_cents: l.unitPriceCents,
        total_cents: 0,
        tax_class: l.taxClass,
        optional: l.optional ?? false,
        technician: l.technician ?? null,
        part_number: l.partNumber ?? null,
        note: l.note ?? null,
      })),
    )
    .returningAll()
    .execute();
}

/** A signature the server takes: a typed full name and a stroke across the 600×200 box. */
export const SIGNATURE = {
  name: 'Ava Thompson',
  path: 'M40 150L120 60L200 140L280 70L360 130L440 80',
} as const;

/** The body of an approval (POST …/estimates/:id/accept): optional lines declined, signed. */
export const approval = (declinedLineIds?: string[]) => ({
  ...(declinedLineIds ? { declinedLineIds } : {}),
  signature: SIGNATURE,
});
