import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { CustomerProfileResponse } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { formatDate, fullName } from '../ui/format';
import { customerRecordsApi } from './customer-records-api';
import { MergeDialog } from './merge-dialog';

type Props = { profile: CustomerProfileResponse; onProfile: (p: CustomerProfileResponse) => void };

/** "Merge with…" and "Archive" on a customer's profile. */
export function CustomerRecordActions({ profile, onProfile }: Props) {
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'merge' | 'archive' | null>(null);
  const { customer, details } = profile;
  const archive = useMutation({
    mutationFn: () => customerRecordsApi.archive(customer.id),
    onSuccess: (next) => {
      setDialog(null);
      onProfile(next);
    },
  });
  if (details.mergedInto) return null;
  return (
    <>
      <Button onClick={() => setDialog('merge')}>Merge with…</Button>
      {!details.archivedAt && <Button onClick={() => setDialog('archive')}>Archive</Button>}
      {dialog === 'merge' && (
        <MergeDialog
          kept={{ id: customer.id, name: fullName(customer), customerNumber: customer.customerNumber }}
          onClose={() => setDialog(null)}
          onMerged={() => {
            setDialog(null);
            void navigate({ to: '/app/customers/$id', params: { id: customer.id } });
          }}
        />
      )}
      {dialog === 'archive' && (
        <ConfirmDialog
          title={`Archive ${fullName(customer)}?`}
          confirmLabel="Archive"
          busy={archive.isPending}
          error={archive.error ? errorMessage(archive.error) : null}
          onConfirm={() => archive.mutate()}
          onClose={() => setDialog(null)}
        >
          Archived customers leave the lists and search and cannot be invited to the portal. Their boats,
          orders and invoices are kept; restore them any time.
        </ConfirmDialog>
      )}
    </>
  );
}

/** Shown on an archived customer's profile, with Restore (or the customer it was merged into). */
export function ArchivedBanner({ profile, onProfile }: Props) {
  const { details, customer } = profile;
  const restore = useMutation({
    mutationFn: () => customerRecordsApi.restore(customer.id),
    onSuccess: onProfile,
  });
  if (!details.archivedAt) return null;
  return (
    <div className="alert alert-warning archived-banner" role="status">
      <strong>Archived</strong> since {formatDate(details.archivedAt)}.{' '}
      {details.mergedInto ? (
        <>
          Merged into{' '}
          <Link to="/app/customers/$id" params={{ id: details.mergedInto.id }}>
            #{details.mergedInto.customerNumber} {details.mergedInto.name}
          </Link>
          , where its records are now.
        </>
      ) : (
        <>
          Not in search or lists, and cannot be invited.{' '}
          <Button size="sm" busy={restore.isPending} onClick={() => restore.mutate()}>
            Restore
          </Button>
          {restore.error != null && <span className="field-error"> {errorMessage(restore.error)}</span>}
        </>
      )}
    </div>
  );
}
