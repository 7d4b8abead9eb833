// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { YardSettingsPatch } from '../../shared/api-schemas/yards';
import type { YardSettingsView } from '../../shared/api-types';
import { type FakeRequest, fakeServer, renderWithQuery } from '../testing/render';
import { YardSettingsForm } from './yard-settings-page';

const saved: YardSettingsView = {
  name: 'Harbor Point Marine',
  email: 'office@harborpoint.test',
  phone: '(305) 555-0100',
  address: '1 Wharf Road',
  timezone: 'America/New_York',
  inviteExpiryDays: null,
  defaultInviteExpiryDays: 14,
  taxRates: { labor: '5', parts: '7', fees: '0' },
  invoiceDueDays: 30,
  invoiceTerms: '',
  estimateValidDays: 30,
  currency: 'USD',
  lengthUnit: 'ft',
  phoneCountry: 'US',
  phoneCountries: ['CA', 'GB', 'US'],
  logoUrl: null,
  canEdit: true,
};

/** The PATCH route, checked with the server's own schema. */
function patch(req: FakeRequest) {
  const parsed = YardSettingsPatch.safeParse(req.body);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
    const [field, message] = Object.entries(fields)[0];
    return {
      status: 422,
      body: { code: 'VALIDATION', message: `${field}: ${message}`, details: { fields } },
    };
  }
  const p = parsed.data;
  return {
    body: {
      ...saved,
      ...p,
      inviteExpiryDays: p.inviteExpiryDays ?? null,
      taxRates: { ...saved.taxRates, ...p.taxRates },
    },
  };
}

describe('the yard settings form', () => {
  it('shows the server’s message at a bad tax rate and saves nothing else', async () => {
    const seen = fakeServer({ 'PATCH /api/staff/yard/settings': patch });
    renderWithQuery(<YardSettingsForm initial={saved} />);
    const labour = screen.getByLabelText('Labour tax (%)');
    await userEvent.clear(labour);
    await userEvent.type(labour, '7.255');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(labour.getAttribute('aria-invalid')).toBe('true'));
    const errorId = labour
      .getAttribute('aria-describedby')
      ?.split(' ')
      .find((id) => id.endsWith('-error'));
    expect(document.getElementById(errorId ?? '')?.textContent).toMatch(/at most two decimals/);
    expect(screen.queryByText(/^Saved\./)).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe(
      'Some settings need fixing: see the messages below them.',
    );
    expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('saves the changed rates and says so', async () => {
    const seen = fakeServer({ 'PATCH /api/staff/yard/settings': patch });
    renderWithQuery(<YardSettingsForm initial={saved} />);
    const parts = screen.getByLabelText('Parts tax (%)');
    await userEvent.clear(parts);
    await userEvent.type(parts, '7.25');
    expect(screen.getByText('You have unsaved changes.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved. New estimates and invoices use these settings.');
    const sent = seen.find((r) => r.method === 'PATCH')?.body as { taxRates: { parts: string } };
    expect(sent.taxRates.parts).toBe('7.25');
    expect((parts as HTMLInputElement).value).toBe('7.25');
  });

  it('saves the currency, length unit and phone country picked from their lists', async () => {
    const seen = fakeServer({ 'PATCH /api/staff/yard/settings': patch });
    renderWithQuery(<YardSettingsForm initial={saved} />);
    await userEvent.selectOptions(screen.getByLabelText('Currency'), 'CAD');
    await userEvent.selectOptions(screen.getByLabelText('Boat lengths in'), 'm');
    await userEvent.selectOptions(screen.getByLabelText('Default phone country'), 'CA');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved. New estimates and invoices use these settings.');
    const sent = seen.find((r) => r.method === 'PATCH')?.body;
    expect(sent).toMatchObject({ currency: 'CAD', lengthUnit: 'm', phoneCountry: 'CA' });
  });

  it('is read-only with a note for staff who are not the owner', () => {
    fakeServer({});
    renderWithQuery(<YardSettingsForm initial={{ ...saved, canEdit: false }} />);
    expect(screen.getByText(/Only the yard's owner can change these settings/)).toBeTruthy();
    expect(screen.getByLabelText('Labour tax (%)').matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
  });
});
