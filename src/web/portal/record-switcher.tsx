import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { PortalMe } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { useUniqueId } from '../ui/unique-id';
import { accessApi, ROLE_WORDS } from './access-api';
import { recordChosen } from './order-record';
import { actForRecord } from './portal-api';
import { portalLinks } from './portal-links';

/**
 * The accounts one sign-in reaches (its own and those shared with it); choosing one makes
 * the session act for it and opens its home page. Shown only when there is a choice.
 */
export function RecordSwitcher({ yard, me }: { yard: string; me: PortalMe }) {
  const id = useUniqueId('acting');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const records = me.access.records;
  if (records.length < 2) return null;
  const acting = records.find((r) => r.acting)?.customerId ?? '';

  const choose = async (customerId: string) => {
    if (customerId === acting) return;
    setBusy(true);
    setError(null);
    try {
      recordChosen(customerId);
      const next = await accessApi.switchTo(yard, customerId);
      await navigate(portalLinks.home(yard));
      await actForRecord(queryClient, yard, next);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="record-switcher">
      <label htmlFor={id}>Account</label>
      <select id={id} value={acting} disabled={busy} onChange={(e) => void choose(e.target.value)}>
        {records.map((r) => (
          <option key={r.customerId} value={r.customerId}>
            {r.role === 'owner'
              ? `${r.name} (you)`
              : `${r.name} — ${ROLE_WORDS[r.role].toLowerCase()}${r.boatName ? `, ${r.boatName}` : ''}`}
          </option>
        ))}
      </select>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
