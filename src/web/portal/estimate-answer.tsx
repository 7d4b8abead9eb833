import { useMemo, useState } from 'react';
import { documentTotals } from '../../modules/orders/money';
import {
  parseSignaturePath,
  SIGNER_NAME_MAX,
  signerNameProblem,
  tidyName,
} from '../../shared/api-schemas/signature';
import type { OrderDetailResponse, OrderEstimateView } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Field } from '../ui/field';
import { formatMoney } from '../ui/format';
import { useUniqueId } from '../ui/unique-id';
import { type LineChoice, LineItemsTable, Totals } from './line-items-table';
import { ordersApi } from './orders-api';
import { SignaturePad } from './signature-pad';

/**
 * Approving an estimate open for an answer: the customer picks Approve or Decline on each
 * optional line (none is chosen for them) and the total follows (the server's own rule,
 * money.ts); then types their full name and signs in the box. "Approve and sign" sends the
 * lines chosen with the signature (docs/estimate-approval.md). Decline asks for a reason.
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
  const [choices, setChoices] = useState<ReadonlyMap<string, LineChoice>>(new Map());
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [tried, setTried] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const ids = { heading: useUniqueId(), padLabel: useUniqueId(), padHint: useUniqueId() };

  const optional = estimate.lineItems.filter((l) => l.optional);
  const undecided = optional.filter((l) => !choices.get(l.id)).length;
  const declined = useMemo(
    () => new Set(optional.filter((l) => choices.get(l.id) !== 'approve').map((l) => l.id)),
    [optional, choices],
  );
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

  const nameProblem = signerNameProblem(tidyName(name));
  const parsed = parseSignaturePath(path);
  const drawProblem = 'problem' in parsed ? parsed.problem : null;
  const problems = {
    lines:
      undecided > 0
        ? `Choose Approve or Decline for ${undecided === 1 ? 'the optional line' : `each optional line (${undecided} left)`}.`
        : null,
    name: fieldErrors['signature.name'] ?? nameProblem,
    path: fieldErrors['signature.path'] ?? drawProblem,
  };

  const approve = async () => {
    setTried(true);
    if (problems.lines || nameProblem || drawProblem) return;
    setBusy(true);
    setError(null);
    try {
      const detail = await ordersApi.accept(yard, estimate.id, [...declined], { name: tidyName(name), path });
      onAnswered(detail);
    } catch (e) {
      const fields =
        e instanceof ApiError ? (e.details?.fields as Record<string, string> | undefined) : undefined;
      if (fields) setFieldErrors(fields);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const decline = async () => {
    setBusy(true);
    setError(null);
    try {
      onAnswered(await ordersApi.decline(yard, estimate.id, reason.trim()));
      setDeclining(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {optional.length > 0 && (
        <p className="small muted">
          Lines marked optional are up to you: choose Approve or Decline on each. The total counts the ones
          you approve.
        </p>
      )}
      <LineItemsTable
        items={estimate.lineItems}
        choice={{
          of: (id) => choices.get(id) ?? null,
          set: (id, c) => setChoices((prev) => new Map(prev).set(id, c)),
          disabled: busy,
        }}
      />
      <Totals
        subtotal={totals.subtotalCents}
        tax={totals.taxCents}
        total={totals.totalCents}
        label={optional.length ? 'Total of what you approve' : 'Total'}
      />
      {tried && problems.lines && <p className="field-error">{problems.lines}</p>}

      <section className="estimate-sign" aria-labelledby={ids.heading}>
        <h3 id={ids.heading}>Approve and sign</h3>
        <Field
          label="Your full name"
          autoComplete="name"
          maxLength={SIGNER_NAME_MAX}
          value={name}
          disabled={busy}
          onChange={(e) => {
            setName(e.target.value);
            setFieldErrors(({ 'signature.name': _n, ...rest }) => rest);
          }}
          error={tried ? problems.name : null}
        />
        <p id={ids.padLabel} className="signature-label">
          Your signature
        </p>
        <p id={ids.padHint} className="small muted">
          Sign in the box with your finger, or with the mouse on a computer.
        </p>
        <SignaturePad
          labelledBy={ids.padLabel}
          describedBy={ids.padHint}
          disabled={busy}
          onChange={(p) => {
            setPath(p);
            setFieldErrors(({ 'signature.path': _p, ...rest }) => rest);
          }}
        />
        {tried && problems.path && <p className="field-error">{problems.path}</p>}
        <p className="small">
          By signing you approve the work and amounts above
          {declined.size > 0 && undecided === 0
            ? `, without the ${declined.size} optional line${declined.size > 1 ? 's' : ''} you declined`
            : ''}
          : <strong>{formatMoney(totals.totalCents)}</strong> in total. The yard is told at once.
        </p>
        {error && !declining && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <div className="estimate-answer">
          <Button variant="primary" busy={busy && !declining} onClick={approve}>
            Approve and sign {formatMoney(totals.totalCents)}
          </Button>
          <Button onClick={() => setDeclining(true)} disabled={busy}>
            Decline estimate
          </Button>
        </div>
      </section>
      {declining && (
        <ConfirmDialog
          title={`Decline estimate #${estimate.number}?`}
          confirmLabel="Decline estimate"
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={decline}
          onClose={() => {
            setDeclining(false);
            setError(null);
          }}
        >
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
        </ConfirmDialog>
      )}
    </>
  );
}
