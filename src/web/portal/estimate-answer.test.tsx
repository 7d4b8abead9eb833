// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { OrderEstimateView } from '../../shared/api-types';
import { fakeServer, renderWithQuery } from '../testing/render';
import { EstimateAnswer } from './estimate-answer';

const line = (over: Partial<OrderEstimateView['lineItems'][number]>) => ({
  id: 'l',
  kind: 'labor' as const,
  description: 'x',
  quantity: '1',
  unitPriceCents: 0,
  totalCents: 0,
  optional: false,
  note: null,
  technician: null,
  partNumber: null,
  taxClass: 'none' as const,
  ...over,
});

// Labour 18,000 at 5 %, paint 26,997 at 7.25 %, optional shrink wrap 40,000 at 3 %,
// optional zinc 5,000 at 7.25 %: 89,997 + (900 + 2,320 + 1,200) = 94,417.
const estimate: OrderEstimateView = {
  id: 'est-1',
  number: 1042,
  orderNumber: 7,
  version: 1,
  previousId: null,
  status: 'sent',
  subtotalCents: 89_997,
  taxCents: 4_420,
  totalCents: 94_417,
  sentAt: '2026-12-03T10:00:00.000Z',
  validUntil: '2027-01-02',
  respondedAt: null,
  taxRates: { labor: 500, parts: 725, fees: 300 },
  lineItems: [
    line({
      id: 'l1',
      kind: 'labor',
      description: 'Haul and block',
      quantity: '1.5',
      unitPriceCents: 12_000,
      totalCents: 18_000,
      taxClass: 'labor',
    }),
    line({
      id: 'l2',
      kind: 'part',
      description: 'Bottom paint',
      quantity: '3',
      unitPriceCents: 8_999,
      totalCents: 26_997,
      taxClass: 'parts',
    }),
    line({
      id: 'l3',
      kind: 'fee',
      description: 'Shrink wrap',
      unitPriceCents: 40_000,
      totalCents: 40_000,
      taxClass: 'fees',
      optional: true,
    }),
    line({
      id: 'l4',
      kind: 'part',
      description: 'Zinc anode',
      unitPriceCents: 5_000,
      totalCents: 5_000,
      taxClass: 'parts',
      optional: true,
    }),
  ],
  canRespond: true,
  blockedReason: null,
  declineReason: null,
  acceptance: null,
  changes: null,
};

describe('approving an estimate line by line, with a signature', () => {
  it('each optional line is approved or declined by the customer, the total follows, and nothing is sent unsigned', async () => {
    const seen = fakeServer({
      'POST /api/portal/harbor/estimates/est-1/accept': () => ({ body: { ok: true } }),
    });
    const onAnswered = vi.fn();
    renderWithQuery(<EstimateAnswer yard="harbor" estimate={estimate} onAnswered={onAnswered} />);
    const user = userEvent.setup();
    const choose = (line: string, c: 'Approve' | 'Decline') =>
      user.click(within(screen.getByRole('group', { name: line })).getByRole('radio', { name: c }));

    // Only the optional lines offer a choice, and none is made for the customer: the total
    // counts the lines the work needs, 44,997 + 900 + 1,957 = 47,854.
    expect(screen.getAllByRole('group')).toHaveLength(2);
    expect(screen.getByTestId('estimate-total').textContent).toBe('$478.54');
    // With the shrink wrap approved: + 40,000 + 1,200 = 89,054.
    await choose('Shrink wrap', 'Approve');
    expect(screen.getByTestId('estimate-total').textContent).toBe('$890.54');
    await choose('Zinc anode', 'Approve');
    expect(screen.getByTestId('estimate-total').textContent).toBe('$944.17');
    // Declined again: out of the total.
    await choose('Zinc anode', 'Decline');
    expect(screen.getByTestId('estimate-total').textContent).toBe('$890.54');

    // Unsigned: the form says what is missing and sends nothing.
    await user.click(screen.getByRole('button', { name: 'Approve and sign $890.54' }));
    expect(screen.getByText('Type your full name')).toBeTruthy();
    expect(screen.getByText('Draw your signature in the box')).toBeTruthy();
    expect(seen).toHaveLength(0);
    expect(onAnswered).not.toHaveBeenCalled();
  });
});
