import { type FormEvent, useState } from 'react';
import type { MessageView, ThreadSummary } from '../../shared/api-types';
import { ApiError, errorMessage } from './api';
import { Button } from './button';
import { FormAlert, LabelledControl } from './field';
import { formatDateTime } from './format';
import { useUniqueId } from './unique-id';
import './messages.css';
import { addPicked } from './picked-files';

// The server's limits (docs/messages.md), checked here first so a phone does not upload in vain.
const MAX_FILES = 5;
const MAX_CHARS = 8000;

/** What a thread is about, in words: "Order #12: Haul and bottom paint" or "General". */
export const threadTitle = (t: Pick<ThreadSummary, 'orderNumber' | 'orderTitle'>) =>
  t.orderNumber !== null
    ? `Order #${t.orderNumber}${t.orderTitle ? `: ${t.orderTitle}` : ''}`
    : 'General messages';

/**
 * A thread's messages, oldest first (docs/messages.md): the reader's own on one side, the
 * other side's on the other, each with who wrote it, when, whether it came by email, and its
 * files (photos as thumbnails, PDFs as links).
 */
export function MessageList({ messages, mine }: { messages: MessageView[]; mine: 'customer' | 'staff' }) {
  return (
    <ol className="messages" aria-label="Messages">
      {messages.map((m) => (
        <li key={m.id} className={`message ${m.author === mine ? 'message-mine' : 'message-theirs'}`}>
          <p className="message-meta small">
            <span className="message-author">
              {m.author === mine && mine === 'customer' ? 'You' : m.authorName}
            </span>
            {' · '}
            <time dateTime={m.sentAt}>{formatDateTime(m.sentAt)}</time>
            {m.via === 'email' && <span className="message-via"> · by email</span>}
          </p>
          <p className="message-body">{m.body}</p>
          {m.attachments.length > 0 && (
            <ul className="message-files" aria-label="Files">
              {m.attachments.map((a) =>
                a.contentType === 'application/pdf' ? (
                  <li key={a.id}>
                    <a className="message-file-link" href={a.url} download={a.fileName}>
                      {a.fileName} (PDF)
                    </a>
                  </li>
                ) : (
                  <li key={a.id}>
                    <a
                      className="message-photo"
                      href={a.url}
                      target="_blank"
                      rel="noreferrer"
                      aria-label={`Open ${a.fileName} full size`}
                    >
                      <img src={a.url} alt={a.fileName} loading="lazy" />
                    </a>
                  </li>
                ),
              )}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The reply box: text, photos or PDFs, and Send. `send` posts the form and throws an ApiError on refusal. */
export function MessageComposer({
  label,
  hint,
  send,
}: {
  label: string;
  hint: string;
  send: (form: FormData) => Promise<unknown>;
}) {
  const fileInput = useUniqueId();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const addFiles = (list: FileList | null, input: HTMLInputElement) => {
    const { next, problem } = addPicked(files, list, { max: MAX_FILES, noun: 'files', what: 'message' });
    input.value = '';
    setFields((f) => ({ ...f, files: problem }));
    if (!problem) setFiles(next);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (!body.trim()) {
      setFields({ body: 'Write a message' });
      return;
    }
    const form = new FormData();
    form.set('body', body);
    for (const f of files) form.append('files', f, f.name);
    setBusy(true);
    setAlert(null);
    setFields({});
    try {
      await send(form);
      setBody('');
      setFiles([]);
    } catch (err) {
      if (err instanceof ApiError && err.details.fields)
        setFields(err.details.fields as Record<string, string>);
      setAlert(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form message-composer" onSubmit={submit} noValidate aria-label="New message">
      <FormAlert message={alert} />
      <LabelledControl label={label} hint={hint} error={fields.body}>
        {(a) => (
          <textarea
            rows={4}
            maxLength={MAX_CHARS}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            {...a}
          />
        )}
      </LabelledControl>
      <div className={`field ${fields.files ? 'has-error' : ''}`}>
        <div className="btn-row">
          <label className="btn btn-secondary" htmlFor={fileInput}>
            Attach photos or PDFs
          </label>
          <input
            id={fileInput}
            className="visually-hidden"
            type="file"
            name="files"
            accept="image/*,application/pdf"
            multiple
            onChange={(e) => addFiles(e.target.files, e.currentTarget)}
          />
        </div>
        <div className="field-hint">
          Up to {MAX_FILES} files: JPEG, PNG, WebP or HEIC photos, or PDFs, 10 MB each.
        </div>
        {fields.files && <div className="field-error">{fields.files}</div>}
        {files.length > 0 && (
          <ul className="chosen-files" aria-label="Files to send">
            {files.map((f, i) => (
              <li key={`${f.name}-${f.size}-${f.lastModified}`}>
                <span className="chosen-file-name">{f.name}</span>
                <Button size="sm" variant="ghost" onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                  Remove <span className="visually-hidden">{f.name}</span>
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="btn-row">
        <Button type="submit" variant="primary" busy={busy}>
          Send
        </Button>
      </div>
    </form>
  );
}

/** "3 unread" as a badge, or nothing. */
export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="unread-badge">
      {count > 99 ? '99+' : count}
      <span className="visually-hidden"> unread</span>
    </span>
  );
}
