import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PasskeyView, StaffPasskeyListResponse } from '../../shared/api-types';
import { api, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { formatDate, formatDateTime } from '../ui/format';
import { guard } from './staff-api';
import { useCan } from './staff-shell';

/** The customer's own passkeys, or (with `grantId`) those of someone they shared access with. */
const url = (customerId: string, grantId?: string) =>
  `/api/staff/customers/${encodeURIComponent(customerId)}${grantId ? `/access/${encodeURIComponent(grantId)}` : ''}/passkeys`;
const key = (customerId: string, grantId?: string) =>
  ['staff', 'customer', customerId, 'passkeys', grantId ?? 'own'] as const;

/**
 * On the profile's portal card: how many passkeys the customer signs in with, and (for the
 * office) removing one — a lost or sold phone. The customer gets an email about it.
 */
export function CustomerPasskeys({
  customerId,
  firstName,
  grantId,
}: {
  customerId: string;
  firstName: string;
  grantId?: string;
}) {
  const canRemove = useCan('staff:records');
  const queryClient = useQueryClient();
  const res = useQuery({
    queryKey: key(customerId, grantId),
    queryFn: ({ signal }) => guard(api.get<StaffPasskeyListResponse>(url(customerId, grantId), { signal })),
  });
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (res.error)
    return <p className="small muted">Passkeys could not be loaded: {errorMessage(res.error)}</p>;
  if (!res.data) return null;
  const { passkeys } = res.data;

  const remove = async () => {
    if (!removing || busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await guard(
        api.delete<StaffPasskeyListResponse>(
          `${url(customerId, grantId)}/${encodeURIComponent(removing.id)}`,
        ),
      );
      queryClient.setQueryData(key(customerId, grantId), next);
      setNotice(`Passkey "${removing.name}" removed; ${firstName || 'the customer'} was emailed about it.`);
      setRemoving(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="customer-passkeys">
      <p className="small">
        {passkeys.length === 0
          ? 'No passkeys: signs in with a password.'
          : `${passkeys.length} passkey${passkeys.length === 1 ? '' : 's'} for signing in:`}
      </p>
      {passkeys.length > 0 && (
        <ul className="small customer-passkey-list">
          {passkeys.map((p) => (
            <li key={p.id}>
              <span>
                <strong>{p.name}</strong>{' '}
                <span className="muted">
                  added {formatDate(p.createdAt)},{' '}
                  {p.lastUsedAt ? `last used ${formatDateTime(p.lastUsedAt)}` : 'never used'}
                </span>
              </span>
              {canRemove && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove passkey ${p.name}`}
                  onClick={() => setRemoving(p)}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div role="status">{notice && <p className="alert alert-success small">{notice}</p>}</div>
      {removing && (
        <ConfirmDialog
          title={`Remove the passkey "${removing.name}"?`}
          confirmLabel="Remove passkey"
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={remove}
          onClose={() => {
            setRemoving(null);
            setError(null);
          }}
        >
          <p>
            It stops signing {firstName || 'the customer'} in at once, and they get an email saying the yard
            removed it. Their password and other passkeys keep working.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
