import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { batchLink, bulkInvitesApi } from './bulk-invites-api';
import './bulk-invites.css';

/**
 * The customer list's bulk actions: the upload page, and a batch of every customer the
 * current search finds. Nothing is sent here; the batch's preview page is the confirmation.
 */
export function BulkInviteActions({ q }: { q: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();

  const inviteAll = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const batch = await bulkInvitesApi.fromSearch(q.trim());
      await navigate(batchLink(batch.id));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="bulk-actions">
      <div className="btn-row">
        <Link to="/app/invites" className="btn btn-secondary">
          Bulk invite
        </Link>
        <Button
          onClick={inviteAll}
          busy={busy}
          title={
            q.trim()
              ? `Preview portal invites for every customer matching “${q.trim()}”`
              : 'Preview portal invites for every customer'
          }
        >
          Invite all eligible
        </Button>
      </div>
      {error && (
        <div className="alert alert-error small" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
