import type { EstimateChanges, OrderDetailResponse, OrderEstimateView } from '../../shared/api-types';
import { EstimateStatusBadge } from '../ui/badge';
import { Card } from '../ui/card';
import { formatDate, formatDateTime, formatMoney } from '../ui/format';
import { SignatureImage } from '../ui/signature-image';
import { EstimateAnswer } from './estimate-answer';
import { LineItemsTable, Totals } from './line-items-table';
import { ordersApi } from './orders-api';

/**
 * The order's estimates, one card per estimate number: its newest version (answerable,
 * with what changed since an accepted version), and the earlier versions collapsed.
 */
export function EstimateCards({
  yard,
  estimates,
  onAnswered,
  canApprove = true,
}: {
  yard: string;
  estimates: OrderEstimateView[];
  onAnswered: (detail: OrderDetailResponse) => void;
  /** False for a view-only grant: the estimate is shown, not answered (docs/shared-access.md). */
  canApprove?: boolean;
}) {
  const groups = new Map<number, OrderEstimateView[]>();
  for (const e of estimates) groups.set(e.number, [...(groups.get(e.number) ?? []), e]);
  return (
    <>
      {[...groups.values()].map((versions) => {
        const [current, ...older] = [...versions].sort((a, b) => b.version - a.version);
        return (
          <Card
            key={current.number}
            id={`estimate-${current.number}`}
            title={`Estimate #${current.number}${current.version > 1 ? ` · version ${current.version}` : ''}`}
            actions={<EstimateStatusBadge status={current.status} />}
          >
            {current.changes && current.status === 'sent' && <WhatChanged changes={current.changes} />}
            {current.canRespond && !canApprove && (
              <p className="muted">Your access is view only: the account holder approves estimates.</p>
            )}
            {current.canRespond && canApprove ? (
              <EstimateAnswer key={current.id} yard={yard} estimate={current} onAnswered={onAnswered} />
            ) : (
              <EstimateBody estimate={current} />
            )}
            <EstimateFooter yard={yard} estimate={current} />
            {older.length > 0 && (
              <details className="estimate-older">
                <summary>
                  Earlier version{older.length > 1 ? 's' : ''} ({older.length})
                </summary>
                {older.map((e) => (
                  <section key={e.id} className="estimate-version" aria-label={`Version ${e.version}`}>
                    <h3>
                      Version {e.version} · {formatMoney(e.totalCents)}{' '}
                      <EstimateStatusBadge status={e.status} />
                    </h3>
                    <EstimateBody estimate={e} />
                    <EstimateFooter yard={yard} estimate={e} />
                  </section>
                ))}
              </details>
            )}
          </Card>
        );
      })}
    </>
  );
}

function EstimateBody({ estimate: e }: { estimate: OrderEstimateView }) {
  return (
    <>
      <LineItemsTable items={e.lineItems} declinedIds={e.acceptance?.declinedLineIds} />
      {e.acceptance ? (
        <Totals
          subtotal={e.acceptance.subtotalCents}
          tax={e.acceptance.taxCents}
          total={e.acceptance.totalCents}
          label="Total accepted"
        />
      ) : (
        <Totals subtotal={e.subtotalCents} tax={e.taxCents} total={e.totalCents} />
      )}
    </>
  );
}

function EstimateFooter({ yard, estimate: e }: { yard: string; estimate: OrderEstimateView }) {
  return (
    <>
      {e.validUntil && e.status === 'sent' && (
        <p className="muted small">Valid until {formatDate(e.validUntil)}</p>
      )}
      {e.acceptance && (
        <div className="signed-by">
          <p className="small">
            You {e.acceptance.signature ? 'approved and signed' : 'accepted'}{' '}
            {formatMoney(e.acceptance.totalCents)} on {formatDateTime(e.acceptance.acceptedAt)}
            {e.acceptance.declinedLineIds.length > 0
              ? `, declining ${e.acceptance.declinedLineIds.length} optional line${e.acceptance.declinedLineIds.length > 1 ? 's' : ''}`
              : ''}
            .
          </p>
          {e.acceptance.signature && (
            <>
              <SignatureImage path={e.acceptance.signature.path} name={e.acceptance.signature.name} />
              <p className="small muted">Signed by {e.acceptance.signature.name}</p>
            </>
          )}
        </div>
      )}
      {e.status === 'declined' && (
        <p className="small">You declined it{e.declineReason ? `: “${e.declineReason}”` : '.'}</p>
      )}
      {!e.canRespond && e.status === 'sent' && e.blockedReason && (
        <p className="alert alert-warning">{e.blockedReason}</p>
      )}
      <p className="small">
        <a href={ordersApi.estimatePdfUrl(yard, e.id)} download>
          Download PDF
        </a>
      </p>
    </>
  );
}

const LABEL = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

/** Against the version the customer accepted: lines added, removed or re-priced, and the totals. */
export function WhatChanged({ changes }: { changes: EstimateChanges }) {
  return (
    <section className="what-changed" aria-label="What changed">
      <h3>What changed since you approved version {changes.againstVersion}</h3>
      <p className="small">
        The yard changed the estimate you approved on {formatDate(changes.acceptedAt)}. Please review the
        changes and approve and sign it again: until you do, the yard holds the work and payments on this
        order.
      </p>
      {changes.lines.length > 0 ? (
        <ul className="plain-list">
          {changes.lines.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
            <li key={i}>
              <strong>{LABEL[c.change]}:</strong> {c.description}
              {c.change === 'changed' && c.before && c.after && (
                <>
                  {' '}
                  — {c.before.quantity} × {formatMoney(c.before.unitPriceCents)} → {c.after.quantity} ×{' '}
                  {formatMoney(c.after.unitPriceCents)}
                </>
              )}
              {c.change === 'added' && c.after && <> — {formatMoney(c.after.totalCents)}</>}
              {c.change === 'removed' && c.before && <> — was {formatMoney(c.before.totalCents)}</>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small">No line changed; only the terms or dates did.</p>
      )}
      <p>
        Total: {formatMoney(changes.before.totalCents)} →{' '}
        <strong>{formatMoney(changes.after.totalCents)}</strong>
      </p>
    </section>
  );
}
