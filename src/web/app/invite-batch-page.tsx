import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import type { BatchPreviewOutcome, BatchRowResult, InviteBatchSummary } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { EmptyState, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDateTime } from '../ui/format';
import { DiscardedPanel, PreviewPanel, ResultPanel, SendingPanel } from './batch-panels';
import { BatchRowsCard } from './batch-rows-card';
import { BatchStatusBadge, isFinished, isLive, plural, RESULT, ROW_RESULTS } from './bulk-invite-words';
import { bulkInviteQueries } from './bulk-invites-api';
import { type Chip, FilterChips } from './filter-chips';
import './bulk-invites.css';

const route = getRouteApi('/app/staff/invites/$id');

function subtitle(batch: InviteBatchSummary): string {
  const by = batch.createdBy ? ` by ${batch.createdBy}` : '';
  const what = batch.source === 'search' ? 'From the customer search' : 'Uploaded';
  return `${what} ${formatDateTime(batch.createdAt)}${by} · ${plural(batch.rowCount, 'row')}`;
}

/** /app/invites/:id — a bulk invite's preview, its live progress, then its results. */
export function InviteBatchPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const query = bulkInviteQueries.batch(id);
  const state = useQuery(query);
  const batch = state.data;
  useDocumentTitle(batch ? batch.label : 'Bulk invite');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const live = batch ? isLive(batch.status) : false;
  const status = batch?.status;

  // A batch that changes state (starts sending, finishes) has new results on its rows.
  const shownStatus = useRef(status);
  useEffect(() => {
    if (shownStatus.current && status !== shownStatus.current) {
      void queryClient.invalidateQueries({ queryKey: ['staff', 'invite-batches', id, 'rows'] });
    }
    shownStatus.current = status;
  }, [status, queryClient, id]);

  /** Shows a summary an action answered with (confirm, cancel) at once. */
  const setBatch = (next: InviteBatchSummary) => queryClient.setQueryData(query.queryKey, next);
  const reload = () => void state.refetch();
  const setFilter = (next: { preview?: BatchPreviewOutcome; result?: BatchRowResult }) =>
    void navigate({ search: next, replace: true, resetScroll: false });

  const back = (
    <Link to="/app/invites" className="back-link">
      ← Bulk invites
    </Link>
  );

  if (!batch) {
    if (state.error && !state.isFetching) {
      const missing =
        state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 422);
      return (
        <>
          {back}
          <div className="card">
            <EmptyState title={missing ? 'Bulk invite not found' : 'The bulk invite could not be loaded'}>
              <p>{missing ? 'Open it from the list of recent bulk invites.' : errorMessage(state.error)}</p>
              {!missing && (
                <Button size="sm" onClick={reload}>
                  Try again
                </Button>
              )}
            </EmptyState>
          </div>
        </>
      );
    }
    return (
      <>
        {back}
        <Spinner label="Loading bulk invite…" />
      </>
    );
  }

  const previewing = batch.status === 'preview' || batch.status === 'discarded';
  const previewFilter = previewing ? (search.preview ?? null) : null;
  const resultFilter = previewing ? null : (search.result ?? null);
  const filterTotal = previewFilter
    ? batch.preview[previewFilter]
    : resultFilter
      ? batch.progress[resultFilter]
      : batch.rowCount;

  const resultChips: Chip<BatchRowResult>[] = ROW_RESULTS.filter(
    (r) => batch.progress[r] > 0 || r === 'sent' || r === 'failed',
  ).map((r) => ({
    key: r,
    label: RESULT[r].label,
    tone: RESULT[r].tone,
    count: batch.progress[r],
    primary: r === 'sent',
  }));

  return (
    <div className="stack">
      <div>
        {back}
        <div className="page-header batch-header">
          <div>
            <div className="title-row">
              <h1>{batch.label}</h1>
              <BatchStatusBadge status={batch.status} />
            </div>
            <p className="subtitle">{subtitle(batch)}</p>
          </div>
        </div>
        {state.error != null && (
          <div className="alert alert-error small" role="alert">
            {errorMessage(state.error)}
          </div>
        )}
      </div>

      {batch.status === 'discarded' && <DiscardedPanel />}
      {previewing && (
        <PreviewPanel
          batch={batch}
          onBatch={setBatch}
          reload={reload}
          selected={previewFilter}
          onSelect={(o: BatchPreviewOutcome | null) => setFilter({ preview: o ?? undefined })}
        />
      )}
      {live && <SendingPanel batch={batch} onBatch={setBatch} reload={reload} />}
      {isFinished(batch.status) && <ResultPanel batch={batch} />}

      <BatchRowsCard
        batchId={batch.id}
        filter={{ preview: previewFilter, result: resultFilter }}
        total={filterTotal}
        showResult={!previewing}
        live={live}
        filters={
          previewing ? undefined : (
            <FilterChips
              label="Filter rows by result"
              total={batch.rowCount}
              chips={resultChips}
              selected={resultFilter}
              onSelect={(r) => setFilter({ result: r ?? undefined })}
            />
          )
        }
      />
    </div>
  );
}
