import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { InviteTemplateInput, InviteTemplateView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { useDocumentTitle } from '../ui/document-title';
import { FormAlert, LabelledControl } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { inviteTemplateApi } from './invite-template-api';
import { type FieldErrors, fieldErrorsOf, TemplatePreview } from './invite-template-preview';
import './invite-template.css';

type FieldName = keyof InviteTemplateInput;

const pick = (t: InviteTemplateInput): InviteTemplateInput => ({
  subject: t.subject,
  greeting: t.greeting,
  body: t.body,
});
const same = (a: InviteTemplateInput, b: InviteTemplateInput) =>
  a.subject === b.subject && a.greeting === b.greeting && a.body === b.body;

/** /app/settings/invite-email — the wording of the portal invite, with a live preview. */
export function InviteTemplatePage() {
  useDocumentTitle('Invite email');
  const res = useQuery(inviteTemplateQuery);
  if (!res.data) {
    return res.error && !res.isFetching ? (
      <div className="alert alert-error" role="alert">
        {errorMessage(res.error)}{' '}
        <Button size="sm" onClick={() => res.refetch()}>
          Try again
        </Button>
      </div>
    ) : (
      <Spinner />
    );
  }
  return <TemplateEditor initial={res.data} />;
}

const inviteTemplateQuery = {
  queryKey: ['staff', 'invite-template'],
  queryFn: ({ signal }: { signal: AbortSignal }) => inviteTemplateApi.get(signal),
  // The editor starts from one copy; a background refetch must not reset what is being typed.
  staleTime: Number.POSITIVE_INFINITY,
};

/** The wording form, started from the saved template. */
export function TemplateEditor({ initial }: { initial: InviteTemplateView }) {
  const queryClient = useQueryClient();
  const [saved, setSavedState] = useState(initial);
  const setSaved = (view: InviteTemplateView) => {
    setSavedState(view);
    queryClient.setQueryData(inviteTemplateQuery.queryKey, view);
  };
  const [draft, setDraft] = useState(pick(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'reset' | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const refs: Record<FieldName, RefObject<HTMLInputElement | HTMLTextAreaElement | null>> = {
    subject: useRef<HTMLInputElement>(null),
    greeting: useRef<HTMLInputElement>(null),
    body: useRef<HTMLTextAreaElement>(null),
  };
  const lastField = useRef<FieldName>('body');
  const caret = useRef<{ field: FieldName; at: number } | null>(null);
  const dirty = !same(draft, saved);

  // Leaving the page with unsaved wording asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // After a placeholder is inserted, the cursor goes back to just after it.
  useEffect(() => {
    const c = caret.current;
    if (!c) return;
    caret.current = null;
    const el = refs[c.field].current;
    el?.focus();
    el?.setSelectionRange(c.at, c.at);
  });

  const change = (field: FieldName, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setNotice(null);
  };

  const insert = (token: string) => {
    const field = lastField.current;
    const el = refs[field].current;
    const value = draft[field];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    change(field, value.slice(0, start) + token + value.slice(end));
    caret.current = { field, at: start + token.length };
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy('save');
    setAlert(null);
    try {
      const view = await inviteTemplateApi.save(draft);
      setSaved(view);
      setDraft(pick(view));
      setErrors({});
      setNotice('Saved. Invites from now on use this wording.');
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setAlert(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const reset = async () => {
    setBusy('reset');
    setAlert(null);
    try {
      const view = await inviteTemplateApi.reset();
      setSaved(view);
      setDraft(pick(view));
      setErrors({});
      setNotice('Back to the default wording.');
      setConfirmReset(false);
    } catch (err) {
      setAlert(errorMessage(err));
      setConfirmReset(false);
    } finally {
      setBusy(null);
    }
  };

  const fieldProps = (field: FieldName) => ({
    value: draft[field],
    onFocus: () => {
      lastField.current = field;
    },
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => change(field, e.target.value),
  });

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Invite email</h1>
          <p className="subtitle">
            The wording of the email that invites a customer to your portal.{' '}
            {saved.isDefault
              ? 'You are using the default wording.'
              : `Last saved ${formatDateTime(saved.updatedAt)}.`}
          </p>
        </div>
      </div>
      <div className="template-grid">
        <Card title="Wording">
          <form className="form" onSubmit={save} noValidate>
            <LabelledControl label="Subject" error={errors.subject}>
              {(a) => (
                <input ref={refs.subject as RefObject<HTMLInputElement>} {...a} {...fieldProps('subject')} />
              )}
            </LabelledControl>
            <LabelledControl
              label="Greeting"
              hint="The first line, e.g. Hi {customer_first_name}, (may be empty)"
              error={errors.greeting}
            >
              {(a) => (
                <input
                  ref={refs.greeting as RefObject<HTMLInputElement>}
                  {...a}
                  {...fieldProps('greeting')}
                />
              )}
            </LabelledControl>
            <LabelledControl
              label="Body"
              hint="Separate paragraphs with a blank line. {portal_link} on a line of its own becomes the Pick your password button. Your yard’s name and contact details are added at the end."
              error={errors.body}
            >
              {(a) => (
                <textarea
                  ref={refs.body as RefObject<HTMLTextAreaElement>}
                  rows={14}
                  {...a}
                  {...fieldProps('body')}
                />
              )}
            </LabelledControl>
            <fieldset className="template-placeholders">
              <legend>Insert a placeholder</legend>
              <p className="field-hint">Goes in at the cursor of the field you were last in.</p>
              <ul>
                {saved.placeholders.map((p) => (
                  <li key={p.name}>
                    <button
                      type="button"
                      className="template-chip"
                      aria-label={`Insert {${p.name}}`}
                      // Keep the cursor where it is in the field being edited.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => insert(`{${p.name}}`)}
                    >
                      {`{${p.name}}`}
                    </button>
                    <span className="muted small">{p.description}</span>
                  </li>
                ))}
              </ul>
            </fieldset>
            <FormAlert message={alert} />
            <div role="status" className="template-notes">
              {dirty ? (
                <p className="alert alert-warning">You have unsaved changes.</p>
              ) : (
                notice && <p className="alert alert-success">{notice}</p>
              )}
            </div>
            <div className="btn-row">
              <Button type="submit" variant="primary" busy={busy === 'save'} disabled={!dirty}>
                Save
              </Button>
              <Button
                variant="ghost"
                onClick={() => setConfirmReset(true)}
                disabled={saved.isDefault && !dirty}
              >
                Reset to default
              </Button>
            </div>
          </form>
        </Card>
        <TemplatePreview template={draft} onErrors={setErrors} />
      </div>
      {confirmReset && (
        <ConfirmDialog
          title="Reset to the default wording?"
          confirmLabel="Reset to default"
          tone="danger"
          busy={busy === 'reset'}
          onConfirm={reset}
          onClose={() => setConfirmReset(false)}
        >
          <p>
            {saved.isDefault
              ? 'Your unsaved changes are discarded and the form shows the default wording again.'
              : 'Your saved wording is replaced by the default wording for every invite from now on. This cannot be undone.'}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
