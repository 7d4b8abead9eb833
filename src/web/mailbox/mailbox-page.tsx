import { useEffect, useRef, useState } from 'react';
import type { MailboxMessageSummary } from '../../shared/api-types';
import { ApiError, api, errorMessage, isAbort } from '../ui/api';
import { EmptyState } from '../ui/card';
import { formatDateTime, formatRelative } from '../ui/format';
import { Link, useDocumentTitle, useLocation } from '../ui/router';
import { useNow } from '../ui/use-now';
import { MessageView } from './message-view';
import './mailbox.css';

const REFRESH_MS = 3_000;

/** Newest first, refreshed every 3 seconds. */
function useMessages() {
  const [messages, setMessages] = useState<MailboxMessageSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const busy = useRef(false);
  useEffect(() => {
    const controller = new AbortController();
    const load = () => {
      if (busy.current) return;
      busy.current = true;
      api
        .get<{ messages: MailboxMessageSummary[] }>('/api/mailbox', { signal: controller.signal })
        .then((res) => {
          setMessages([...res.messages].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt)));
          setError(null);
        })
        .catch((err: unknown) => {
          if (!isAbort(err)) setError(err);
        })
        .finally(() => {
          busy.current = false;
        });
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
      busy.current = false;
    };
  }, []);
  return { messages, error };
}

export function MailboxPage() {
  useDocumentTitle('Mailbox');
  const { search } = useLocation();
  const selected = search.get('id');
  const { messages, error } = useMessages();
  const now = useNow(15_000);
  const unavailable = error instanceof ApiError && error.status === 404;

  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/mailbox" className="brand">
            <span className="brand-mark" aria-hidden="true">
              @
            </span>
            <span className="brand-name">Mailbox</span>
          </Link>
          <span className="muted small hide-sm">Emails caught by Slipway’s built-in mail server</span>
          <nav className="topbar-end nav" aria-label="Mailbox">
            <Link to="/app/customers">Dashboard</Link>
          </nav>
        </div>
      </header>
      <main className="page mailbox" id="main">
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
          {unavailable ? (
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
                    to={`/mailbox?id=${encodeURIComponent(m.id)}`}
                    className="mail-item"
                    aria-current={m.id === selected ? 'true' : undefined}
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
      </main>
    </>
  );
}
