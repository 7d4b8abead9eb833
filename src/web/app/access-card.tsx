import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AccessGrantsResponse, AccessGrantView, GrantRole } from '../../shared/api-types';
import { api, errorMessage } from '../ui/api';
import { Badge, type Tone } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { formatDate } from '../ui/format';
import { CustomerPasskeys } from './customer-passkeys';
import { guard } from './staff-api';
import './customers.css';

const ROLE: Record<GrantRole, string> = {
  view: 'View only',
  approve: 'View and approve estimates',
  pay: 'View, approve and pay',
};
const STATUS: Record<AccessGrantView['status'], { label: string; tone: Tone }> = {
  invited: { label: 'Invited', tone: 'info' },
  active: { label: 'Has access', tone: 'success' },
  expired: { label: 'Invitation expired', tone: 'warning' },
  revoked: { label: 'Access ended', tone: 'neutral' },
};

const path = (customerId: string) => `/api/staff/customers/${encodeURIComponent(customerId)}/access`;

/**
 * "People with access" on the customer profile: whom the customer shared their portal with
 * (docs/shared-access.md) — role, boats, status — and ending it for them.
 */
export function AccessCard({ customerId, canRevoke }: { customerId: string; canRevoke: boolean }) {
  const queryClient = useQueryClient();
  const key = ['staff', 'customer', customerId, 'access'];
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => guard(api.get<AccessGrantsResponse>(path(customerId), { signal })),
    enabled: canRevoke,
  });
  const [revoking, setRevoking] = useState<AccessGrantView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!canRevoke) return null;
  const grants = list.data?.grants ?? [];

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setError(null);
    try {
      const next = await guard(
        api.post<AccessGrantsResponse>(`${path(customerId)}/${encodeURIComponent(revoking.id)}/revoke`),
      );
      queryClient.setQueryData(key, next);
      setRevoking(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="People with access">
      {list.error && (
        <p className="alert alert-error small" role="alert">
          {errorMessage(list.error)}
        </p>
      )}
      {list.data && grants.length === 0 && (
        <p className="muted">
          Nobody else. The customer can share their boats from the portal's account page.
        </p>
      )}
      {grants.length > 0 && (
        <ul className="access-list" aria-label="People with access">
          {grants.map((g) => (
            <li key={g.id}>
              <div className="access-who">
                <strong>{g.name}</strong> <Badge tone={STATUS[g.status].tone}>{STATUS[g.status].label}</Badge>
                <span className="muted">
                  {g.email} · {ROLE[g.role]} · {g.boatName ?? 'All boats'}
                  {g.acceptedAt
                    ? ` · since ${formatDate(g.acceptedAt)}`
                    : ` · invited ${formatDate(g.invitedAt)}`}
                  {g.revokedAt ? ` · ended ${formatDate(g.revokedAt)}` : ''}
                </span>
                {g.acceptedAt && (
                  <CustomerPasskeys
                    customerId={customerId}
                    grantId={g.id}
                    firstName={g.name.split(/\s+/)[0]}
                  />
                )}
              </div>
              {g.status !== 'revoked' && (
                <Button variant="danger" size="sm" onClick={() => setRevoking(g)}>
                  Revoke<span className="visually-hidden"> access of {g.name}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}'s access?`}
          confirmLabel="Revoke access"
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={revoke}
          onClose={() => {
            setRevoking(null);
            setError(null);
          }}
        >
          <p>
            {revoking.name} ({revoking.email}) is signed out of this customer's portal at once and their
            invitation link stops working.
          </p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
