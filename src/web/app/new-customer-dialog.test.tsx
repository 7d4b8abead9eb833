// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createAppRouter } from '../router';
import { fakeServer } from '../testing/render';
import { createQueryClient } from '../ui/query-client';

const ANN = '00000000-0000-4000-8000-000000000001';
const NEW = '00000000-0000-4000-8000-000000000002';

function setup() {
  const seen = fakeServer({
    'GET /api/staff/me': () => ({
      body: {
        staff: {
          id: 's1',
          name: 'Dana Whitfield',
          email: 'dana@example.com',
          role: 'owner',
          permissions: [
            'staff:read',
            'staff:work',
            'staff:records',
            'staff:money',
            'staff:invites',
            'staff:owner',
          ],
        },
        yard: {
          id: 'y1',
          slug: 'harbor',
          name: 'Harbor Point Marine',
          currency: 'USD',
          lengthUnit: 'ft',
          logoUrl: null,
        },
      },
    }),
    'GET /api/staff/activity/unread-count': () => ({ body: { unread: 0 } }),
    'GET /api/staff/customers': () => ({ body: { customers: [], nextCursor: null, capped: false } }),
    'POST /api/staff/customers': (req) => {
      const body = req.body as { phone?: string; allowDuplicate?: boolean };
      if (body.phone === '305-555-01') {
        const message = 'Phone: "305-555-01" is not a valid phone number for US.';
        return {
          status: 422,
          body: { code: 'VALIDATION', message, details: { fields: { phone: message } } },
        };
      }
      if (!body.allowDuplicate) {
        return {
          status: 409,
          body: {
            code: 'POSSIBLE_DUPLICATE',
            message: 'Already on file: customer 1042, Ann Lee (same email).',
            details: {
              matches: [
                { id: ANN, customerNumber: 1042, name: 'Ann Lee', matched: ['email'], archived: false },
              ],
            },
          },
        };
      }
      return { status: 201, body: { id: NEW, customerNumber: 1043 } };
    },
  });
  window.history.replaceState(null, '', '/app/customers');
  const queryClient = createQueryClient();
  const router = createAppRouter(queryClient);
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { seen, router };
}

describe('the New customer dialog', () => {
  it('names a bad phone, warns about a customer on file with a link, and creates anyway', async () => {
    const { seen, router } = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New customer' }));
    const dialog = screen.getByRole('dialog', { name: 'New customer' });
    await user.type(within(dialog).getByLabelText('First name'), 'Annie');
    await user.type(within(dialog).getByLabelText('Email'), 'ann@example.com');
    await user.type(within(dialog).getByLabelText('Phone'), '305-555-01');
    await user.click(within(dialog).getByRole('button', { name: 'Add email' }));
    await user.type(within(dialog).getByLabelText('Other email 1'), 'annie@work.test');
    await user.selectOptions(within(dialog).getAllByLabelText('Type')[0], 'work');
    await user.click(within(dialog).getByRole('button', { name: 'Create customer' }));

    expect(
      await within(dialog).findByText(/is not a valid phone number for US/, { selector: '.field-error' }),
    ).toBeTruthy();
    expect(within(dialog).getByLabelText('Phone').getAttribute('aria-invalid')).toBe('true');

    await user.clear(within(dialog).getByLabelText('Phone'));
    await user.type(within(dialog).getByLabelText('Phone'), '(305) 555-0142');
    await user.click(within(dialog).getByRole('button', { name: 'Create customer' }));
    const link = await within(dialog).findByRole('link', { name: '#1042 Ann Lee' });
    expect(link.getAttribute('href')).toBe(`/app/customers/${ANN}`);
    expect(dialog.textContent).toContain('Already on file:');
    expect(dialog.textContent).toContain('(same email)');
    const posts = () => seen.filter((r) => r.method === 'POST' && r.path === '/api/staff/customers');
    expect(posts()).toHaveLength(2);
    expect(posts()[1].body).toMatchObject({
      firstName: 'Annie',
      email: 'ann@example.com',
      phone: '(305) 555-0142',
      phoneType: 'mobile',
      otherEmails: [{ value: 'annie@work.test', label: 'work' }],
    });
    expect((posts()[1].body as { allowDuplicate?: boolean }).allowDuplicate).toBeUndefined();

    await user.click(within(dialog).getByRole('button', { name: 'Create anyway' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/app/customers/${NEW}`));
    expect(posts()).toHaveLength(3);
    expect(posts()[2].body).toMatchObject({ allowDuplicate: true, email: 'ann@example.com' });
  });
});
