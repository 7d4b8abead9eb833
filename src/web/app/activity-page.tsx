import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { ActivityItem } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDateTime } from '../ui/format';
import { ordersApi } from './orders-api';
import './orders.css';

/** /app/activity — what customers did, newest first; opening one marks it read. */
export function ActivityPage() {
  useDocumentTitle('Activity');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const res = useInfiniteQuery({
    queryKey: ['staff', 'activity', 'list', unreadOnly],
    queryFn: ({ pageParam, signal }) => ordersApi.activity(unreadOnly, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const items = res.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = res.data?.pages[0]?.unread ?? 0;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['staff', 'activity'] });

  const open = async (item: ActivityItem) => {
    if (!item.read) {
      // Marked read on the way; the order opens whatever the answer.
      await ordersApi.read(item.id).catch(() => null);
      void refresh();
    }
    if (item.order) await navigate({ to: '/app/orders/$id', params: { id: item.order.id } });
    else await navigate({ to: '/app/customers/$id', params: { id: item.customer.id } });
  };
  const readAll = async () => {
    setBusy(true);
    try {
      await ordersApi.readAll();
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <div className="page-header">
        <h1>Activity</h1>
        <Button onClick={readAll} busy={busy} disabled={unread === 0}>
          Mark all read
        </Button>
      </div>
      <nav className="status-tabs" aria-label="Show">
        <button type="button" aria-pressed={!unreadOnly} onClick={() => setUnreadOnly(false)}>
          All
        </button>
        <button type="button" aria-pressed={unreadOnly} onClick={() => setUnreadOnly(true)}>
          Unread <span className="count">{unread}</span>
        </button>
      </nav>
      {res.error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(res.error)}
        </div>
      ) : !res.data ? (
        <Spinner />
      ) : (
        <Card className="card-flush">
          {items.length === 0 ? (
            <p className="empty-compact">{unreadOnly ? 'Nothing unread.' : 'Nothing yet.'}</p>
          ) : (
            <ul className="olist-rows" aria-label="Activity">
              {items.map((item) => (
                <li key={item.id}>
                  <Link
                    to={item.order ? '/app/orders/$id' : '/app/customers/$id'}
                    params={{ id: item.order?.id ?? item.customer.id }}
                    className={`activity-item${item.read ? '' : ' is-unread'}`}
                    onClick={(e) => {
                      e.preventDefault();
                      void open(item);
                    }}
                  >
                    {!item.read && <span className="visually-hidden">Unread: </span>}
                    {item.sentence}
                    <span className="muted small"> · {formatDateTime(item.at)}</span>
                  </Link>
                </li>
              ))}
            </ul>
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
    </div>
  );
}
