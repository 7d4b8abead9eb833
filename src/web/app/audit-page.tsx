import { getRouteApi, Link } from '@tanstack/react-router';
import { AUDIT_ENTITIES } from '../../shared/api-schemas/values';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { type AuditFilter, auditApi, useAuditLog } from './audit-api';
import { AuditRows } from './audit-rows';
import './audit.css';

const route = getRouteApi('/app/staff/audit');

/** /app/audit — every recorded change in the yard, newest first, filtered; exported as CSV. */
export function AuditPage() {
  useDocumentTitle('Audit log');
  const search: AuditFilter = route.useSearch();
  const navigate = route.useNavigate();
  const set = (patch: Partial<AuditFilter>) =>
    void navigate({ search: (s: AuditFilter) => ({ ...s, ...patch }), replace: true, resetScroll: false });
  const res = useAuditLog(search);
  const entries = res.data?.pages.flatMap((p) => p.entries) ?? [];
  const timezone = res.data?.pages[0]?.timezone ?? 'UTC';
  const pill = (key: keyof AuditFilter, label: string) =>
    search[key] && (
      <button type="button" className="filter-pill" onClick={() => set({ [key]: undefined })}>
        {label} <span aria-hidden="true">×</span>
        <span className="visually-hidden">(remove)</span>
      </button>
    );

  return (
    <div className="stack">
      <div className="page-header">
        <h1>Audit log</h1>
        <a className="btn btn-secondary" href={auditApi.csvUrl(search)} download>
          Export CSV
        </a>
      </div>
      <search className="audit-filters" aria-label="Filter the audit log">
        <label>
          What{' '}
          <select value={search.entity ?? ''} onChange={(e) => set({ entity: e.target.value || undefined })}>
            <option value="">Everything</option>
            {AUDIT_ENTITIES.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action{' '}
          <input
            type="search"
            value={search.action ?? ''}
            placeholder="e.g. updated"
            maxLength={60}
            onChange={(e) => set({ action: e.target.value || undefined })}
          />
        </label>
        <label>
          From{' '}
          <input
            type="date"
            value={search.from ?? ''}
            onChange={(e) => set({ from: e.target.value || undefined })}
          />
        </label>
        <label>
          to{' '}
          <input
            type="date"
            value={search.to ?? ''}
            onChange={(e) => set({ to: e.target.value || undefined })}
          />
        </label>
        {pill('customerId', 'This customer')}
        {pill('orderId', 'This order')}
        {pill('staffId', 'This staff member')}
      </search>
      <p className="muted small">Times are the yard's ({timezone}).</p>
      {res.error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(res.error)}
        </div>
      ) : !res.data ? (
        <Spinner />
      ) : (
        <Card className="card-flush">
          {entries.length === 0 ? (
            <p className="empty-compact">No changes recorded for these filters.</p>
          ) : (
            <AuditRows entries={entries} timezone={timezone} />
          )}
          {res.hasNextPage && (
            <div className="orders-more">
              <Button onClick={() => void res.fetchNextPage()} busy={res.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          )}
        </Card>
      )}
      <Link to="/app/customers" className="small">
        Back to customers
      </Link>
    </div>
  );
}
