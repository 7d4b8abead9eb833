import { useMemo, useState } from 'react';
import { documentTotals } from '../../modules/orders/money';
import type { OrderDetailResponse, OrderEstimateView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { formatMoney } from '../ui/format';
import { LineItemsTable, Totals } from './line-items-table';
import { ordersApi } from './orders-api';

/**
 * The lines of an estimate open for an answer, optional ones with a checkbox to decline
 * them and the total re-computed as they are unticked (the server's own rule, money.ts),
 * then Accept or Decline, each behind a confirmation; decline takes an optional reason.
 */
export function EstimateAnswer({
  yard,
  estimate,
  onAnswered,
}: {
  yard: string;
  estimate: OrderEstimateView;
  onAnswered: (detail: OrderDetailResponse) => void;
}) {
  const [declined, setDeclined] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<'accept' | 'decline' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const totals = useMemo(
    () =>
      declined.size === 0
        ? {
            subtotalCents: estimate.subtotalCents,
            taxCents: estimate.taxCents,
            totalCents: estimate.totalCents,
          }
        : documentTotals(
            estimate.lineItems.filter((l) => !declined.has(l.id)),
            estimate.taxRates,
          ),
    [declined, estimate],
  );
  const toggle = (id: string) =>
    setDeclined((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const hasOptional = estimate.lineItems.some((l) => l.optional);

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
          ? await ordersApi.accept(yard, estimate.id, [...declined])
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
    <>
      {hasOptional && (
        <p className="small muted">Optional lines are ticked; untick any you do not want before accepting.</p>
      )}
      <LineItemsTable
        items={estimate.lineItems}
        choice={{ included: (id) => !declined.has(id), toggle, disabled: busy }}
      />
      <Totals
        subtotal={totals.subtotalCents}
        tax={totals.taxCents}
        total={totals.totalCents}
        label={declined.size ? 'Total of what you accept' : 'Total'}
      />
      <div className="estimate-answer">
        <Button variant="primary" onClick={() => setOpen('accept')}>
          Accept estimate
        </Button>
        <Button onClick={() => setOpen('decline')}>Decline</Button>
      </div>
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
              You agree to the work and the amounts listed, <strong>{formatMoney(totals.totalCents)}</strong>{' '}
              in total
              {declined.size > 0
                ? `, without the ${declined.size} optional line${declined.size > 1 ? 's' : ''} you unticked`
                : ''}
              . The yard is told at once.
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
    </>
  );
}
