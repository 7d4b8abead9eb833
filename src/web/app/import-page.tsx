import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { IMPORT_FIELDS } from '../../shared/api-schemas/values';
import type { ImportField, ImportMapping, ImportOutcome, ImportSummary } from '../../shared/api-types';
import { FIELD_LABELS, OUTCOME_LABELS } from '../../shared/import-words';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { FormAlert } from '../ui/field';
import { batchLink } from './bulk-invites-api';
import { importReportHref, importsApi } from './imports-api';
import { uploadErrorMessage } from './upload-form';
import './imports.css';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OUTCOMES: ImportOutcome[] = ['create', 'update', 'no_change', 'duplicate', 'invalid'];

/** Import customers and boats from another system: upload, mapping, preview, confirm, progress, report. */
export function ImportPage() {
  useDocumentTitle('Import');
  const [job, setJob] = useState<ImportSummary | null>(null);
  const client = useQueryClient();
  const live = useQuery({
    queryKey: ['import', job?.id],
    queryFn: ({ signal }) => importsApi.get(job?.id ?? '', signal),
    enabled: job?.status === 'running',
    refetchInterval: 1000,
  });
  const current = job?.status === 'running' && live.data ? live.data : job;
  const update = (next: ImportSummary) => {
    setJob(next);
    void client.invalidateQueries({ queryKey: ['import-rows', next.id] });
  };

  return (
    <div className="import-page">
      <h1>Import from another system</h1>
      {!current && <UploadCard onUploaded={update} />}
      {current && (current.status === 'mapping' || current.status === 'preview') && (
        <MappingCard job={current} onMapped={update} />
      )}
      {current?.status === 'preview' && <PreviewCard job={current} onChange={update} />}
      {current && (current.status === 'running' || current.status === 'completed') && (
        <ProgressCard job={current} />
      )}
      {current && current.status !== 'running' && (
        <Button variant="secondary" onClick={() => setJob(null)}>
          Import another file
        </Button>
      )}
    </div>
  );
}

