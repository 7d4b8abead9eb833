import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { StaffEstimateResponse, StaffEstimateView } from '../../shared/api-types';
import { LineItemsTable, Totals } from '../portal/line-items-table';
import { errorMessage } from '../ui/api';
import { EstimateStatusBadge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { formatDate, formatDateTime, formatMoney } from '../ui/format';
import { SignatureImage } from '../ui/signature-image';
import { estimatesApi } from './estimates-api';
import './order-estimates.css';

type Action =
  | { kind: 'create' }
  | { kind: 'send' | 'refresh' | 'revise'; id: string }
  | { kind: 'expiry'; id: string; validUntil: string | null };

/**
 * The order page's estimates: every version of every estimate with its status and the
 * customer's answer (what was accepted, declined lines marked; or the decline with its
 * reason), and the actions — create from the order's lines, refresh a draft, set its
 * expiry, send, re-send, revise, download the PDF.
 */
export function OrderEstimatesCard({ orderId }: { orderId: string }) {
  const queryClient = useQueryClient();
  const res = useQuery({
    queryKey: ['staff-order', orderId, 'estimates'],
    queryFn: ({ signal }) => estimatesApi.list(orderId, signal),
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmSend, setConfirmSend] = useState<StaffEstimateView | null>(null);
  const act = useMutation({
    mutationFn: (a: Action): Promise<StaffEstimateResponse> => {
      switch (a.kind) {
        case 'create':
          return estimatesApi.create(orderId);
        case 'expiry':
          return estimatesApi.update(a.id, { validUntil: a.validUntil });
        default:
          return estimatesApi[a.kind](a.id);
      }
    },
    onSuccess: (answer) => {
      setNotice(answer.message);
      setConfirmSend(null);
      void queryClient.invalidateQueries({ queryKey: ['staff-order', orderId] });
    },
  });
  const run = (a: Action) => {
    setNotice(null);
    act.mutate(a);
  };

  const estimates = res.data?.estimates ?? [];
  const groups = new Map<number, StaffEstimateView[]>();
  for (const e of estimates) groups.set(e.number, [...(groups.get(e.number) ?? []), e]);
  const hasDraft = estimates.some((e) => e.status === 'draft');

  return (
    <Card
      title="Estimates"
      actions={
        !hasDraft && (
          <Button
            size="sm"
            busy={act.isPending && act.variables?.kind === 'create'}
            onClick={() => run({ kind: 'create' })}
          >
            Create estimate from lines
          </Button>
        )
      }
    >
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {act.error && !confirmSend && (
        <p className="alert alert-error" role="alert">
          {errorMessage(act.error)}
        </p>
      )}
      {res.isPending ? (
        <Spinner />
      ) : res.error ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(res.error)}
        </p>
      ) : estimates.length === 0 ? (
        <p className="muted">No estimate yet. Create one from the order's lines.</p>
      ) : (
        [...groups.values()].map(([current, ...older]) => (
          <div key={current.number} className="staff-estimate">
            <EstimateVersion
              e={current}
              busy={act.isPending}
              onAction={(a) => (a.kind === 'send' ? setConfirmSend(current) : run(a))}
            />
            {older.length > 0 && (
              <details className="estimate-older">
                <summary>Earlier versions ({older.length})</summary>
                {older.map((e) => (
                  <EstimateVersion key={e.id} e={e} busy={act.isPending} onAction={run} />
                ))}
              </details>
            )}
          </div>
        ))
      )}
      {confirmSend && (
        <ConfirmDialog
          title={`${confirmSend.status === 'sent' ? 'Re-send' : 'Send'} estimate #${confirmSend.number}${confirmSend.version > 1 ? ` version ${confirmSend.version}` : ''}?`}
          confirmLabel={confirmSend.status === 'sent' ? 'Re-send' : 'Send'}
          busy={act.isPending}
          error={act.error ? errorMessage(act.error) : null}
          onConfirm={() => run({ kind: 'send', id: confirmSend.id })}
          onClose={() => {
            setConfirmSend(null);
            act.reset();
          }}
        >
          <p>
            The customer gets an email with a link to the portal and the PDF attached, for{' '}
            <strong>{formatMoney(confirmSend.totalCents)}</strong>.
            {confirmSend.version > 1 && confirmSend.status === 'draft'
              ? ' The earlier version is replaced and can no longer be answered.'
              : ''}
          </p>
        </ConfirmDialog>
      )}
    </Card>
  );
}

