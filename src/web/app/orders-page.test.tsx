// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { OrderStatus, StaffOrderRow, StaffOrdersResponse } from '../../shared/api-types';
import { createAppRouter } from '../router';
import { type FakeRequest, fakeServer } from '../testing/render';
import { createQueryClient } from '../ui/query-client';

const row = (n: number, title: string, status: OrderStatus, boat: string): StaffOrderRow => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  number: 1040 + n,
  title,
  status,
  customer: { id: `c${n}`, name: `Customer ${n}` },
  boat: { id: `b${n}`, name: boat },
  assignee: null,
  openedAt: '2026-05-01T12:00:00Z',
  updatedAt: '2026-05-02T12:00:00Z',
  estimateStatus: null,
  balanceCents: 0,
  valueCents: 10_000 * n,
});
const ORDERS = [
  row(1, 'Bottom paint', 'in_progress', 'Sea Otter'),
  row(2, 'Replace impeller', 'invoiced', 'Windward'),
  row(3, 'Winterize engine', 'in_progress', 'Blue Heron'),
];

/** The list route: search across title and boat, status filter, counts without it. */
function list(req: FakeRequest): { body: StaffOrdersResponse } {
  const q = (req.search.get('q') ?? '').toLowerCase();
  const statuses = (req.search.get('status') ?? '').split(',').filter(Boolean);
  const matched = ORDERS.filter((o) => !q || `${o.title} ${o.boat?.name}`.toLowerCase().includes(q));
  const shown = matched.filter((o) => !statuses.length || statuses.includes(o.status));
  const counts = Object.fromEntries(
    ['in_progress', 'invoiced'].map((s) => [s, matched.filter((o) => o.status === s).length]),
  ) as StaffOrdersResponse['counts'];
  return {
    body: {
      orders: shown,
      nextCursor: null,
      counts,
      totals: {
        count: shown.length,
        balanceCents: 0,
        valueCents: shown.reduce((a, o) => a + o.valueCents, 0),
      },
      capped: false,
    },
  };
}

const OWNER = ['staff:read', 'staff:work', 'staff:records', 'staff:money', 'staff:invites', 'staff:owner'];

function setup(role: 'owner' | 'technician' = 'owner') {
  const seen = fakeServer({
    'GET /api/staff/me': () => ({
      body: {
        staff: {
          id: 's1',
          name: 'Dana Whitfield',
          email: 'dana@example.com',
          role,
          permissions: role === 'owner' ? OWNER : ['staff:read', 'staff:work'],
        },
        yard: { id: 'y1', slug: 'harbor', name: 'Harbor Point Marine' },
      },
    }),
    'GET /api/staff/activity/unread-count': () => ({ body: { unread: 3 } }),
    'GET /api/staff/orders': list,
  });
  window.history.replaceState(null, '', '/app/orders');
  const queryClient = createQueryClient();
  const router = createAppRouter(queryClient);
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { seen, router };
}

const titles = () =>
  within(screen.getByRole('list', { name: 'Orders' }))
    .getAllByRole('link')
    .map((a) => a.textContent ?? '');

describe('the Orders list', () => {
  it('shows who each order is assigned to; a technician’s dashboard has no invite email link', async () => {
    ORDERS[0].assignee = { id: 's2', name: 'Theo Brightwater' };
    try {
      setup('technician');
      await waitFor(() => expect(titles()).toHaveLength(3));
      expect(titles()[0]).toContain('Theo Brightwater');
      const nav = screen.getByRole('navigation', { name: 'Dashboard' });
      expect(within(nav).queryByRole('link', { name: 'Invite email' })).toBeNull();
      expect(within(nav).getByRole('link', { name: 'Orders' })).toBeTruthy();
    } finally {
      ORDERS[0].assignee = null;
    }
  });

  it('the owner’s dashboard links to the invite email', async () => {
    setup();
    const nav = await screen.findByRole('navigation', { name: 'Dashboard' });
    expect(within(nav).getByRole('link', { name: 'Invite email' })).toBeTruthy();
  });

  it('a search and a status filter change the rows, and the address keeps them', async () => {
    const { seen, router } = setup();
    await waitFor(() => expect(titles()).toHaveLength(3));
    expect(screen.getByRole('link', { name: /#1041/ }).getAttribute('href')).toBe(
      `/app/orders/${ORDERS[0].id}`,
    );
    expect(screen.getByRole('status').textContent).toMatch(
      /3 orders · open balance \$0\.00 · value \$600\.00/,
    );
    // The unread activity count is in the nav.
    expect(await screen.findByText('3', { selector: '.nav-badge' })).toBeTruthy();

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search orders' }), 'otter');
    await waitFor(() => expect(titles()).toEqual([expect.stringContaining('Bottom paint')]));
    expect(router.state.location.search).toMatchObject({ q: 'otter' });
    expect(seen.at(-1)?.search.get('q')).toBe('otter');

    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search orders' }));
    await waitFor(() => expect(titles()).toHaveLength(3));
    await userEvent.click(screen.getByRole('button', { name: /Invoiced/ }));
    await waitFor(() => expect(titles()).toEqual([expect.stringContaining('Replace impeller')]));
    expect(seen.at(-1)?.search.get('status')).toBe('invoiced');
    expect(router.state.location.search).toMatchObject({ status: 'invoiced' });
    // The chips keep the counts of every status.
    expect(screen.getByRole('button', { name: /In progress/ }).textContent).toContain('2');

    await userEvent.click(screen.getByRole('button', { name: /In progress/ }));
    await waitFor(() => expect(titles()).toHaveLength(3));
    expect(seen.at(-1)?.search.get('status')).toBe('invoiced,in_progress');
  });
});
