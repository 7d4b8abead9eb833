// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { OrderBillingResponse } from '../../shared/api-types';
import { fakeServer, renderWithQuery } from '../testing/render';
import { RecordPaymentDialog } from './billing-dialogs';

const invoice = { id: 'inv-1', number: 1042, balanceCents: 60_387 };
const PAY = 'POST /api/staff/invoices/inv-1/payments';
const billing: OrderBillingResponse = {
  orderId: 'ord-1',
  invoices: [],
  payments: [],
  refunds: [],
  acceptedEstimate: null,
};

function open(onDone = vi.fn()) {
  renderWithQuery(
    <RecordPaymentDialog orderId="ord-1" invoice={invoice} onClose={vi.fn()} onDone={onDone} />,
  );
  return { user: userEvent.setup(), onDone };
}

describe('the record-payment dialog', () => {
  it('starts with the balance due as the amount', () => {
    fakeServer({});
    open();
    expect((screen.getByLabelText('Amount (USD)') as HTMLInputElement).value).toBe('603.87');
  });

  it('a check needs its number before anything is sent', async () => {
    const seen = fakeServer({});
    const { user } = open();
    await user.selectOptions(screen.getByLabelText('Method'), 'check');
    await user.click(screen.getByRole('button', { name: 'Record payment' }));
    expect(screen.getByText('Enter the check number.')).toBeTruthy();
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('an amount over the balance is refused with the balance in the message', async () => {
    const seen = fakeServer({});
    const { user } = open();
    const amount = screen.getByLabelText('Amount (USD)');
    await user.clear(amount);
    await user.type(amount, '603.88');
    await user.click(screen.getByRole('button', { name: 'Record payment' }));
    expect(screen.getByText('That is more than the balance due ($603.87).')).toBeTruthy();
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('sends the check with its number and an Idempotency-Key, and reports the answer', async () => {
    const seen = fakeServer({
      [PAY]: () => ({ body: { message: 'The payment was recorded.', invoiceId: 'inv-1', billing } }),
    });
    const { user, onDone } = open();
    await user.selectOptions(screen.getByLabelText('Method'), 'check');
    await user.type(screen.getByLabelText('Check number'), '1042');
    const amount = screen.getByLabelText('Amount (USD)');
    await user.clear(amount);
    await user.type(amount, '250');
    await user.click(screen.getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('The payment was recorded.'));
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ method: 'check', amountCents: 25_000, reference: '1042' });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("shows the server's refusal, e.g. a payment recorded meanwhile that lowered the balance", async () => {
    fakeServer({
      [PAY]: () => ({
        status: 409,
        body: {
          code: 'OVER_BALANCE',
          message: 'The amount is more than the balance due on invoice #1042: at most $3.87 can be paid.',
        },
      }),
    });
    const { user } = open();
    await user.click(screen.getByRole('button', { name: 'Record payment' }));
    expect(await screen.findByText(/at most \$3\.87 can be paid/)).toBeTruthy();
  });
});
