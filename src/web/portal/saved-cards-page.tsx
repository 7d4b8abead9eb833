import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { SavedCardsResponse, SavedCardView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { useDocumentTitle } from '../ui/document-title';
import { FormAlert } from '../ui/field';
import { AddCardForm } from './add-card-form';
import { cardQueries, cardsApi } from './cards-api';
import { portalLinks, usePortalYard } from './portal-links';
import { usePortalMe } from './portal-shell';
import { QueryFallback } from './query-fallback';
import './saved-cards.css';

const expiry = (c: SavedCardView) => `${String(c.expMonth).padStart(2, '0')}/${c.expYear}`;

/** /portal/:yard/cards — the customer's saved cards: add, make default, remove (inside PortalShell). */
export function SavedCardsPage() {
  useDocumentTitle('Saved cards');
  const yard = usePortalYard();
  const me = usePortalMe();
  const queryClient = useQueryClient();
  const res = useQuery(cardQueries.cards(yard));
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [removing, setRemoving] = useState<SavedCardView | null>(null);

  const update = (next: SavedCardsResponse) =>
    queryClient.setQueryData(cardQueries.cards(yard).queryKey, next);
  const run = async (id: string, action: () => Promise<SavedCardsResponse>, done: string) => {
    setBusy(id);
    setError(null);
    setNotice(null);
    try {
      update(await action());
      setNotice(done);
      setRemoving(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const header = (
    <div className="page-header">
      <div>
        <h1>Saved cards</h1>
        <p className="subtitle">
          Pay {me.yard.name}'s invoices in one step. Only the card's brand, last four digits and expiry are
          kept here.
        </p>
      </div>
    </div>
  );
  const data = res.data;
  if (!data) return <QueryFallback res={res} back={header} />;
  return (
    <>
      {header}
      <div className="stack">
        {notice && (
          <div className="alert alert-success" role="status">
            {notice}
          </div>
        )}
        <FormAlert message={removing ? null : error} />
        <Card title="Your cards">
          {data.cards.length === 0 ? (
            <EmptyState title="No saved cards yet">
              Add a card to pay invoices with it in one step.
            </EmptyState>
          ) : (
            <ul className="saved-cards">
              {data.cards.map((c) => (
                <li key={c.id} className="saved-card">
                  <div className="saved-card-facts">
                    <strong>{c.label}</strong>
                    <span className="muted">Expires {expiry(c)}</span>
                    {c.isDefault && <Badge tone="accent">Default</Badge>}
                    {c.expired && <Badge tone="danger">Expired</Badge>}
                  </div>
                  <div className="card-list-actions">
                    {!c.isDefault && (
                      <Button
                        size="sm"
                        busy={busy === c.id && !removing}
                        aria-label={`Make default: ${c.label}`}
                        onClick={() =>
                          run(
                            c.id,
                            () => cardsApi.makeDefault(yard, c.id),
                            `${c.label} is now your default card.`,
                          )
                        }
                      >
                        Make default
                      </Button>
                    )}
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove ${c.label}`}
                      onClick={() => {
                        setError(null);
                        setRemoving(c);
                      }}
                    >
                      Remove
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Add a card">
          <AddCardForm
            yard={yard}
            provider={data.provider}
            onSaved={(result) => {
              update({ cards: result.cards, provider: data.provider });
              setError(null);
              setNotice(`${result.card.label} is saved. Choose it when you pay an invoice.`);
            }}
          />
        </Card>
        <p>
          <Link {...portalLinks.receipts(yard)}>See your receipts</Link>
        </p>
      </div>
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.label}?`}
          confirmLabel="Remove card"
          tone="danger"
          busy={busy === removing.id}
          error={error}
          onConfirm={() =>
            run(removing.id, () => cardsApi.remove(yard, removing.id), `${removing.label} was removed.`)
          }
          onClose={() => setRemoving(null)}
        >
          <p>
            It will not be offered for payments any more. Payments already made with it keep their receipts.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
