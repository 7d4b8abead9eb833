import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { InviteBatchRowView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/card';
import { useNow } from '../ui/use-now';
import { OUTCOME, outcomeWords, RESULT } from './bulk-invite-words';
import { bulkInviteQueries, type RowsFilter } from './bulk-invites-api';

interface BatchRowsCardProps {
  batchId: string;
  filter: RowsFilter;
  /** Rows the filter matches, from the batch's counts: "Showing 100 of 250". */
  total: number;
  /** Adds the Result column (once the batch was sent). */
  showResult: boolean;
  /** While the batch sends, the rows on screen are fetched again every few seconds. */
  live: boolean;
  /** Filter chips, shown above the table. */
  filters?: ReactNode;
}

function filterWords(filter: RowsFilter): string | null {
  if (filter.preview) return OUTCOME[filter.preview].label;
  if (filter.result) return RESULT[filter.result].label;
  return null;
}

/** Every row of the file (or search) with what will happen to it and, once sent, what did. */
export function BatchRowsCard({ batchId, filter, total, showResult, live, filters }: BatchRowsCardProps) {
  const query = useInfiniteQuery(bulkInviteQueries.rows(batchId, filter, live));
  const pages = query.data?.pages ?? [];
  const rows = {
    rows: pages.flatMap((p) => p.rows),
    nextOffset: pages.length ? (pages[pages.length - 1].nextOffset ?? null) : null,
    loading: query.isFetching && !query.isFetchingNextPage,
    loadingMore: query.isFetchingNextPage,
    error: query.error,
    loadMore: () => {
      if (!query.isFetching) void query.fetchNextPage();
    },
  };
  const now = useNow(60_000);
  const filtered = filterWords(filter);
  const columns = showResult ? 5 : 4;

  return (
    <section className="card card-flush" aria-labelledby="batch-rows-title">
      <header className="card-header batch-rows-header">
        <h2 className="card-title" id="batch-rows-title">
          Rows
        </h2>
        {filters}
      </header>
      {rows.error != null && (
        <div className="alert alert-error capped-note" role="alert">
          {errorMessage(rows.error)}
        </div>
      )}
      {rows.rows.length === 0 && !rows.loading && rows.error == null ? (
        <EmptyState title={filtered ? `No rows marked “${filtered}”` : 'No rows'} />
      ) : (
        <div className="table-wrap">
          <table
            className={`table batch-table ${rows.loading && rows.rows.length > 0 ? 'table-dim' : ''}`}
            aria-label={filtered ? `Rows: ${filtered}` : 'Rows'}
            aria-busy={rows.loading || undefined}
          >
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Customer</th>
                <th scope="col">Email on file</th>
                <th scope="col">What will happen</th>
                {showResult && <th scope="col">Result</th>}
              </tr>
            </thead>
            <tbody>
              {rows.rows.length === 0 && rows.loading ? (
                <tr>
                  <td colSpan={columns}>
                    <span className="skeleton" style={{ width: '40%' }} />
                  </td>
                </tr>
              ) : (
                rows.rows.map((row) => (
                  <BatchRow key={row.rowNumber} row={row} showResult={showResult} now={now} />
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {rows.rows.length > 0 && (
        <div className="table-footer">
          <span className="muted small">
            Showing {rows.rows.length.toLocaleString()} of{' '}
            {Math.max(total, rows.rows.length).toLocaleString()} {total === 1 ? 'row' : 'rows'}
          </span>
          {rows.nextOffset !== null && (
            <Button onClick={rows.loadMore} busy={rows.loadingMore} disabled={rows.loading}>
              Show more
            </Button>
          )}
        </div>
      )}
    </section>
  );
}

/** What the file said, for rows that found no customer. */
function inputWords(row: InviteBatchRowView): string {
  const { number, email, name, phone } = row.input;
  return [name, number ? `#${number}` : null, email, phone].filter(Boolean).join(' · ') || 'Empty row';
}

function BatchRow({ row, showResult, now }: { row: InviteBatchRowView; showResult: boolean; now: number }) {
  const outcome = outcomeWords(row, now);
  const result = RESULT[row.result];
  return (
    <tr>
      <td className="num tnum">{row.rowNumber}</td>
      <td>
        {row.customer ? (
          <>
            <Link to="/app/customers/$id" params={{ id: row.customer.id }} className="row-link">
              {row.customer.name || '(no name)'}
            </Link>
            <span className="cell-sub">Customer #{row.customer.customerNumber}</span>
          </>
        ) : (
          <span className="muted">{inputWords(row)}</span>
        )}
      </td>
      <td>
        <div className="ellipsis">{row.customer?.email ?? <span className="muted">—</span>}</div>
      </td>
      <td className="batch-outcome">
        <Badge tone={OUTCOME[row.preview].tone}>{outcome.label}</Badge>
        {outcome.reason && <span className="cell-sub">{outcome.reason}</span>}
      </td>
      {showResult && (
        <td className="batch-outcome">
          <Badge tone={result.tone}>{result.label}</Badge>
          {/* A skipped row's reason is its preview reason, already shown beside it. */}
          {row.resultReason && row.resultReason !== row.previewReason && (
            <span className="cell-sub">{row.resultReason}</span>
          )}
        </td>
      )}
    </tr>
  );
}
