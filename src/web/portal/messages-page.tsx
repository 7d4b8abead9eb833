import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { errorMessage } from '../ui/api';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDateTime } from '../ui/format';
import { MessageComposer, MessageList, threadTitle, UnreadBadge } from '../ui/messages';
import { messageQueries, messagesApi, type PortalThread } from './messages-api';
import { useRecordOfLink, useRecordOfOrder } from './order-record';
import { portalLinks, usePortalYard } from './portal-links';
import { usePortalMe } from './portal-shell';
import { QueryFallback } from './query-fallback';

/** The portal's Messages page: the general thread and each order's, newest first, unread ones marked. */
export function PortalMessagesPage() {
  const yard = usePortalYard();
  const me = usePortalMe();
  useDocumentTitle(`Messages · ${me.yard.name}`);
  const res = useQuery(messageQueries.list(yard));
  const back = (
    <p className="back-row">
      <Link {...portalLinks.home(yard)}>← Back to your account</Link>
    </p>
  );
  if (!res.data) return <QueryFallback res={res} back={back} />;
  return (
    <>
      {back}
      <div className="page-header">
        <h1>Messages</h1>
      </div>
      <Card title="Your conversations with the yard">
        <p className="muted small">
          Write to the yard about anything, or about one order. You get an email when they answer, and can
          reply to that email.
        </p>
        <ul className="thread-list">
          {res.data.threads.map((t) => (
            <li key={t.orderId ?? 'general'} className={t.unread > 0 ? 'thread-unread' : undefined}>
              <Link
                className="thread-link"
                {...(t.orderId
                  ? portalLinks.orderMessages(yard, t.orderId)
                  : portalLinks.generalMessages(yard))}
              >
                <span className="thread-title">
                  {threadTitle(t)} <UnreadBadge count={t.unread} />
                </span>
                <span className="thread-preview small">
                  {t.lastMessage
                    ? `${t.lastAuthor === 'customer' ? 'You: ' : ''}${t.lastMessage}`
                    : 'No messages yet. Write to the yard.'}
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
      </Card>
    </>
  );
}

/** One thread with the yard: its messages, oldest first, and the reply box. Opening it marks it read. */
export function PortalThreadPage({ orderId, record }: { orderId?: string; record?: string }) {
  const yard = usePortalYard();
  const me = usePortalMe();
  const queryClient = useQueryClient();
  const thread: PortalThread = orderId ? { orderId } : 'general';
  const key = ['portal', yard, 'messages', orderId ?? 'general'];
  const res = useQuery({ queryKey: key, queryFn: ({ signal }) => messagesApi.thread(yard, thread, signal) });
  const switchingForOrder = useRecordOfOrder(yard, orderId, res.error);
  const switchingForLink = useRecordOfLink(yard, orderId ? undefined : record);
  const switching = switchingForOrder || switchingForLink;
  const title = res.data ? threadTitle(res.data.thread) : 'Messages';
  useDocumentTitle(`${title} · ${me.yard.name}`);
  const unread = res.data?.thread.unread ?? 0;
  useEffect(() => {
    // Not the thread of the record the link is for: left unread.
    if (unread === 0 || switchingForLink) return;
    void messagesApi
      .read(yard, orderId ? { orderId } : 'general')
      .then(() => queryClient.invalidateQueries({ queryKey: ['portal', yard, 'messages'], exact: true }))
      .catch(() => {});
  }, [unread, switchingForLink, yard, orderId, queryClient]);

  const back = (
    <p className="back-row">
      <Link {...portalLinks.messages(yard)}>← All messages</Link>
    </p>
  );
  if (!res.data || switchingForLink) return <QueryFallback res={res} back={back} pending={switching} />;
  const { messages } = res.data;
  return (
    <>
      {back}
      <div className="page-header">
        <div>
          <h1>{title}</h1>
          {orderId && (
            <p className="subtitle">
              <Link {...portalLinks.order(yard, orderId)}>Open the order</Link>
            </p>
          )}
        </div>
      </div>
      <Card title={`Messages with ${me.yard.name}`}>
        {res.error && <p className="muted">The messages could not be refreshed: {errorMessage(res.error)}</p>}
        {messages.length === 0 ? (
          <p className="muted">No messages yet. Write below; the yard gets an email.</p>
        ) : (
          <MessageList messages={messages} mine="customer" />
        )}
        <MessageComposer
          label="Write to the yard"
          hint="The yard gets an email. You can also answer their emails directly."
          send={async (form) => {
            await messagesApi.send(yard, thread, form);
            await queryClient.invalidateQueries({ queryKey: ['portal', yard, 'messages'] });
          }}
        />
      </Card>
    </>
  );
}
