import { useEffect } from 'react';
import type { InviteBatchSummary } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, EmptyState } from '../ui/card';
import { formatDateTime } from '../ui/format';
import { Link, useDocumentTitle } from '../ui/router';
import { useResource } from '../ui/use-resource';
import { BatchStatusBadge, isLive } from './bulk-invite-words';
import { batchHref, bulkInvitesApi, templateHref } from './bulk-invites-api';
import { customersHref } from './customers-page';
import { UploadForm } from './upload-form';
import './bulk-invites.css';

/** While a batch sends, its counts in the list are refreshed this often. */
const LIST_REFRESH_MS = 5_000;

/** A result count; a batch that never ran has none. */
function Count({ batch, n }: { batch: InviteBatchSummary; n: number }) {
  if (batch.status === 'preview' || batch.status === 'discarded') {
    return (
      <span className="muted" title="Not sent">
        —
      </span>
    );
  }
  return <>{n.toLocaleString()}</>;
}

/** /app/invites — the template, the upload, and the recent bulk invites. */
export function BulkInvitesPage() {
  useDocumentTitle('Bulk invites');
  const list = useResource((signal) => bulkInvitesApi.list(signal), []);
  const anyLive = list.data?.batches.some((b) => isLive(b.status)) ?? false;
  const { reload } = list;

  useEffect(() => {
    if (!anyLive) return;
    const timer = window.setInterval(reload, LIST_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [anyLive, reload]);

  return (
    <div className="stack">
      <div>
        <Link to={customersHref()} className="back-link">
          ← Customers
        </Link>
        <div className="page-header">
          <div>
            <h1>Bulk invites</h1>
            <p className="subtitle">Invite many customers to the portal at once.</p>
          </div>
        </div>
      </div>

      <div className="bulk-grid">
        <Card title="How it works">
          <ol className="how-steps">
            <li>Download the template and list one customer per row — by customer number, email or phone.</li>
            <li>
              Upload it: you see what will happen to every row before anything is sent, then confirm to send
              the invites.
            </li>
          </ol>
          <div className="btn-row template-links">
            <a className="btn btn-secondary" href={templateHref('csv')} download>
              Download template (CSV)
            </a>
            <a className="btn btn-secondary" href={templateHref('xlsx')} download>
              Download template (Excel)
            </a>
          </div>
          <p className="muted small">
            To invite everyone a customer search finds, use <strong>Invite all eligible</strong> on the{' '}
            <Link to={customersHref()}>customer list</Link>.
          </p>
        </Card>
        <Card title="Upload your list">
          <UploadForm />
        </Card>
      </div>

      <Card title="Recent bulk invites" className="card-flush">
        {list.error != null && (
          <div className="alert alert-error capped-note" role="alert">
            {errorMessage(list.error)}{' '}
            <Button size="sm" onClick={list.reload}>
              Try again
            </Button>
          </div>
        )}
        {!list.data ? (
          list.error == null && <p className="empty-compact">Loading…</p>
        ) : list.data.batches.length === 0 ? (
          <EmptyState title="No bulk invites yet">
            Upload a filled template to see its preview here.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table table-cards" aria-label="Recent bulk invites">
              <thead>
                <tr>
                  <th scope="col">Bulk invite</th>
                  <th scope="col" className="hide-sm">
                    Created
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Sent
                  </th>
                  <th scope="col" className="num hide-sm">
                    Skipped
                  </th>
                  <th scope="col" className="num hide-sm">
                    Failed
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.batches.map((b) => (
                  <tr key={b.id} className="is-link">
                    <td className="cell-a">
                      <Link to={batchHref(b.id)} className="row-link">
                        {b.label}
                      </Link>
                      <span className="cell-sub">
                        {b.rowCount.toLocaleString()} {b.rowCount === 1 ? 'row' : 'rows'}
                        {b.status === 'preview' && ` · ${b.preview.will_invite.toLocaleString()} to invite`}
                      </span>
                    </td>
                    <td className="hide-sm nowrap">
                      {formatDateTime(b.createdAt)}
                      {b.createdBy && <span className="cell-sub">{b.createdBy}</span>}
                    </td>
                    <td className="cell-b">
                      <BatchStatusBadge status={b.status} />
                    </td>
                    <td className="num cell-c" data-label="Sent">
                      <Count batch={b} n={b.progress.sent} />
                    </td>
                    <td className="num hide-sm">
                      <Count batch={b} n={b.progress.skipped} />
                    </td>
                    <td className={`num hide-sm ${b.progress.failed > 0 ? 'text-danger' : ''}`}>
                      <Count batch={b} n={b.progress.failed} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
