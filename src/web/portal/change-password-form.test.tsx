// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeServer, renderWithQuery } from '../testing/render';
import { ChangePasswordForm } from './change-password-form';

const GOOD = 'correct horse battery staple';

async function fill(current: string, password: string, confirm: string) {
  const user = userEvent.setup();
  if (current) await user.type(screen.getByLabelText('Current password'), current);
  if (password) await user.type(screen.getByLabelText('New password'), password);
  if (confirm) await user.type(screen.getByLabelText('Confirm new password'), confirm);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('the new-password form (change password)', () => {
  it('counts characters against the rule and refuses a short password without asking the server', async () => {
    const seen = fakeServer({});
    renderWithQuery(<ChangePasswordForm yard="harbor" />);
    await userEvent.type(screen.getByLabelText('New password'), 'short');
    expect(screen.getByText('5 of at least 15 characters')).toBeTruthy();

    await fill('old password', '', 'short');
    expect(screen.getByText('Your password needs at least 15 characters (it has 5).')).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
    expect(seen).toHaveLength(0);
  });

  it('counts an emoji as one character, as the server does', async () => {
    fakeServer({});
    renderWithQuery(<ChangePasswordForm yard="harbor" />);
    await userEvent.type(screen.getByLabelText('New password'), 'boat⛵');
    expect(screen.getByText('5 of at least 15 characters')).toBeTruthy();
  });

  it('refuses a confirmation that does not match', async () => {
    const seen = fakeServer({});
    renderWithQuery(<ChangePasswordForm yard="harbor" />);
    await fill('old password', GOOD, `${GOOD}!`);
    expect(screen.getByText('The two passwords are not the same.')).toBeTruthy();
    expect(screen.getByLabelText('Confirm new password').getAttribute('aria-invalid')).toBe('true');
    expect(seen).toHaveLength(0);
  });

  it('asks for the current password first', async () => {
    fakeServer({});
    renderWithQuery(<ChangePasswordForm yard="harbor" />);
    await fill('', GOOD, GOOD);
    expect(screen.getByText('Enter your current password.')).toBeTruthy();
  });

  it('shows the server’s refusal of a common password at the field', async () => {
    fakeServer({
      'POST /api/portal/harbor/me/password': () => ({
        status: 422,
        body: { code: 'WEAK_PASSWORD', message: 'This password is on a list of common passwords.' },
      }),
    });
    renderWithQuery(<ChangePasswordForm yard="harbor" />);
    await fill('old password', GOOD, GOOD);
    expect(await screen.findByText('This password is on a list of common passwords.')).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
  });

  it('sends a valid change and clears the fields', async () => {
    const seen = fakeServer({
      'POST /api/portal/harbor/me/password': () => ({ body: { message: 'Your password was changed.' } }),
    });
    renderWithQuery(<ChangePasswordForm yard="harbor" />);
    await fill('old password', GOOD, GOOD);
    expect(await screen.findByText('Your password was changed.')).toBeTruthy();
    expect(seen[0].body).toEqual({ currentPassword: 'old password', password: GOOD, confirmPassword: GOOD });
    expect((screen.getByLabelText('New password') as HTMLInputElement).value).toBe('');
  });
});
