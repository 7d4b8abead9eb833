// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { InvoiceView } from '../../shared/api-types';
import { fakeServer, renderWithQuery } from '../testing/render';
import { PayInvoiceForm } from './pay-invoice-form';

const invoice = (over: Partial<InvoiceView> = {}): InvoiceView => ({
  id: 'inv-1',
  number: 1042,
  orderNumber: 7,
  status: 'open',
  subtotalCents: 50_000,
  taxCents: 0,
  totalCents: 50_000,
  paidCents: 0,
  creditedCents: 0,
  balanceCents: 50_000,
  depositCents: null,
  issuedAt: null,
  dueOn: null,
  lineItems: [],
  ...over,
});

const PAY = 'POST /api/portal/harbor/invoices/inv-1/payments';

async function payAnother(amount: string) {
  const user = userEvent.setup();
  await user.click(screen.getByLabelText('Another amount'));
  await user.type(screen.getByLabelText('Amount (USD)'), amount);
  await user.type(screen.getByLabelText('Card number'), '4242424242424242');
  await user.click(screen.getByRole('button', { name: /^Pay/ }));
}

describe('the pay-invoice form', () => {
  it('offers the requested deposit first when it is not yet paid', () => {
    fakeServer({});
    renderWithQuery(
      <PayInvoiceForm
        yard="harbor"
        invoice={invoice({ depositCents: 20_000 })}
        provider="offline"
        onPaid={vi.fn()}
      />,
    );
    expect((screen.getByLabelText(/Requested deposit, \$200\.00/) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Pay $200.00' })).toBeTruthy();
  });

  it('refuses more than the balance due without asking the server', async () => {
    const seen = fakeServer({});
    renderWithQuery(<PayInvoiceForm yard="harbor" invoice={invoice()} provider="offline" onPaid={vi.fn()} />);
    await payAnother('500.01');
    expect(screen.getByText('That is more than the balance due ($500.00).')).toBeTruthy();
    expect(seen).toHaveLength(0);
  });

  it('refuses zero and text that is not an amount', async () => {
    const seen = fakeServer({});
    renderWithQuery(<PayInvoiceForm yard="harbor" invoice={invoice()} provider="offline" onPaid={vi.fn()} />);
    await payAnother('0');
    expect(screen.getByText('Enter an amount greater than zero, e.g. 250.00.')).toBeTruthy();
    const amount = screen.getByLabelText('Amount (USD)');
    await userEvent.clear(amount);
    await userEvent.type(amount, '12.345');
    await userEvent.click(screen.getByRole('button', { name: /^Pay/ }));
    expect(screen.getByText('Enter an amount greater than zero, e.g. 250.00.')).toBeTruthy();
    expect(seen).toHaveLength(0);
  });

  it('pays part of the balance in cents, with one idempotency key per attempt', async () => {
    const onPaid = vi.fn();
    const seen = fakeServer({
      [PAY]: () => ({
        body: {
          status: 'succeeded',
          payment: null,
          invoice: invoice({ paidCents: 12_550, balanceCents: 37_450, status: 'partial' }),
          clientSecret: null,
        },
      }),
    });
    renderWithQuery(<PayInvoiceForm yard="harbor" invoice={invoice()} provider="offline" onPaid={onPaid} />);
    await payAnother('125.50');
    expect(await screen.findByText(/Payment of \$125\.50 received/)).toBeTruthy();
    expect(seen[0].body).toEqual({ amountCents: 12_550, cardNumber: '4242424242424242' });
    const key = seen[0].headers['idempotency-key'];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(onPaid).toHaveBeenCalledOnce();

    // The next payment is a new attempt with a new key.
    await payAnother('10');
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1].headers['idempotency-key']).not.toBe(key);
  });

  it('keeps the key when the server could not be reached, so a retry pays once', async () => {
    let calls = 0;
    const seen = fakeServer({
      [PAY]: () => {
        calls += 1;
        if (calls === 1) throw new TypeError('Failed to fetch');
        return { body: { status: 'succeeded', payment: null, invoice: invoice(), clientSecret: null } };
      },
    });
    renderWithQuery(<PayInvoiceForm yard="harbor" invoice={invoice()} provider="offline" onPaid={vi.fn()} />);
    await payAnother('25');
    expect(await screen.findByText(/could not reach the server/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: /^Pay/ }));
    await screen.findByText(/Payment of \$25\.00 received/);
    expect(seen[1].headers['idempotency-key']).toBe(seen[0].headers['idempotency-key']);
  });

  it('pays with the default saved card in one step, without a card number; another card can be chosen', async () => {
    const card = (id: string, last4: string, isDefault: boolean) => ({
      id,
      brand: 'Visa',
      last4,
      expMonth: 8,
      expYear: 2040,
      isDefault,
      expired: false,
      label: `Visa •••• ${last4}`,
      createdAt: '2026-01-01T00:00:00Z',
    });
    const seen = fakeServer({
      [PAY]: () => ({
        body: {
          status: 'succeeded',
          payment: {
            id: 'p1',
            invoiceNumber: 1042,
            amountCents: 50_000,
            method: 'card',
            receivedAt: '2026-01-01',
          },
          invoice: invoice({ paidCents: 50_000, balanceCents: 0, status: 'paid' }),
          clientSecret: null,
        },
      }),
    });
    renderWithQuery(
      <PayInvoiceForm
        yard="harbor"
        invoice={invoice()}
        provider="offline"
        onPaid={vi.fn()}
        savedCards={[card('c-default', '4242', true), card('c-other', '1881', false)]}
      />,
    );
    expect((screen.getByLabelText(/Visa •••• 4242/) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText('Card number')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Pay $500.00' }));
    await screen.findByText(/Payment of \$500\.00 received/);
    expect(seen[0].body).toEqual({ amountCents: 50_000, savedCardId: 'c-default' });
    await userEvent.click(screen.getByLabelText('Another card'));
    expect(screen.getByLabelText('Card number')).toBeTruthy();
  });
});
