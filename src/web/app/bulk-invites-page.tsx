import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { InviteBatchSummary } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, EmptyState } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDateTime } from '../ui/format';
import { type Column, Table } from '../ui/table';
import { BatchStatusBadge } from './bulk-invite-words';
import { batchLink, bulkInviteQueries, templateHref } from './bulk-invites-api';
import { customersLink } from './customers-link';
import { UploadForm } from './upload-form';
import './bulk-invites.css';

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

const BATCH_COLUMNS: Column<InviteBatchSummary>[] = [
  {
    header: 'Bulk invite',
    cellClassName: 'cell-a',
    cell: (b) => (
      <>
        <Link {...batchLink(b.id)} className="row-link">
          {b.label}
        </Link>
        <span className="cell-sub">
          {b.rowCount.toLocaleString()} {b.rowCount === 1 ? 'row' : 'rows'}
          {b.status === 'preview' && ` · ${b.preview.will_invite.toLocaleString()} to invite`}
        </span>
      </>
    ),
  },
  {
    header: 'Created',
    className: 'hide-sm',
    cellClassName: 'nowrap',
    cell: (b) => (
      <>
        {formatDateTime(b.createdAt)}
        {b.createdBy && <span className="cell-sub">{b.createdBy}</span>}
      </>
    ),
  },
  { header: 'Status', cellClassName: 'cell-b', cell: (b) => <BatchStatusBadge status={b.status} /> },
  {
    header: 'Sent',
    className: 'num',
    cellClassName: 'cell-c',
    label: 'Sent',
    cell: (b) => <Count batch={b} n={b.progress.sent} />,
  },
  { header: 'Skipped', className: 'num hide-sm', cell: (b) => <Count batch={b} n={b.progress.skipped} /> },
  {
    header: 'Failed',
    className: 'num hide-sm',
    cellClassName: (b) => (b.progress.failed > 0 ? 'text-danger' : ''),
    cell: (b) => <Count batch={b} n={b.progress.failed} />,
  },
];

/** /app/invites — the template, the upload, and the recent bulk invites. */
export function BulkInvitesPage() {
  useDocumentTitle('Bulk invites');
  // While a batch sends, its counts in the list refresh by themselves.
  const list = useQuery(bulkInviteQueries.list());

  return (
    <div className="stack">
      <div>
        <Link {...customersLink()} className="back-link">
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
            <Link {...customersLink()}>customer list</Link>.
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
            <Button size="sm" onClick={() => list.refetch()}>
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
          <Table
            className="table-cards"
            label="Recent bulk invites"
            rowClassName="is-link"
            columns={BATCH_COLUMNS}
            rows={list.data.batches}
            rowKey={(b) => b.id}
          />
        )}
      </Card>
    </div>
  );
}
