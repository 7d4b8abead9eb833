// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  checkInviteTemplate,
  DEFAULT_INVITE_TEMPLATE,
  INVITE_PLACEHOLDERS,
} from '../../modules/invites/invite-template';
import { AppError } from '../../server/errors';
import type { InviteTemplateInput, InviteTemplateView } from '../../shared/api-types';
import { type FakeRequest, fakeServer, renderWithQuery } from '../testing/render';
import { TemplateEditor } from './invite-template-page';

const saved: InviteTemplateView = {
  ...DEFAULT_INVITE_TEMPLATE,
  isDefault: true,
  updatedAt: null,
  defaults: DEFAULT_INVITE_TEMPLATE,
  placeholders: INVITE_PLACEHOLDERS.map((p) => ({ name: p.name, description: p.description })),
};

const fill = (text: string) =>
  text.replaceAll('{yard_name}', 'Harbor Point Marine').replaceAll('{customer_first_name}', 'Ann');

/** The preview route, checked with the server's own template rules (invite-template.ts). */
function preview(req: FakeRequest) {
  try {
    const t = checkInviteTemplate(req.body as InviteTemplateInput);
    return {
      body: {
        subject: fill(t.subject),
        text: fill(`${t.greeting}\n\n${t.body}`),
        html: '<p>preview</p>',
        customer: { id: 'c1', name: 'Ann Abbott' },
      },
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: 422, body: { code: error.code, message: error.message, details: error.details } };
  }
}

function setup() {
  const seen = fakeServer({ 'POST /api/staff/invite-template/preview': preview });
  renderWithQuery(<TemplateEditor initial={saved} />);
  return seen;
}

const previewSubject = () => screen.queryByTestId('preview-subject')?.textContent;

describe('the invite template editor', () => {
  it('shows a live preview that follows the wording', async () => {
    setup();
    await waitFor(() =>
      expect(previewSubject()).toBe('Harbor Point Marine invited you to their customer portal'),
    );

    const subject = screen.getByLabelText('Subject');
    await userEvent.clear(subject);
    await userEvent.type(subject, 'Your portal at {{yard_name}');
    await waitFor(() => expect(previewSubject()).toBe('Your portal at Harbor Point Marine'));
    expect(screen.getByText('You have unsaved changes.')).toBeTruthy();
  });

  it('inserts a placeholder at the cursor of the field last used', async () => {
    setup();
    const body = screen.getByLabelText('Body', { exact: true }) as HTMLTextAreaElement;
    fireEvent.change(body, { target: { value: 'Welcome aboard.\n\n' } });
    body.focus();
    body.setSelectionRange(body.value.length, body.value.length);
    await userEvent.click(screen.getByRole('button', { name: 'Insert {portal_link}' }));
    expect(body.value).toBe('Welcome aboard.\n\n{portal_link}');
    expect(document.activeElement).toBe(body);

    // Into the subject instead, where the cursor is (here: at the start).
    const subject = screen.getByLabelText('Subject') as HTMLInputElement;
    subject.focus();
    subject.setSelectionRange(0, 0);
    await userEvent.click(screen.getByRole('button', { name: 'Insert {customer_first_name}' }));
    expect(subject.value).toBe(`{customer_first_name}${DEFAULT_INVITE_TEMPLATE.subject}`);
  });

  it('refuses an unknown placeholder at its field, keeping the last good preview', async () => {
    setup();
    await waitFor(() => expect(previewSubject()).toBeTruthy());
    const greeting = screen.getByLabelText('Greeting');
    await userEvent.clear(greeting);
    await userEvent.type(greeting, 'Ahoy {{boat_name},');

    await screen.findByText(/The greeting has an unknown placeholder: \{boat_name\}/);
    expect(greeting.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Fix the wording on the left to see the preview again.')).toBeTruthy();
    expect(previewSubject()).toBe('Harbor Point Marine invited you to their customer portal');

    // Fixed: the error goes and the preview follows again.
    await userEvent.clear(greeting);
    await userEvent.type(greeting, 'Ahoy {{customer_first_name},');
    await waitFor(() => expect(greeting.getAttribute('aria-invalid')).toBeNull());
  });
});
