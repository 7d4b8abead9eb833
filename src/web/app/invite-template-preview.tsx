import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type {
  CustomerListItem,
  InviteTemplateInput,
  InviteTemplatePreviewResponse,
} from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { useUniqueId } from '../ui/unique-id';
import { useDebounced } from '../ui/use-debounced';
import { inviteTemplateApi } from './invite-template-api';
import { staffApi } from './staff-api';

const PREVIEW_DELAY_MS = 300;

export type FieldErrors = Partial<Record<keyof InviteTemplateInput, string>>;

/** The fields of a 422 answer, as the template checks and the request validation both give them. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const fields = (error.details.fields ?? {}) as Record<string, string>;
  return { subject: fields.subject, greeting: fields.greeting, body: fields.body };
}

/**
 * Renders the draft on the server ~300 ms after the last change, for the chosen customer
 * (or the server's choice); the last good preview stays while the next one loads.
 * Reports validation errors up.
 */
function usePreview(
  template: InviteTemplateInput,
  customerId: string | null,
  onErrors: (e: FieldErrors) => void,
) {
  const { subject, greeting, body } = template;
  const wanted = { subject, greeting, body, ...(customerId ? { customerId } : {}) };
  const request = useDebounced(wanted, PREVIEW_DELAY_MS, JSON.stringify(wanted));
  const query = useQuery({
    queryKey: ['staff', 'invite-template', 'preview', request],
    queryFn: ({ signal }) => inviteTemplateApi.preview(request, signal),
    placeholderData: keepPreviousData,
  });
  const settled = JSON.stringify(request) === JSON.stringify(wanted);
  const failed = query.isError ? query.error : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: onErrors is a state setter
  useEffect(() => {
    if (query.isFetching) return;
    onErrors(failed ? fieldErrorsOf(failed) : {});
  }, [failed, query.isFetching, query.dataUpdatedAt]);

  // The last good preview stays on screen (dimmed) while the wording is invalid.
  const lastGood = useRef<InviteTemplatePreviewResponse | null>(null);
  if (query.data) lastGood.current = query.data;
  return { preview: lastGood.current, error: failed, loading: query.isFetching || !settled };
}

/** Picks the customer the preview is rendered for, by searching the customer list. */
function CustomerPicker({
  current,
  onPick,
}: {
  current: { id: string; name: string } | null;
  onPick: (c: { id: string; name: string }) => void;
}) {
  const id = useUniqueId();
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 200);
  const search = useQuery({
    queryKey: ['staff', 'customers', term, 'picker'],
    queryFn: ({ signal }) => staffApi.customers({ q: term, limit: 8 }, signal),
    enabled: term !== '',
    placeholderData: keepPreviousData,
  });
  const results: CustomerListItem[] = q.trim() ? (search.data?.customers ?? []) : [];
  const error = search.error;

  return (
    <div className="field template-picker">
      <label htmlFor={id}>Preview for customer</label>
      <input
        id={id}
        type="search"
        value={q}
        placeholder="Search by name, email or phone"
        autoComplete="off"
        aria-describedby={`${id}-current`}
        onChange={(e) => setQ(e.target.value)}
      />
      <div id={`${id}-current`} className="field-hint">
        {current ? (
          <>
            Showing the email as <strong>{current.name}</strong> would get it.
          </>
        ) : (
          'Showing the email with sample data: no customer has an email address yet.'
        )}
      </div>
      {error ? (
        <div className="field-error">{errorMessage(error)}</div>
      ) : (
        q.trim() && (
          <ul className="template-picker-results" aria-label="Matching customers">
            {results.length === 0 && !search.isFetching && (
              <li className="muted small">No customer matches “{q.trim()}”.</li>
            )}
            {results.map((c) => {
              const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
              return (
                <li key={c.id}>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      onPick({ id: c.id, name });
                      setQ('');
                    }}
                  >
                    {name}
                    {c.email && <span className="muted small"> · {c.email}</span>}
                  </Button>
                </li>
              );
            })}
          </ul>
        )
      )}
    </div>
  );
}

/** The live preview: subject, the HTML in a sandboxed frame and the plain text, as tabs. */
export function TemplatePreview({
  template,
  onErrors,
}: {
  template: InviteTemplateInput;
  onErrors: (errors: FieldErrors) => void;
}) {
  const [customer, setCustomer] = useState<{ id: string; name: string } | null>(null);
  const { preview, error, loading } = usePreview(template, customer?.id ?? null, onErrors);
  const [tab, setTab] = useState<'html' | 'text'>('html');
  const id = useUniqueId();
  const invalid = error instanceof ApiError && error.status === 422;

  return (
    <Card
      title="Preview"
      className="template-preview"
      actions={loading && <span className="spinner" aria-hidden="true" />}
    >
      <CustomerPicker current={customer ?? preview?.customer ?? null} onPick={setCustomer} />
      <div role="status" className="template-preview-status">
        {loading ? 'Updating the preview…' : ''}
      </div>
      {error && !invalid ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(error)}
        </div>
      ) : null}
      {invalid && (
        <p className="alert alert-warning">Fix the wording on the left to see the preview again.</p>
      )}
      {preview && (
        <div className={invalid ? 'template-preview-body is-stale' : 'template-preview-body'}>
          <p className="template-subject">
            <span className="muted">Subject:</span>{' '}
            <strong data-testid="preview-subject">{preview.subject}</strong>
          </p>
          <div role="tablist" aria-label="Show the email as" className="template-tabs">
            <button
              type="button"
              role="tab"
              id={`${id}-html-tab`}
              aria-controls={`${id}-html`}
              aria-selected={tab === 'html'}
              onClick={() => setTab('html')}
            >
              HTML
            </button>
            <button
              type="button"
              role="tab"
              id={`${id}-text-tab`}
              aria-controls={`${id}-text`}
              aria-selected={tab === 'text'}
              onClick={() => setTab('text')}
            >
              Plain text
            </button>
          </div>
          <div role="tabpanel" id={`${id}-html`} aria-labelledby={`${id}-html-tab`} hidden={tab !== 'html'}>
            {/* No scripts, no forms, no navigation: the preview is only looked at. */}
            <iframe
              className="template-frame"
              title="Email preview (HTML)"
              sandbox=""
              srcDoc={preview.html}
            />
          </div>
          <div role="tabpanel" id={`${id}-text`} aria-labelledby={`${id}-text-tab`} hidden={tab !== 'text'}>
            <pre className="template-text">{preview.text}</pre>
          </div>
        </div>
      )}
    </Card>
  );
}
