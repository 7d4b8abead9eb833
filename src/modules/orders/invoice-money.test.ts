import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { billingYard } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder } from '../../../test/support/order-fixtures.js';
import type { LineKind, TaxClass } from '../../shared/api-types.js';
import { copyLines, invoiceTotals } from './invoice-lines.js';
import { documentTotals, LIMITS, lineTotalCents } from './money.js';

/** A random line: any kind, a quantity with up to two decimals, a price within the ceilings. */
const line = (maxHundredths: number, maxPrice: number) =>
  fc
    .record({
      kind: fc.constantFrom<LineKind>('labor', 'part', 'fee', 'per_foot', 'discount'),
      hundredths: fc.integer({ min: 1, max: maxHundredths }),
      price: fc.integer({ min: 0, max: maxPrice }),
      taxClass: fc.constantFrom<TaxClass>('labor', 'parts', 'fees', 'none'),
    })
    .map((l) => ({
      kind: l.kind,
      quantity: (l.hundredths / 100).toFixed(2),
      unit_price_cents: l.kind === 'discount' ? -l.price : l.price,
      tax_class: l.taxClass,
      description: `${l.kind} line`,
    }));
const rates = fc.record({
  labor: fc.integer({ min: 0, max: 5000 }),
  parts: fc.integer({ min: 0, max: 5000 }),
  fees: fc.integer({ min: 0, max: 5000 }),
});

/**
 * Lines over the whole range of quantities and of prices, each at most $500,000, so that
 * 40 of them stay inside the document ceiling (LIMITS.maxDocumentCents).
 */
const anyLine = fc.oneof(
  line(LIMITS.maxQuantity * 100, 500),
  line(500, LIMITS.maxUnitPriceCents),
  line(10_000, 100_000),
);

it('for any lines and tax rates, an invoice adds up: Σ line totals + tax = total', () => {
  fc.assert(
    fc.property(fc.array(anyLine, { minLength: 1, maxLength: 40 }), rates, (rows, r) => {
      const lines = copyLines(rows);
      const { totals } = invoiceTotals(lines, r);
      for (const l of lines) expect(l.total_cents).toBe(lineTotalCents(l.quantity, l.unit_price_cents));
      const sum = lines.reduce((s, l) => s + l.total_cents, 0);
      expect(totals.subtotalCents).toBe(sum);
      expect(sum + totals.taxCents).toBe(totals.totalCents);
      expect(totals.taxByClass.labor + totals.taxByClass.parts + totals.taxByClass.fees).toBe(
        totals.taxCents,
      );
    }),
    { numRuns: 500 },
  );
});

describeEachEngine('an invoice made through the API stores exactly documentTotals', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('for random order lines and yard tax rates', async () => {
    const y = await billingYard(h, db().db);
    await fc.assert(
      fc.asyncProperty(
        fc.array(line(100_000, 100_000), { minLength: 1, maxLength: 8 }),
        rates,
        async (rows, r) => {
          await db()
            .db.updateTable('yards')
            .set({ tax_labor_bp: r.labor, tax_parts_bp: r.parts, tax_fees_bp: r.fees })
            .where('id', '=', y.yard.id)
            .execute();
          const o = await makeOrder(db().db, y.yard.id, y.me.customer.id, { status: 'in_progress' });
          await db()
            .db.insertInto('line_items')
            .values(
              rows.map((l, i) => ({
                ...l,
                yard_id: y.yard.id,
                order_id: o.order.id,
                position: i + 1,
                total_cents: 0,
              })),
            )
            .execute();
          const res = await y.agent.post(`/api/staff/orders/${o.order.id}/invoices`, { from: 'lines' });
          const expected = documentTotals(
            rows.map((l) => ({
              kind: l.kind,
              quantity: l.quantity,
              unitPriceCents: l.unit_price_cents,
              taxClass: l.tax_class,
            })),
            r,
          );
          if (expected.totalCents < 0) {
            expect(res.statusCode).toBe(422);
            return;
          }
          expect(res.statusCode).toBe(201);
          const stored = await db()
            .db.selectFrom('invoices')
            .select(['subtotal_cents', 'tax_cents', 'total_cents'])
            .where('id', '=', res.json().invoiceId)
            .executeTakeFirstOrThrow();
          expect(stored).toEqual({
            subtotal_cents: expected.subtotalCents,
            tax_cents: expected.taxCents,
            total_cents: expected.totalCents,
          });
          const lines = await db()
            .db.selectFrom('line_items')
            .select('total_cents')
            .where('invoice_id', '=', res.json().invoiceId)
            .execute();
          expect(lines.reduce((s, l) => s + l.total_cents, 0) + stored.tax_cents).toBe(stored.total_cents);
        },
      ),
      { numRuns: 25 },
    );
  });
});