function EstimateVersion({
  e,
  busy,
  onAction,
}: {
  e: StaffEstimateView;
  busy: boolean;
  onAction: (a: Action) => void;
}) {
  const [expiry, setExpiry] = useState(e.validUntil ?? '');
  return (
    <section className="estimate-version" aria-label={`Estimate ${e.number} version ${e.version}`}>
      <div className="estimate-version-head">
        <h3>
          Estimate #{e.number}
          {e.version > 1 ? ` · version ${e.version}` : ''} · {formatMoney(e.totalCents)}
        </h3>
        <EstimateStatusBadge status={e.status} />
      </div>
      <p className="muted small">
        Created {formatDateTime(e.createdAt)}
        {e.sentAt ? ` · sent ${formatDateTime(e.sentAt)}` : ''}
        {e.respondedAt ? ` · answered ${formatDateTime(e.respondedAt)}` : ''}
        {e.validUntil ? ` · valid until ${formatDate(e.validUntil)}` : ''}
      </p>
      {e.status === 'declined' || (e.declineReason && e.status === 'superseded') ? (
        <div className="alert alert-error decline-reason">
          <strong>Declined by the customer</strong>
          {e.declineReason ? <>: “{e.declineReason}”</> : ' (no reason given)'}
        </div>
      ) : null}
      {e.status === 'sent' && e.changes && (
        <p className="alert alert-warning" data-testid="awaiting-reapproval">
          <strong>Waiting for the customer's re-approval</strong> of the changes since version{' '}
          {e.changes.againstVersion}: no payment, invoice, job update or start of work until they approve and
          sign.
        </p>
      )}
      {e.acceptance && <AcceptanceSummary acceptance={e.acceptance} />}
      <LineItemsTable items={e.lineItems} declinedIds={e.acceptance?.declinedLineIds} />
      <Totals subtotal={e.subtotalCents} tax={e.taxCents} total={e.totalCents} />
      <div className="estimate-actions">
        {e.canSend && (
          <Button
            variant={e.status === 'draft' ? 'primary' : 'secondary'}
            size="sm"
            disabled={busy}
            onClick={() => onAction({ kind: 'send', id: e.id })}
          >
            {e.status === 'sent' ? 'Re-send' : 'Send'}
          </Button>
        )}
        {e.canEdit && (
          <Button size="sm" disabled={busy} onClick={() => onAction({ kind: 'refresh', id: e.id })}>
            Refresh from lines
          </Button>
        )}
        {e.canRevise && (
          <Button size="sm" disabled={busy} onClick={() => onAction({ kind: 'revise', id: e.id })}>
            Revise
          </Button>
        )}
        <a className="btn btn-secondary btn-sm" href={estimatesApi.pdfUrl(e.id)} download>
          Download PDF
        </a>
      </div>
      {e.canEdit && (
        <form
          className="estimate-expiry"
          onSubmit={(ev) => {
            ev.preventDefault();
            onAction({ kind: 'expiry', id: e.id, validUntil: expiry || null });
          }}
        >
          <label htmlFor={`expiry-${e.id}`}>Valid until</label>
          <input
            id={`expiry-${e.id}`}
            type="date"
            value={expiry}
            onChange={(ev) => setExpiry(ev.target.value)}
          />
          <Button type="submit" size="sm" disabled={busy || expiry === (e.validUntil ?? '')}>
            Save date
          </Button>
        </form>
      )}
    </section>
  );
}

/** What the customer approved: when, the optional lines chosen, and their signature. */
function AcceptanceSummary({ acceptance: a }: { acceptance: NonNullable<StaffEstimateView['acceptance']> }) {
  const optional = a.lines.filter((l) => l.optional);
  const names = (accepted: boolean) =>
    optional
      .filter((l) => l.accepted === accepted)
      .map((l) => l.description)
      .join(', ');
  return (
    <div className="alert alert-success estimate-acceptance">
      <p>
        {a.signature ? 'Approved and signed' : 'Accepted'} {formatMoney(a.totalCents)} on{' '}
        {formatDateTime(a.acceptedAt)}
        {a.signature ? ` by ${a.signature.name}${a.signature.ip ? ` from ${a.signature.ip}` : ''}` : ''}
      </p>
      {optional.length > 0 && (
        <p className="small">
          Optional lines — approved: {names(true) || 'none'}; declined: {names(false) || 'none'}
        </p>
      )}
      {a.signature && <SignatureImage path={a.signature.path} name={a.signature.name} />}
    </div>
  );
}
