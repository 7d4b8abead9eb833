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

  it('an approved version shows who signed, from where, the optional lines chosen and the signature', async () => {
    fakeServer({
      'GET /api/staff/orders/o1/estimates': () => ({
        body: {
          estimates: [
            version({
              status: 'accepted',
              canSend: false,
              acceptance: {
                acceptedAt: '2026-12-02T09:00:00.000Z',
                signature: {
                  name: 'Ava Thompson',
                  path: 'M40 150L120 60L200 140',
                  signedAt: '2026-12-02T09:00:00.000Z',
                  ip: '203.0.113.7',
                },
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
    const accepted = await screen.findByText(/Approved and signed \$100\.00/);
    expect(accepted.textContent).toContain('by Ava Thompson from 203.0.113.7');
    expect(screen.getByText('Optional lines — approved: none; declined: Shrink wrap')).toBeTruthy();
    const signature = screen.getByRole('img', { name: 'Signature of Ava Thompson' });
    expect(signature.querySelector('path')?.getAttribute('d')).toBe('M40 150L120 60L200 140');
    expect(screen.getByText('Shrink wrap').closest('tr')?.textContent).toContain('Optional, declined');
    expect(screen.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(
      '/api/staff/estimates/e1/pdf',
    );
  });

  it("a sent version that changes an approved one says it waits for the customer's re-approval", async () => {
    fakeServer({
      'GET /api/staff/orders/o1/estimates': () => ({
        body: {
          estimates: [
            version({
              id: 'e2',
              version: 2,
              previousId: 'e1',
              changes: {
                againstVersion: 1,
                acceptedAt: '2026-12-02T09:00:00.000Z',
                lines: [],
                before: { subtotalCents: 10_000, taxCents: 0, totalCents: 10_000 },
                after: { subtotalCents: 50_000, taxCents: 0, totalCents: 50_000 },
              },
            }),
            version({ status: 'superseded', canSend: false }),
          ],
        },
      }),
    });
    renderWithQuery(<OrderEstimatesCard orderId="o1" />);
    const waiting = await screen.findByTestId('awaiting-reapproval');
    expect(waiting.textContent).toContain(
      "Waiting for the customer's re-approval of the changes since version 1",
    );
  });
});
