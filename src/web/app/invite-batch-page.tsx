import type { BatchPreviewOutcome, BatchRowResult, InviteBatchSummary } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { EmptyState, Spinner } from '../ui/card';
import { formatDateTime } from '../ui/format';
import { Link, setQueryParam, useDocumentTitle, useLocation } from '../ui/router';
import { useNow } from '../ui/use-now';
import { DiscardedPanel, PreviewPanel, ResultPanel, SendingPanel } from './batch-panels';
import { BatchRowsCard } from './batch-rows-card';
import {
  BatchStatusBadge,
  isFinished,
  isLive,
  PREVIEW_OUTCOMES,
  plural,
  RESULT,
  ROW_RESULTS,
} from './bulk-invite-words';
import { type Chip, FilterChips } from './filter-chips';
import { useInviteBatch } from './use-invite-batch';
import './bulk-invites.css';

/** While sending, the rows on screen are fetched again this often to show their results. */
const ROWS_REFRESH_MS = 5_000;

function oneOf<T extends string>(list: readonly T[], value: string | null): T | null {
  return value !== null && (list as readonly string[]).includes(value) ? (value as T) : null;
}

function subtitle(batch: InviteBatchSummary): string {
  const by = batch.createdBy ? ` by ${batch.createdBy}` : '';
  const what = batch.source === 'search' ? 'From the customer search' : 'Uploaded';
  return `${what} ${formatDateTime(batch.createdAt)}${by} · ${plural(batch.rowCount, 'row')}`;
}

/** /app/invites/:id — a bulk invite's preview, its live progress, then its results. */
export function InviteBatchPage({ id }: { id: string }) {
  const state = useInviteBatch(id);
  const { batch } = state;
  useDocumentTitle(batch ? batch.label : 'Bulk invite');
  const { search } = useLocation();
  const live = batch ? isLive(batch.status) : false;
  const tick = useNow(live ? ROWS_REFRESH_MS : 3_600_000);

  const back = (
    <Link to="/app/invites" className="back-link">
      ← Bulk invites
    </Link>
  );

  if (!batch) {
    if (state.error && !state.loading) {
      const missing =
        state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 422);
      return (
        <>
          {back}
          <div className="card">
            <EmptyState title={missing ? 'Bulk invite not found' : 'The bulk invite could not be loaded'}>
              <p>{missing ? 'Open it from the list of recent bulk invites.' : errorMessage(state.error)}</p>
              {!missing && (
                <Button size="sm" onClick={state.reload}>
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
  const previewFilter = previewing ? oneOf(PREVIEW_OUTCOMES, search.get('preview')) : null;
  const resultFilter = previewing ? null : oneOf(ROW_RESULTS, search.get('result'));
  const filterTotal = previewFilter
    ? batch.preview[previewFilter]
    : resultFilter
      ? batch.progress[resultFilter]
      : batch.rowCount;
  const refreshKey = live ? `${batch.status}:${Math.floor(tick / ROWS_REFRESH_MS)}` : batch.status;

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
          onBatch={state.setBatch}
          reload={state.reload}
          selected={previewFilter}
          onSelect={(o: BatchPreviewOutcome | null) => setQueryParam('preview', o ?? '')}
        />
      )}
      {live && <SendingPanel batch={batch} onBatch={state.setBatch} reload={state.reload} />}
      {isFinished(batch.status) && <ResultPanel batch={batch} />}

      <BatchRowsCard
        batchId={batch.id}
        filter={{ preview: previewFilter, result: resultFilter }}
        total={filterTotal}
        showResult={!previewing}
        refreshKey={refreshKey}
        filters={
          previewing ? undefined : (
            <FilterChips
              label="Filter rows by result"
              total={batch.rowCount}
              chips={resultChips}
              selected={resultFilter}
              onSelect={(r) => setQueryParam('result', r ?? '')}
            />
          )
        }
      />
    </div>
  );
}
