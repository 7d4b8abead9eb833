import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { batchLink, bulkInvitesApi } from './bulk-invites-api';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Where in the file the problem is, when the API says so and its message does not already:
 * 'Row 14, column "Email": …'.
 */
export function uploadErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  if (!(error instanceof ApiError)) return message;
  const { row, column } = error.details;
  if (typeof row !== 'number' || /^row\s/i.test(message)) return message;
  const where = typeof column === 'string' && column ? `Row ${row}, column "${column}"` : `Row ${row}`;
  return `${where}: ${message}`;
}

/** Upload a filled template; the preview opens on its own page. */
export function UploadForm() {
  const [file, setFile] = useState<File | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const navigate = useNavigate();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (!file) {
      setFieldError('Choose the filled template (CSV or .xlsx) first.');
      formRef.current?.querySelector<HTMLInputElement>('input[type="file"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const batch = await bulkInvitesApi.upload(file);
      await navigate(batchLink(batch.id));
    } catch (err) {
      setError(uploadErrorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <Field
        label="Filled template"
        type="file"
        accept={ACCEPT}
        className="file-field"
        hint="CSV or Excel (.xlsx), one customer per row. Nothing is sent until you confirm the preview."
        error={fieldError}
        onChange={(e) => {
          setFile(e.currentTarget.files?.[0] ?? null);
          setFieldError(null);
          setError(null);
        }}
      />
      <FormAlert message={error} />
      <div className="btn-row">
        <Button type="submit" variant="primary" busy={busy}>
          Upload and preview
        </Button>
      </div>
    </form>
  );
}
