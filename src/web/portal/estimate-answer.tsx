import { useState } from 'react';
import type { OrderDetailResponse, OrderEstimateView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { formatMoney } from '../ui/format';
import { ordersApi } from './orders-api';

/** Accept or Decline, each behind a confirmation; decline takes an optional reason. */
export function EstimateAnswer({
  yard,
  estimate,
  onAnswered,
}: {
  yard: string;
  estimate: OrderEstimateView;
  onAnswered: (detail: OrderDetailResponse) => void;
}) {
  const [open, setOpen] = useState<'accept' | 'decline' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setOpen(null);
    setError(null);
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const detail =
        open === 'accept'
          ? await ordersApi.accept(yard, estimate.id)
          : await ordersApi.decline(yard, estimate.id, reason.trim());
      setOpen(null);
      onAnswered(detail);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="estimate-answer">
      <Button variant="primary" onClick={() => setOpen('accept')}>
        Accept estimate
      </Button>
      <Button onClick={() => setOpen('decline')}>Decline</Button>
      {open && (
        <ConfirmDialog
          title={
            open === 'accept'
              ? `Accept estimate #${estimate.number}?`
              : `Decline estimate #${estimate.number}?`
          }
          confirmLabel={open === 'accept' ? 'Accept' : 'Decline estimate'}
          tone={open === 'accept' ? 'primary' : 'danger'}
          busy={busy}
          error={error}
          onConfirm={confirm}
          onClose={close}
        >
          {open === 'accept' ? (
            <p>
              You agree to the work and the amounts listed,{' '}
              <strong>{formatMoney(estimate.totalCents)}</strong> in total. The yard is told at once.
            </p>
          ) : (
            <div className="field">
              <label htmlFor="decline-reason">Reason (optional)</label>
              <textarea
                id="decline-reason"
                rows={3}
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
