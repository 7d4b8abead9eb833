// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CatalogListResponse } from '../../shared/api-types';
import { createAppRouter } from '../router';
import { fakeServer } from '../testing/render';
import { createQueryClient } from '../ui/query-client';

const line = { taxClass: 'labor' as const, optional: false, note: null, technician: null, partNumber: null };
const job = (prices: boolean): CatalogListResponse['jobs'][number] => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Oil change',
  description: null,
  archivedAt: null,
  updatedAt: '2026-05-01T12:00:00Z',
  lines: [
    {
      ...line,
      kind: 'labor',
      description: 'Change oil and filter',
      quantity: '1.5',
      ...(prices ? { unitPriceCents: 12_000 } : {}),
    },
    {
      ...line,
      kind: 'part',
      taxClass: 'parts',
      description: 'Oil filter',
      quantity: '1',
      partNumber: 'YM-119305',
      ...(prices ? { unitPriceCents: 2_450 } : {}),
    },
    {
      ...line,
      kind: 'per_foot',
      taxClass: 'fees',
      description: 'Shrink wrap',
      quantity: null,
      ...(prices ? { unitPriceCents: 1_100 } : {}),
    },
  ],
});

function setup(role: 'owner' | 'technician') {
  const prices = role === 'owner';
  fakeServer({
    'GET /api/staff/me': () => ({
      body: {
        staff: {
          id: 's1',
          name: 'Theo Brightwater',
          email: 'theo@example.com',
          role,
          permissions: prices
            ? ['staff:read', 'staff:work', 'staff:records', 'staff:money']
            : ['staff:read', 'staff:work'],
        },
        yard: { id: 'y1', slug: 'harbor', name: 'Harbor Point Marine', currency: 'USD', timezone: 'UTC' },
      },
    }),
    'GET /api/staff/activity/unread-count': () => ({ body: { unread: 0 } }),
    'GET /api/staff/catalog': () => ({ body: { jobs: [job(prices)], prices } satisfies CatalogListResponse }),
  });
  window.history.replaceState(null, '', '/app/catalog');
  const queryClient = createQueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={createAppRouter(queryClient)} />
    </QueryClientProvider>,
  );
}

const items = async () => {
  await waitFor(() => expect(screen.getByRole('heading', { name: 'Oil change' })).toBeTruthy());
  return screen.getAllByRole('listitem').map((li) => li.textContent);
};

describe('the service catalog page', () => {
  it('shows the owner each line with its price, and the buttons to keep the catalog', async () => {
    setup('owner');
    expect(await items()).toEqual([
      'Labour: Change oil and filter — 1.5 × $120.00',
      'Part: Oil filter — 1 × $24.50 · part YM-119305',
      'Per foot: Shrink wrap — $11.00 per foot of the boat',
    ]);
    expect(screen.getByRole('button', { name: 'New job' })).toBeTruthy();
  });

  it('shows a technician the lines without money or empty prices, and no editing', async () => {
    setup('technician');
    expect(await items()).toEqual([
      'Labour: Change oil and filter — 1.5',
      'Part: Oil filter — 1 · part YM-119305',
      'Per foot: Shrink wrap — per foot of the boat',
    ]);
    expect(document.body.textContent).not.toMatch(/\$|×/);
    expect(screen.queryByRole('button', { name: 'New job' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });
});
