// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CustomerContact, CustomerDetails } from '../../shared/api-types';
import { fakeServer } from '../testing/render';
import { ContactCard } from './contact-card';

const ACME: CustomerContact = {
  id: '00000000-0000-4000-8000-000000000001',
  customerNumber: 1042,
  firstName: '',
  lastName: '',
  company: 'Acme Marine',
  email: null,
  phone: null,
  street: null,
  city: null,
  state: null,
  postalCode: null,
};
const DETAILS: CustomerDetails = {
  phoneType: null,
  otherEmails: [],
  otherPhones: [],
  notes: null,
  archivedAt: null,
  mergedInto: null,
};

describe('editing a customer', () => {
  it('a customer known by their company alone can be edited and saved', async () => {
    const seen = fakeServer({
      [`PATCH /api/staff/customers/${ACME.id}`]: () => ({ body: { customer: ACME } }),
    });
    const onSaved = vi.fn();
    render(<ContactCard customer={ACME} details={DETAILS} invitePending={false} onSaved={onSaved} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit customer' }));
    await user.type(screen.getByLabelText(/^City/), 'Key West');
    await user.click(screen.getByRole('button', { name: /^Save/ }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const patch = seen.find((r) => r.method === 'PATCH');
    expect(patch?.body).toMatchObject({ company: 'Acme Marine', city: 'Key West' });
  });
});
