import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDateTime } from '../ui/format';
import { MessageComposer, MessageList, threadTitle, UnreadBadge } from '../ui/messages';
import { type StaffThread, staffMessagesApi } from './messages-api';
import { useCan } from './staff-shell';

/**
 * The staff inbox (docs/messages.md): every thread of the yard, newest first, with its unread
 * count; "Unread only" narrows it. A technician's holds the threads of orders assigned to them.
 */
export function MessagesInboxPage({ unread, customerId }: { unread?: boolean; customerId?: string }) {
  useDocumentTitle('Messages');
  const res = useQuery({
    queryKey: ['staff', 'messages', 'inbox', { unread, customerId }],
    queryFn: ({ signal }) => staffMessagesApi.inbox({ unread, customerId }, signal),
  });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Messages</h1>
          <p className="subtitle">
            {res.data
              ? `${res.data.unreadThreads} conversation${res.data.unreadThreads === 1 ? '' : 's'} unread`
              : ''}
          </p>
        </div>
        <div className="btn-row">
          <Link
            to="/app/messages"
            search={{ customerId }}
            className="btn btn-secondary"
            aria-current={!unread ? 'page' : undefined}
          >
            All
          </Link>
          <Link
            to="/app/messages"
            search={{ unread: 'true', customerId }}
            className="btn btn-secondary"
            aria-current={unread ? 'page' : undefined}
          >
            Unread only
          </Link>
        </div>
      </div>
      <Card title={customerId ? 'Conversations of this customer' : 'Conversations'}>
        {res.error ? (
          <p className="muted">The inbox could not be loaded: {errorMessage(res.error)}</p>
        ) : !res.data ? (
          <Spinner />
        ) : res.data.threads.length === 0 ? (
          <p className="muted">{unread ? 'Nothing unread.' : 'No messages yet.'}</p>
        ) : (
          <ul className="thread-list">
            {res.data.threads.map((t) => (
              <li key={t.id ?? t.customerId} className={t.unread > 0 ? 'thread-unread' : undefined}>
                <Link
                  className="thread-link"
                  {...(t.orderId
                    ? { to: '/app/messages/orders/$id', params: { id: t.orderId } }
                    : { to: '/app/messages/general/$id', params: { id: t.customerId } })}
                >
                  <span className="thread-title">
                    {t.customerName} · {threadTitle(t)} <UnreadBadge count={t.unread} />
                  </span>
                  <span className="thread-preview small">
                    {t.lastAuthor === 'staff' ? 'Yard: ' : ''}
                    {t.lastMessage}
                  </span>
                  {t.lastMessageAt && (
                    <span className="muted small">
                      <time dateTime={t.lastMessageAt}>{formatDateTime(t.lastMessageAt)}</time>
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

/** One thread: its messages, the reply box (for roles that may write), and links to the customer and order. */
export function StaffThreadPage({ thread }: { thread: StaffThread }) {
  const queryClient = useQueryClient();
  const canWrite = useCan('staff:work');
  const key = ['staff', 'messages', 'thread', thread];
  const res = useQuery({ queryKey: key, queryFn: ({ signal }) => staffMessagesApi.thread(thread, signal) });
  const t = res.data?.thread;
  useDocumentTitle(t ? `${t.customerName} · ${threadTitle(t)}` : 'Messages');
  const unread = t?.unread ?? 0;
  useEffect(() => {
    if (unread === 0) return;
    void staffMessagesApi
      .read(thread)
      .then(() => queryClient.invalidateQueries({ queryKey: ['staff', 'messages'] }))
      .catch(() => {});
  }, [unread, thread, queryClient]);

  const back = (
    <Link to="/app/messages" className="back-link">
      ← Inbox
    </Link>
  );
  if (!res.data || !t) {
    return (
      <>
        {back}
        {res.error ? (
          <div className="alert alert-error" role="alert">
            {errorMessage(res.error)}{' '}
            <Button size="sm" onClick={() => res.refetch()}>
              Try again
            </Button>
          </div>
        ) : (
          <Spinner />
        )}
      </>
    );
  }
  return (
    <>
      {back}
      <div className="page-header">
        <div>
          <h1>
            {t.customerName} · {threadTitle(t)}
          </h1>
          <p className="subtitle">
            <Link to="/app/customers/$id" params={{ id: t.customerId }}>
              Customer profile
            </Link>
            {t.orderId && (
              <>
                {' · '}
                <Link to="/app/orders/$id" params={{ id: t.orderId }}>
                  Order #{t.orderNumber}
                </Link>
              </>
            )}
          </p>
        </div>
      </div>
      <Card title="Conversation">
        {res.data.messages.length === 0 ? (
          <p className="muted">No messages yet.</p>
        ) : (
          <MessageList messages={res.data.messages} mine="staff" />
        )}
        {canWrite && (
          <MessageComposer
            label="Reply"
            hint="The customer gets an email (unless they turned messages off) and can answer it."
            send={async (form) => {
              await staffMessagesApi.send(thread, form);
              await queryClient.invalidateQueries({ queryKey: ['staff', 'messages'] });
            }}
          />
        )}
      </Card>
    </>
  );
}
