// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { OrderRequestCard } from './order-request-card';
import '../testing/render';

describe('the service request on the order page', () => {
  it('shows the photos small and opens one full size in a dialog', async () => {
    const url = '/api/staff/orders/o1/service-request/photos/p1';
    render(
      <OrderRequestCard
        request={{
          description: 'Bilge pump runs every few minutes.',
          preferredFrom: '2030-04-01',
          preferredTo: null,
          requestedAt: '2030-03-01T10:00:00.000Z',
          photos: [{ id: 'p1', fileName: 'bilge.png', contentType: 'image/png', thumbnailUrl: url, url }],
        }}
      />,
    );
    expect(screen.getByText('Bilge pump runs every few minutes.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'bilge.png (from the request)' }));
    const dialog = screen.getByRole('dialog', { name: 'bilge.png' });
    expect(within(dialog).getByRole('img').getAttribute('src')).toBe(url);
    expect(within(dialog).getByRole('link', { name: 'Open original' }).getAttribute('href')).toBe(url);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
