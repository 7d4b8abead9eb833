import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { MailboxMessageSummary } from '../../shared/api-types';
import { ApiError, api, errorMessage } from '../ui/api';
import { EmptyState } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDateTime, formatRelative } from '../ui/format';
import { PageShell } from '../ui/page-shell';
import { useNow } from '../ui/use-now';
import { MessageView } from './message-view';
import './mailbox.css';

const REFRESH_MS = 3_000;
const route = getRouteApi('/mailbox');

const unavailable = (error: unknown) => error instanceof ApiError && error.status === 404;

/** Newest first, refreshed every 3 seconds (while the mailbox exists). */
function useMessages() {
  const query = useQuery({
    queryKey: ['mailbox'],
    queryFn: ({ signal }) =>
      api
        .get<{ messages: MailboxMessageSummary[] }>('/api/mailbox', { signal })
        .then((res) => [...res.messages].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt))),
    refetchInterval: (q) => (unavailable(q.state.error) ? false : REFRESH_MS),
  });
  return { messages: query.data ?? null, error: query.error };
}

export function MailboxPage() {
  useDocumentTitle('Mailbox');
  const selected = route.useSearch().id ?? null;
  const { messages, error } = useMessages();
  const now = useNow(15_000);

  return (
    <PageShell
      mainClassName="mailbox"
      brand={
        <Link to="/mailbox" className="brand">
          <span className="brand-mark" aria-hidden="true">
            @
          </span>
          <span className="brand-name">Mailbox</span>
        </Link>
      }
      middle={
        <>
          <span className="muted small hide-sm">Emails caught by Slipway’s built-in mail server</span>
          <nav className="topbar-end nav" aria-label="Mailbox">
            <Link to="/app/customers">Dashboard</Link>
          </nav>
        </>
      }
    >
      <section className="card mailbox-list" aria-labelledby="mailbox-title">
        <header className="card-header">
          <h1 id="mailbox-title" className="card-title">
            Inbox
          </h1>
          {messages && (
            <span className="muted small">
              {messages.length} {messages.length === 1 ? 'message' : 'messages'}
            </span>
          )}
        </header>
        {unavailable(error) ? (
          <EmptyState title="No mailbox here">
            This server sends real email (SMTP_URL is set), so there is no built-in mailbox.
          </EmptyState>
        ) : error && !messages ? (
          <p className="alert alert-error mailbox-error" role="alert">
            {errorMessage(error)}
          </p>
        ) : messages === null ? (
          <div className="mailbox-skeleton" aria-hidden="true">
            <span className="skeleton" />
            <span className="skeleton" />
            <span className="skeleton" />
          </div>
        ) : messages.length === 0 ? (
          <EmptyState title="No messages yet">
            Invite a customer from the dashboard; the email shows up here.
          </EmptyState>
        ) : (
          <ul className="mail-items">
            {messages.map((m) => (
              <li key={m.id}>
                <Link
                  to="/mailbox"
                  search={{ id: m.id }}
                  className="mail-item"
                  aria-current={m.id === selected ? 'true' : undefined}
                  activeOptions={{ exact: true }}
                >
                  <span className="mail-to">{m.to}</span>
                  <time className="mail-time" dateTime={m.receivedAt} title={formatDateTime(m.receivedAt)}>
                    {formatRelative(m.receivedAt, now)}
                  </time>
                  <span className="mail-subject">{m.subject ?? '(no subject)'}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="mailbox-view">
        {selected ? (
          <MessageView id={selected} />
        ) : (
          <div className="card">
            <EmptyState title="Select a message">Pick an email on the left to read it.</EmptyState>
          </div>
        )}
      </div>
    </PageShell>
  );
}
