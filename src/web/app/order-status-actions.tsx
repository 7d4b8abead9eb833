import { useState } from 'react';
import type { OrderStatus } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { ORDER_STATUS } from '../ui/badge';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FormAlert } from '../ui/field';
import { orderApi, useOrderMutation } from './order-api';

/** The moves staff make by hand, named as the yard says them. */
function actionLabel(from: OrderStatus, to: OrderStatus): string | null {
  switch (to) {
    case 'in_progress':
      return from === 'completed' ? 'Reopen work' : 'Start work';
    case 'completed':
      return 'Mark complete';
    case 'cancelled':
      return 'Cancel order';
    case 'open_estimate':
      return from === 'cancelled' ? 'Reopen' : 'Back to estimate';
    default:
      return null;
  }
}

/** Buttons for the status moves the table allows from here; cancelling asks first. */
export function OrderStatusActions({
  orderId,
  status,
  allowed,
}: {
  orderId: string;
  status: OrderStatus;
  allowed: OrderStatus[];
}) {
  const move = useOrderMutation(orderId, (a: { to: OrderStatus; note?: string }) =>
    orderApi.setStatus(orderId, a.to, a.note),
  );
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [note, setNote] = useState('');
  const [other, setOther] = useState<OrderStatus | ''>('');
  const named = allowed.filter((to) => actionLabel(status, to) !== null);
  const rest = allowed.filter((to) => actionLabel(status, to) === null);

  const go = (to: OrderStatus) => move.mutate({ to });
  return (
    <div className="status-actions">
      <div className="status-buttons">
        {named.map((to) => (
          <Button
            key={to}
            size="sm"
            variant={
              to === 'cancelled'
                ? 'danger'
                : to === 'in_progress' || to === 'completed'
                  ? 'primary'
                  : 'secondary'
            }
            busy={move.isPending && move.variables?.to === to}
            disabled={move.isPending}
            onClick={() => (to === 'cancelled' ? setConfirmCancel(true) : go(to))}
          >
            {actionLabel(status, to)}
          </Button>
        ))}
        {rest.length > 0 && (
          <span className="status-other">
            <select
              aria-label="Move to another status"
              value={other}
              onChange={(e) => setOther(e.target.value as OrderStatus | '')}
            >
              <option value="">Move to…</option>
              {rest.map((to) => (
                <option key={to} value={to}>
                  {ORDER_STATUS[to].label}
                </option>
              ))}
            </select>
            <Button size="sm" disabled={!other || move.isPending} onClick={() => other && go(other)}>
              Move
            </Button>
          </span>
        )}
      </div>
      {!confirmCancel && <FormAlert message={move.error ? errorMessage(move.error) : null} />}
      {confirmCancel && (
        <ConfirmDialog
          title="Cancel this order?"
          confirmLabel="Cancel order"
          cancelLabel="Keep it"
          tone="danger"
          busy={move.isPending}
          error={move.error ? errorMessage(move.error) : null}
          onClose={() => setConfirmCancel(false)}
          onConfirm={() =>
            move.mutate(
              { to: 'cancelled', note: note.trim() || undefined },
              { onSuccess: () => setConfirmCancel(false) },
            )
          }
        >
          <p>Its lines stay as they are, and it can be reopened later.</p>
          <label className="field">
            <span>Reason (kept in the status history)</span>
            <input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          </label>
        </ConfirmDialog>
      )}
    </div>
  );
}
