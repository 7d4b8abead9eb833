import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { SavedCardResponse } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/field';
import { cardsApi } from './cards-api';
import { loadStripeJs, STRIPE_JS_FAILED, type StripeCardElement, type StripeJs } from './stripe-js';

interface Ready {
  stripe: StripeJs;
  card: StripeCardElement;
  setupId: string;
  clientSecret: string;
}

/**
 * Saving a card with Stripe (docs/saved-cards.md): the server starts a SetupIntent and hands
 * out its client secret and the publishable key; Stripe's card form (the Card Element, in
 * Stripe's own frame) takes the card and confirms the setup, the bank's check included; then
 * the server is told, reads the setup back from Stripe and keeps the card's display facts.
 * The card number never passes through this page's code or Slipway's server.
 */
export function StripeCardForm({
  yard,
  onSaved,
  onCancel,
}: {
  yard: string;
  onSaved: (result: SavedCardResponse) => void;
  onCancel: () => void;
}) {
  const mountRef = useRef<HTMLDivElement>(null);
  const confirmedAtStripe = useRef(false);
  const [ready, setReady] = useState<Ready | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let gone = false;
    let card: StripeCardElement | null = null;
    (async () => {
      const setup = await cardsApi.startSetup(yard).catch((err) => {
        throw new Error(errorMessage(err));
      });
      if (!setup.publishableKey) throw new Error(STRIPE_JS_FAILED);
      const Stripe = await loadStripeJs();
      if (gone || !mountRef.current) return;
      const stripe = Stripe(setup.publishableKey);
      card = stripe.elements().create('card', { hidePostalCode: false });
      card.mount(mountRef.current);
      // Stripe's own words for a number, date or code it cannot accept yet.
      card.on('change', (e) => setError(e.error?.message ?? null));
      setReady({ stripe, card, setupId: setup.setupId, clientSecret: setup.clientSecret });
    })().catch((err: Error) => {
      if (!gone) setLoadError(err.message);
    });
    return () => {
      gone = true;
      card?.destroy();
    };
  }, [yard]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setError(null);
    setBusy(true);
    try {
      // Once Stripe took the card, a second try only asks the server again (Stripe would refuse
      // to confirm a finished setup twice).
      if (!confirmedAtStripe.current) {
        const result = await ready.stripe.confirmCardSetup(ready.clientSecret, {
          payment_method: { card: ready.card },
        });
        if (result.error) {
          setError(result.error.message ?? 'The card could not be saved. Try another card.');
          return;
        }
        confirmedAtStripe.current = true;
      }
      onSaved(await cardsApi.confirmSetup(yard, ready.setupId, {}));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Add a card">
      <fieldset className="field stripe-card-fieldset">
        <legend className="stripe-card-label">Card</legend>
        <div ref={mountRef} className="stripe-card-field" aria-busy={!ready && !loadError} />
        <div className="field-hint">
          {ready || loadError
            ? 'Card details are taken and kept by Stripe.'
            : 'Loading the secure card form…'}
        </div>
      </fieldset>
      <FormAlert message={loadError ?? error} />
      <div className="card-list-actions">
        <Button type="submit" variant="primary" busy={busy} disabled={!ready}>
          Save card
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
