import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MailboxMessage } from '../../shared/api-types';
import { api, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { formatDateTime } from '../ui/format';
import { extractLinks, withBaseTarget } from './links';

export function MessageView({ id }: { id: string }) {
  const message = useQuery({
    queryKey: ['mailbox', id],
    queryFn: ({ signal }) => api.get<MailboxMessage>(`/api/mailbox/${encodeURIComponent(id)}`, { signal }),
    // A caught message never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [mode, setMode] = useState<'html' | 'text' | null>(null);
  const m = message.data;

  if (!m || m.id !== id) {
    return (
      <Card className="message">
        {message.error && !message.isFetching ? (
          <p className="alert alert-error" role="alert">
            {errorMessage(message.error)}
          </p>
        ) : (
          <Spinner label="Loading message…" />
        )}
      </Card>
    );
  }

  const shown = mode ?? (m.html ? 'html' : 'text');
  const links = extractLinks(m.text, m.html);
  return (
    <Card className="message" title={m.subject ?? '(no subject)'}>
      <dl className="details message-meta">
        <dt>From</dt>
        <dd>{m.from ?? '—'}</dd>
        <dt>To</dt>
        <dd>{m.to}</dd>
        <dt>Received</dt>
        <dd>{formatDateTime(m.receivedAt)}</dd>
      </dl>
      {links.length > 0 && (
        <section className="message-links" aria-labelledby="message-links-title">
          <h3 id="message-links-title">Links in this message</h3>
          <ul>
            {links.map((url) => (
              <li key={url}>
                <a href={url}>{url}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <fieldset className="segmented">
        <legend className="visually-hidden">Show the message as</legend>
        <Button size="sm" aria-pressed={shown === 'html'} disabled={!m.html} onClick={() => setMode('html')}>
          HTML
        </Button>
        <Button size="sm" aria-pressed={shown === 'text'} disabled={!m.text} onClick={() => setMode('text')}>
          Plain text
        </Button>
      </fieldset>
      {shown === 'html' && m.html ? (
        <iframe
          className="message-frame"
          title="Message body"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={withBaseTarget(m.html)}
        />
      ) : (
        <pre className="message-text">{m.text ?? '(no plain-text body)'}</pre>
      )}
    </Card>
  );
}
