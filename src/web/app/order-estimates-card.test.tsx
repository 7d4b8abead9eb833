// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { StaffEstimateView } from '../../shared/api-types';
import { fakeServer, renderWithQuery } from '../testing/render';
import { OrderEstimatesCard } from './order-estimates-card';

const line = (id: string, description: string, totalCents: number, optional = false) => ({
  id,
  kind: 'labor' as const,
  description,
  quantity: '1',
  unitPriceCents: totalCents,
  totalCents,
  optional,
  note: null,
  technician: null,
  partNumber: null,
  taxClass: 'none' as const,
});

const version = (over: Partial<StaffEstimateView>): StaffEstimateView => ({
  id: 'e1',
  orderId: 'o1',
  number: 1042,
  version: 1,
  previousId: null,
  status: 'sent',
  subtotalCents: 50_000,
  taxCents: 0,
  totalCents: 50_000,
  taxRates: { labor: 0, parts: 0, fees: 0 },
  createdAt: '2026-12-01T10:00:00.000Z',
  sentAt: '2026-12-01T11:00:00.000Z',
  respondedAt: null,
  validUntil: '2026-12-31',
  message: null,
  declineReason: null,
  lineItems: [line('l1', 'Haul and block', 10_000), line('l2', 'Shrink wrap', 40_000, true)],
  acceptance: null,
  changes: null,
  canSend: true,
  canRevise: true,
  canEdit: false,
  ...over,
});

describe('the staff estimates card', () => {
  it('shows the decline reason up front and revises the declined version', async () => {
    const declined = version({
      status: 'declined',
      declineReason: 'Too expensive this season',
      canSend: false,
    });
    let estimates = [declined];
    const seen = fakeServer({
      'GET /api/staff/orders/o1/estimates': () => ({ body: { estimates } }),
      'POST /api/staff/estimates/e1/revise': () => {
        const v2 = version({
          id: 'e2',
          version: 2,
          previousId: 'e1',
          status: 'draft',
          sentAt: null,
          canEdit: true,
          canRevise: false,
        });
        estimates = [v2, { ...declined, canRevise: false }];
        return { status: 201, body: { estimate: v2, message: 'Version 2 of estimate #1042 was drafted.' } };
      },
    });
    renderWithQuery(<OrderEstimatesCard orderId="o1" />);
    const reason = await screen.findByText(/Declined by the customer/);
    expect(reason.parentElement?.textContent).toContain('“Too expensive this season”');
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Revise' }));
    await screen.findByText('Version 2 of estimate #1042 was drafted.');
    const v2 = await screen.findByRole('region', { name: 'Estimate 1042 version 2' });
    expect(within(v2).getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(within(v2).getByRole('button', { name: 'Refresh from lines' })).toBeTruthy();
    // The declined version stays readable under the new one.
    expect(screen.getByText('Earlier versions (1)')).toBeTruthy();
    expect(seen.filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('an accepted version lists the optional lines the customer declined', async () => {
    fakeServer({
      'GET /api/staff/orders/o1/estimates': () => ({
        body: {
          estimates: [
            version({
              status: 'accepted',
              canSend: false,
              acceptance: {
                acceptedAt: '2026-12-02T09:00:00.000Z',
                signature: null,
                subtotalCents: 10_000,
                taxCents: 0,
                totalCents: 10_000,
                lines: [
                  { ...line('l1', 'Haul and block', 10_000), accepted: true },
                  { ...line('l2', 'Shrink wrap', 40_000, true), accepted: false },
                ],
                declinedLineIds: ['l2'],
              },
            }),
          ],
        },
      }),
    });
    renderWithQuery(<OrderEstimatesCard orderId="o1" />);
    const accepted = await screen.findByText(/Accepted \$100\.00/);
    expect(accepted.textContent).toContain('declined: Shrink wrap');
    expect(screen.getByText('Shrink wrap').closest('tr')?.textContent).toContain('Optional, declined');
    expect(screen.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(
      '/api/staff/estimates/e1/pdf',
    );
  });
});
