import { describe, expect, it } from 'vitest';
import type { LineRow } from './estimate-versions.repo.js';
import { acceptedTotals, changesAgainst, copyOrderLines, snapshotLines } from './estimate-views.js';

let seq = 0;
const row = (over: Partial<LineRow>): LineRow => ({
  id: `line-${++seq}`,
  yard_id: 'y',
  estimate_id: 'e',
  invoice_id: null,
  order_id: null,
  position: seq,
  kind: 'part',
  description: 'Part',
  quantity: '1',
  unit_price_cents: 1_000,
  total_cents: 1_000,
  optional: false,
  note: null,
  technician: null,
  part_number: null,
  tax_class: 'parts',
  source_line_id: null,
  ...over,
});
const rates = { labor: 500, parts: 725, fees: 300 };

describe('estimate lines, acceptances and what changed', () => {
  it('copies the order lines with totals computed once, and names the first wrong line', () => {
    const { copies, totals } = copyOrderLines(
      [
        row({
          id: 'a',
          kind: 'labor',
          tax_class: 'labor',
          quantity: '1.50',
          unit_price_cents: 12_000,
          total_cents: 0,
        }),
        row({ id: 'b', quantity: '3.00', unit_price_cents: 8_999, total_cents: 0 }),
      ],
      rates,
    );
    expect(copies.map((c) => [c.sourceLineId, c.quantity, c.totalCents])).toEqual([
      ['a', '1.5', 18_000],
      ['b', '3', 26_997],
    ]);
    expect(totals).toMatchObject({ subtotalCents: 44_997, taxCents: 900 + 1_957, totalCents: 47_854 });
    expect(() => copyOrderLines([], rates)).toThrow(expect.objectContaining({ code: 'NO_LINES' }));
    expect(() => copyOrderLines([row({ description: 'Zinc', quantity: '-2' })], rates)).toThrow(
      /Line 1 \(Zinc\): The quantity must be more than zero/,
    );
  });

  it('re-totals what was accepted without the declined optional lines, at the estimate rates', () => {
    const lines = [
      row({ id: 'a', quantity: '3', unit_price_cents: 8_999, total_cents: 26_997 }),
      row({
        id: 'b',
        kind: 'fee',
        tax_class: 'fees',
        unit_price_cents: 40_000,
        total_cents: 40_000,
        optional: true,
      }),
    ];
    const stored = { subtotal_cents: 66_997, tax_cents: 1_957 + 1_200, total_cents: 70_154 };
    expect(acceptedTotals(stored, lines, rates, new Set())).toEqual({
      subtotalCents: 66_997,
      taxCents: 3_157,
      totalCents: 70_154,
    });
    const accepted = acceptedTotals(stored, lines, rates, new Set(['b']));
    expect(accepted).toEqual({ subtotalCents: 26_997, taxCents: 1_957, totalCents: 28_954 });
    expect(snapshotLines(lines, new Set(['b'])).map((l) => [l.id, l.accepted])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('compares a version with the acceptance: changed, added, removed, by order line first', () => {
    const v1 = [
      row({
        id: 'p1',
        source_line_id: 'o1',
        description: 'Bottom paint',
        quantity: '3',
        unit_price_cents: 8_999,
        total_cents: 26_997,
      }),
      row({
        id: 'p2',
        source_line_id: 'o2',
        description: 'Zinc',
        quantity: '2',
        unit_price_cents: 2_500,
        total_cents: 5_000,
      }),
      row({ id: 'p3', source_line_id: 'o3', description: 'Wax', total_cents: 1_000 }),
    ];
    const acceptance = {
      accepted_at: new Date('2026-12-01T10:00:00Z'),
      subtotal_cents: 32_997,
      tax_cents: 0,
      total_cents: 32_997,
      line_items: snapshotLines(v1, new Set(['p3'])),
    };
    const v2 = [
      // Renamed but the same order line: matched, and its quantity changed.
      row({
        source_line_id: 'o1',
        description: 'Bottom paint (gal)',
        quantity: '4',
        unit_price_cents: 8_999,
        total_cents: 35_996,
      }),
      row({ source_line_id: null, description: 'Wax', total_cents: 1_000 }),
      row({ source_line_id: 'o9', description: 'Shaft seal', unit_price_cents: 15_000, total_cents: 15_000 }),
    ];
    const changes = changesAgainst(
      { version: 1, acceptance },
      { lines: v2, subtotalCents: 51_996, taxCents: 0, totalCents: 51_996 },
    );
    expect(changes.lines.map((c) => [c.change, c.description])).toEqual([
      ['changed', 'Bottom paint (gal)'],
      // Declined before, so offering it again is an addition.
      ['added', 'Wax'],
      ['added', 'Shaft seal'],
      ['removed', 'Zinc'],
    ]);
    expect(changes.lines[0]).toMatchObject({
      before: { quantity: '3' },
      after: { quantity: '4', totalCents: 35_996 },
    });
    expect(changes.before.totalCents).toBe(32_997);
    expect(changes.after.totalCents).toBe(51_996);
  });
});
