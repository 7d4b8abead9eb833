import { describe, expect, it } from 'vitest';
import { parseDollars } from '../../web/portal/orders-api.js';
import {
  statusAfterAcceptance,
  statusAfterDecline,
  statusAfterEstimateSent,
  statusAfterInvoiceSent,
  statusAfterPayment,
} from './order-status.js';
import { ORDER_STATUSES } from './order-statuses.js';
import { canTransition } from './order-transitions.js';
import { offlineProvider } from './payment-provider.js';

describe('order status rules', () => {
  it('acceptance moves a waiting order to in progress and leaves others alone', () => {
    for (const s of ['requested', 'open_estimate', 'estimate_sent', 'awaiting_acceptance'] as const) {
      expect(statusAfterAcceptance(s)).toBe('in_progress');
    }
    expect(statusAfterAcceptance('completed')).toBe('completed');
  });

  it('a declined estimate moves a waiting order to declined and leaves others alone', () => {
    for (const s of ['estimate_sent', 'awaiting_acceptance'] as const) {
      expect(statusAfterDecline(s)).toBe('declined');
    }
    expect(statusAfterDecline('in_progress')).toBe('in_progress');
  });

  it('the estimate rules only ever make an allowed move', () => {
    for (const s of ORDER_STATUSES) {
      for (const rule of [statusAfterAcceptance, statusAfterDecline, statusAfterEstimateSent]) {
        const to = rule(s);
        if (to !== s) expect(canTransition(s, to), `${s} → ${to}`).toBe(true);
      }
    }
  });

  it('payments: partial until every invoice is paid; a paid deposit starts the work', () => {
    const inv = (paidCents: number, totalCents = 1000, depositCents: number | null = null) => ({
      totalCents,
      paidCents,
      depositCents,
    });
    expect(statusAfterPayment('invoiced', [inv(1)])).toBe('partial_payment');
    expect(statusAfterPayment('partial_payment', [inv(1000)])).toBe('paid');
    expect(statusAfterPayment('invoiced', [inv(1000), inv(10)])).toBe('partial_payment');
    expect(statusAfterPayment('deposit_requested', [inv(300, 1000, 300)])).toBe('in_progress');
    expect(statusAfterPayment('deposit_requested', [inv(100, 1000, 300)])).toBe('partial_payment');
    expect(statusAfterPayment('completed', [inv(1000)])).toBe('completed');
    expect(statusAfterPayment('cancelled', [inv(5)])).toBe('cancelled');
    // A credit note taking part of the balance off, nothing paid: no payment to speak of.
    expect(statusAfterPayment('invoiced', [inv(0, 900)])).toBe('invoiced');
    expect(statusAfterPayment('deposit_requested', [inv(0, 200, 300)])).toBe('deposit_requested');
  });

  it('a deposit invoice paid in full starts the work; the order is paid only once the work is', () => {
    const deposit = (paidCents: number) => ({
      totalCents: 200,
      paidCents,
      depositCents: null,
      deposit: true,
    });
    const work = (paidCents: number) => ({ totalCents: 800, paidCents, depositCents: null });
    expect(statusAfterPayment('deposit_requested', [deposit(200)])).toBe('in_progress');
    expect(statusAfterPayment('deposit_requested', [deposit(50)])).toBe('partial_payment');
    expect(statusAfterPayment('in_progress', [deposit(200)])).toBe('in_progress');
    expect(statusAfterPayment('invoiced', [deposit(200), work(300)])).toBe('partial_payment');
    expect(statusAfterPayment('invoiced', [deposit(200), work(800)])).toBe('paid');
  });

  it('sending an estimate or invoice moves early orders on', () => {
    expect(statusAfterEstimateSent('open_estimate')).toBe('estimate_sent');
    expect(statusAfterEstimateSent('in_progress')).toBe('in_progress');
    expect(statusAfterEstimateSent('declined')).toBe('estimate_sent');
    expect(statusAfterInvoiceSent('in_progress')).toBe('invoiced');
    expect(statusAfterInvoiceSent('paid')).toBe('paid');
  });
});

describe('built-in payment provider', () => {
  const charge = (cardNumber: string) =>
    offlineProvider().charge({
      attemptId: 'a',
      idempotencyKey: 'k',
      amountCents: 100,
      currency: 'usd',
      description: 'x',
      cardNumber,
      metadata: {},
    });
  it('behaves like test mode: 4242… succeeds, 4000…0002 declines, unknown numbers decline', async () => {
    expect(await charge('4242 4242 4242 4242')).toMatchObject({
      status: 'succeeded',
      label: 'Visa ending 4242',
    });
    expect(await charge('4000000000000002')).toMatchObject({ status: 'declined', code: 'card_declined' });
    expect(await charge('4000000000009995')).toMatchObject({
      status: 'declined',
      code: 'insufficient_funds',
    });
    expect(await charge('1234')).toMatchObject({ status: 'declined', code: 'unknown_test_card' });
  });
});

describe('amounts typed by a person', () => {
  it('are read as integer cents without floating point', () => {
    expect(parseDollars('0.29')).toBe(29);
    expect(parseDollars('1,234.5')).toBe(123_450);
    expect(parseDollars('$10')).toBe(1000);
    expect(parseDollars('19.99')).toBe(1999);
    expect(parseDollars('1.234')).toBeNull();
    expect(parseDollars('-5')).toBeNull();
    expect(parseDollars('abc')).toBeNull();
  });
});
