import { type FormEvent, useState } from 'react';
import type { SavedCardResponse } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { cardsApi } from './cards-api';
import { StripeCardForm } from './stripe-card-form';

/**
 * Saving a card: the setup is started at the provider, then confirmed. With the built-in
 * provider the test card is typed here; with Stripe, Stripe's own card form takes it
 * (stripe-card-form.tsx, which loads Stripe.js only then).
 */
export function AddCardForm({
  yard,
  provider,
  onSaved,
}: {
  yard: string;
  provider: 'offline' | 'stripe';
  onSaved: (result: SavedCardResponse) => void;
}) {
  const [open, setOpen] = useState(false);
  const [setupId, setSetupId] = useState<string | null>(null);
  const [number, setNumber] = useState('');
  const [month, setMonth] = useState('');
  const [year, setYear] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!open) {
    return (
      <Button variant="primary" onClick={() => setOpen(true)}>
        Add a card
      </Button>
    );
  }

  if (provider === 'stripe') {
    return (
      <StripeCardForm
        yard={yard}
        onCancel={() => setOpen(false)}
        onSaved={(result) => {
          setOpen(false);
          onSaved(result);
        }}
      />
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const expMonth = Number.parseInt(month, 10);
    const fullYear = year.trim().length === 2 ? `20${year.trim()}` : year.trim();
    const expYear = Number.parseInt(fullYear, 10);
    if (!number.trim()) return setError('Enter the card number.');
    if (!(expMonth >= 1 && expMonth <= 12) || !(expYear >= 2000)) {
      return setError('Enter the expiry month (1–12) and year, as printed on the card.');
    }
    setBusy(true);
    try {
      // One setup per card being added; a declined card may be tried again on it.
      const id = setupId ?? (await cardsApi.startSetup(yard)).setupId;
      setSetupId(id);
      const result = await cardsApi.confirmSetup(yard, id, { cardNumber: number, expMonth, expYear });
      setNumber('');
      setMonth('');
      setYear('');
      setSetupId(null);
      setOpen(false);
      onSaved(result);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Add a card">
      <Field
        label="Card number"
        inputMode="numeric"
        autoComplete="cc-number"
        value={number}
        onChange={(e) => setNumber(e.target.value)}
        hint="Demo cards: 4242 4242 4242 4242 is saved and pays; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 is saved but declined when paying."
      />
      <div className="field-row">
        <Field
          label="Expiry month"
          inputMode="numeric"
          autoComplete="cc-exp-month"
          placeholder="MM"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
        />
        <Field
          label="Expiry year"
          inputMode="numeric"
          autoComplete="cc-exp-year"
          placeholder="YYYY"
          value={year}
          onChange={(e) => setYear(e.target.value)}
        />
      </div>
      <FormAlert message={error} />
      <div className="card-list-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Save card
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