function UploadCard({ onUploaded }: { onUploaded: (job: ImportSummary) => void }) {
  const [customers, setCustomers] = useState<File | null>(null);
  const [boats, setBoats] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!customers) return setError('Choose the export (CSV or .xlsx) first.');
    setBusy(true);
    setError(null);
    try {
      onUploaded(await importsApi.upload(customers, boats));
    } catch (err) {
      setError(uploadErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="1. Upload the export">
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span className="field-label">Customers (one row per boat, or customers only)</span>
          <input
            type="file"
            accept={ACCEPT}
            onChange={(e) => setCustomers(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <label className="field">
          <span className="field-label">Boats, if the old system exports them separately (optional)</span>
          <input type="file" accept={ACCEPT} onChange={(e) => setBoats(e.currentTarget.files?.[0] ?? null)} />
        </label>
        <p className="muted">CSV or Excel (.xlsx). Nothing is written until you confirm the preview.</p>
        <FormAlert message={error} />
        <Button type="submit" variant="primary" busy={busy}>
          Upload
        </Button>
      </form>
    </Card>
  );
}

/** The columns of a file: their position is what the mapping is keyed by. */
const columnsOf = (job: ImportSummary, file: 'customers' | 'boats') =>
  (job.headers[file] ?? []).map((label, i) => ({
    label,
    i,
    id: `${file}:${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`,
  }));

function MappingCard({ job, onMapped }: { job: ImportSummary; onMapped: (job: ImportSummary) => void }) {
  const [mapping, setMapping] = useState<ImportMapping>(job.mapping);
  const [save, setSave] = useState(!job.mappingSaved);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const files = (['customers', 'boats'] as const).filter((f) => job.headers[f]);
  const set = (file: 'customers' | 'boats', i: number, field: ImportField | null) =>
    setMapping((m) => ({ ...m, [file]: (m[file] ?? []).map((f, j) => (j === i ? field : f)) }));
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onMapped(await importsApi.map(job.id, mapping, save));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="2. Match the columns">
      {files.map((file) => (
        <div key={file} className="mapping">
          {files.length > 1 && <h3>{file === 'customers' ? 'Customers file' : 'Boats file'}</h3>}
          {columnsOf(job, file).map(({ label, i, id }) => (
            <label key={id} className="mapping-row">
              <span className="mapping-label">
                {label}
                <span className="cell-sub">{job.samples[file][0]?.[i] ?? ''}</span>
              </span>
              <select
                aria-label={`Column "${label}"`}
                value={mapping[file]?.[i] ?? ''}
                onChange={(e) => set(file, i, (e.currentTarget.value || null) as ImportField | null)}
              >
                <option value="">Do not import</option>
                {IMPORT_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {FIELD_LABELS[f]}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ))}
      <label className="check">
        <input type="checkbox" checked={save} onChange={(e) => setSave(e.currentTarget.checked)} /> Save
        mapping for files with these columns
      </label>
      <FormAlert message={error} />
      <Button variant="primary" busy={busy} onClick={submit}>
        {job.status === 'preview' ? 'Preview again' : 'Preview'}
      </Button>
    </Card>
  );
}

function PreviewCard({ job, onChange }: { job: ImportSummary; onChange: (job: ImportSummary) => void }) {
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = useQuery({
    queryKey: ['import-rows', job.id, outcome],
    queryFn: ({ signal }) => importsApi.rows(job.id, outcome, signal),
  });
  const act = async (call: () => Promise<ImportSummary>) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await call());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="3. Preview">
      <fieldset className="chips">
        <legend className="visually-hidden">Show rows</legend>
        <button type="button" aria-pressed={outcome === null} onClick={() => setOutcome(null)}>
          All {job.rowCount.toLocaleString()}
        </button>
        {OUTCOMES.map((o) => (
          <button key={o} type="button" aria-pressed={outcome === o} onClick={() => setOutcome(o)}>
            {OUTCOME_LABELS[o]} {job.preview[o].toLocaleString()}
          </button>
        ))}
      </fieldset>
      <ul className="import-rows">
        {rows.data?.rows.map((r) => (
          <li key={`${r.file}-${r.rowNumber}`} className={`import-row outcome-${r.outcome}`}>
            <span className="nowrap">
              {r.file === 'boats' ? 'Boats row' : 'Row'} {r.rowNumber} ·{' '}
              <strong>{OUTCOME_LABELS[r.outcome]}</strong>
            </span>
            <span>{r.reason}</span>
          </li>
        ))}
      </ul>
      {job.preview.invalid > 0 && (
        <p className="muted">
          Fix the invalid rows in the file and upload it again; rows already imported then show as "No
          change". <a href={importReportHref(job.id)}>Download the problem rows (CSV)</a>
        </p>
      )}
      <FormAlert message={error} />
      <div className="btn-row">
        <Button variant="primary" busy={busy} onClick={() => act(() => importsApi.confirm(job.id))}>
          Import {(job.preview.create + job.preview.update).toLocaleString()} rows
        </Button>
        <Button variant="secondary" disabled={busy} onClick={() => act(() => importsApi.discard(job.id))}>
          Discard
        </Button>
      </div>
    </Card>
  );
}

function ProgressCard({ job }: { job: ImportSummary }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const p = job.progress;
  const invite = async () => {
    setBusy(true);
    try {
      const { batchId } = await importsApi.invite(job.id);
      await navigate(batchLink(batchId));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Card title={job.status === 'running' ? '4. Importing…' : '4. Report'}>
      <progress max={p.units || 1} value={p.done + p.failed} aria-label="Customers written" />
      <dl className="import-report">
        <dt>Customers created</dt>
        <dd>{p.customersCreated.toLocaleString()}</dd>
        <dt>Customers updated</dt>
        <dd>{p.customersUpdated.toLocaleString()}</dd>
        <dt>Unchanged</dt>
        <dd>{p.customersUnchanged.toLocaleString()}</dd>
        <dt>Boats created / updated</dt>
        <dd>
          {p.boatsCreated.toLocaleString()} / {p.boatsUpdated.toLocaleString()}
        </dd>
        <dt>Rows invalid</dt>
        <dd>{job.preview.invalid.toLocaleString()}</dd>
        {p.failed > 0 && (
          <>
            <dt>Customers not written</dt>
            <dd>{p.failed.toLocaleString()}</dd>
          </>
        )}
      </dl>
      {job.status === 'completed' && (
        <div className="btn-row">
          <a className="btn btn-secondary" href={importReportHref(job.id)}>
            Download invalid rows (CSV)
          </a>
          <Button variant="primary" busy={busy} onClick={invite}>
            Invite the imported customers
          </Button>
        </div>
      )}
      <FormAlert message={error} />
    </Card>
  );
}
