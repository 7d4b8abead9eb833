import { type FormEvent, type ReactNode, useState } from 'react';
import type { InvoiceView, PayInvoiceResponse, SavedCardView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { formatMoney } from '../ui/format';
import { centsToInput, ordersApi, parseDollars } from './orders-api';

type Choice = 'full' | 'deposit' | 'other';

/**
 * Pay an invoice in full, the requested deposit, or another amount. One Idempotency-Key
 * per attempt: kept while the same amount is retried, renewed after an answer.
 */
export function PayInvoiceForm({
  yard,
  invoice,
  provider,
  onPaid,
  saveCardLink,
  savedCards = [],
}: {
  yard: string;
  invoice: InvoiceView;
  provider: 'offline' | 'stripe';
  /** With the confirmation shown: the page keeps it when paying in full removes this form. */
  onPaid: (result: PayInvoiceResponse, message: string) => void;
  /** A link to the saved-cards page, offered while the customer has no saved card. */
  saveCardLink?: ReactNode;
  /** The customer's saved cards (docs/saved-cards.md): one pays in one step, the default first. */
  savedCards?: SavedCardView[];
}) {
  const depositDue =
    invoice.depositCents !== null && invoice.paidCents < invoice.depositCents
      ? Math.min(invoice.depositCents - invoice.paidCents, invoice.balanceCents)
      : null;
  const [choice, setChoice] = useState<Choice>(depositDue ? 'deposit' : 'full');
  const [other, setOther] = useState('');
  const [card, setCard] = useState('');
  // A saved card (docs/saved-cards.md) pays in one step; the default one is chosen first.
  const saved = savedCards.filter((c) => !c.expired);
  const [cardChoice, setCardChoice] = useState<string | null>(null);
  const savedCardId =
    cardChoice === 'new' ? undefined : (saved.find((c) => c.id === cardChoice) ?? saved[0])?.id;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());

  const amount =
    choice === 'full' ? invoice.balanceCents : choice === 'deposit' ? depositDue : parseDollars(other);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (amount === null || amount <= 0) return setError('Enter an amount greater than zero, e.g. 250.00.');
    if (amount > invoice.balanceCents) {
      return setError(`That is more than the balance due (${formatMoney(invoice.balanceCents)}).`);
    }
    setBusy(true);
    try {
      const result = await ordersApi.pay(
        yard,
        invoice.id,
        savedCardId
          ? { amountCents: amount, savedCardId }
          : { amountCents: amount, cardNumber: provider === 'offline' ? card : undefined },
        key,
      );
      setKey(crypto.randomUUID());
      const message =
        result.status === 'succeeded'
          ? `Payment of ${formatMoney(amount)} received. A receipt is on its way by email.`
          : 'Your payment is being confirmed by the card processor; this page updates once it is.';
      setDone(message);
      setCard('');
      setOther('');
      onPaid(result, message);
    } catch (err) {
      // An answer means the attempt is over; a network error may be retried with the same key.
      if (!(err instanceof Error && err.message.includes('reach the server'))) setKey(crypto.randomUUID());
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="pay-form stack" onSubmit={submit} aria-label={`Pay invoice #${invoice.number}`}>
      <fieldset className="pay-choices">
        <legend>Amount to pay</legend>
        <label>
          <input type="radio" name="amount" checked={choice === 'full'} onChange={() => setChoice('full')} />
          Balance due, {formatMoney(invoice.balanceCents)}
        </label>
        {depositDue !== null && (
          <label>
            <input
              type="radio"
              name="amount"
              checked={choice === 'deposit'}
              onChange={() => setChoice('deposit')}
            />
            Requested deposit, {formatMoney(depositDue)}
          </label>
        )}
        <label>
          <input
            type="radio"
            name="amount"
            checked={choice === 'other'}
            onChange={() => setChoice('other')}
          />
          Another amount
        </label>
      </fieldset>
      {choice === 'other' && (
        <Field
          label="Amount (USD)"
          inputMode="decimal"
          placeholder={centsToInput(Math.min(10_000, invoice.balanceCents))}
          value={other}
          onChange={(e) => setOther(e.target.value)}
        />
      )}
      {saved.length > 0 && (
        <fieldset className="pay-choices pay-saved-cards">
          <legend>Pay with</legend>
          {saved.map((c) => (
            <label key={c.id}>
              <input
                type="radio"
                name="card"
                checked={savedCardId === c.id}
                onChange={() => setCardChoice(c.id)}
              />
              {c.label}, expires {String(c.expMonth).padStart(2, '0')}/{c.expYear}
            </label>
          ))}
          <label>
            <input type="radio" name="card" checked={!savedCardId} onChange={() => setCardChoice('new')} />
            Another card
          </label>
        </fieldset>
      )}
      {provider === 'offline' && !savedCardId && (
        <Field
          label="Card number"
          inputMode="numeric"
          autoComplete="cc-number"
          value={card}
          onChange={(e) => setCard(e.target.value)}
          hint="Demo payments: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined."
        />
      )}
      <FormAlert message={error} />
      {done && (
        <div className="alert alert-success" role="status">
          {done}
        </div>
      )}
      <div>
        <Button type="submit" variant="primary" busy={busy}>
          Pay {amount && amount > 0 ? formatMoney(amount) : ''}
        </Button>
      </div>
      {saved.length === 0 && saveCardLink && <p className="muted">{saveCardLink}</p>}
    </form>
  );
}
