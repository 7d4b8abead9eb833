import { useQuery } from '@tanstack/react-query';
import type { SavedCardsResponse } from '../../shared/api-types';
import { api, errorMessage } from '../ui/api';
import { Badge } from '../ui/badge';
import { Card, Spinner } from '../ui/card';

/**
 * The customer's saved cards on their profile (docs/saved-cards.md): brand, last four and
 * expiry only. Staff see them; only the customer pays with them, from the portal.
 */
export function SavedCardsCard({ customerId }: { customerId: string }) {
  const res = useQuery({
    queryKey: ['staff', 'customer', customerId, 'cards'],
    queryFn: ({ signal }) =>
      api.get<SavedCardsResponse>(`/api/staff/customers/${encodeURIComponent(customerId)}/cards`, { signal }),
  });
  return (
    <Card title="Saved cards">
      {res.error ? (
        <p className="muted">{errorMessage(res.error)}</p>
      ) : !res.data ? (
        <Spinner />
      ) : res.data.cards.length === 0 ? (
        <p className="muted">No cards saved in the portal.</p>
      ) : (
        <ul>
          {res.data.cards.map((c) => (
            <li key={c.id}>
              {c.label}, expires {String(c.expMonth).padStart(2, '0')}/{c.expYear}{' '}
              {c.isDefault && <Badge tone="accent">Default</Badge>}{' '}
              {c.expired && <Badge tone="danger">Expired</Badge>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
