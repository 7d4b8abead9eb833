import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CatalogListJob, OrderLineInput, OrderLineView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { useDocumentTitle } from '../ui/document-title';
import { Field } from '../ui/field';
import { formatMoney } from '../ui/format';
import { KIND_LABEL, LineEditor } from './line-editor';
import { orderApi, orderQueries } from './order-api';
import { useCan } from './staff-shell';
import './order-page.css';

const NO_TAX = { labor: 0, parts: 0, fees: 0 };

/** A job's stored lines as lines the editor shows (per-foot footage may be blank). */
const asLineViews = (job: CatalogListJob | null): OrderLineView[] =>
  (job?.lines ?? []).map((l, i) => ({
    id: `${job?.id}-${i}`,
    position: i + 1,
    kind: l.kind,
    description: l.description,
    quantity: l.quantity ?? '',
    unitPriceCents: l.unitPriceCents ?? 0,
    totalCents: 0,
    taxClass: l.taxClass,
    optional: l.optional,
    note: l.note ?? null,
    technician: l.technician ?? null,
    partNumber: l.partNumber ?? null,
  }));

/**
 * " — 2 × $45.00", " — $14.00 per foot of the boat"; without a price (a technician's list, which
 * has no money) only the quantity: " — 2", " — per foot of the boat".
 */
function lineAmount(l: CatalogListJob['lines'][number]): string {
  const perFoot = l.kind === 'per_foot' && !l.quantity;
  if (l.unitPriceCents === undefined)
    return perFoot ? ' — per foot of the boat' : l.quantity ? ` — ${l.quantity}` : '';
  return perFoot
    ? ` — ${formatMoney(l.unitPriceCents)} per foot of the boat`
    : ` — ${l.quantity} × ${formatMoney(l.unitPriceCents)}`;
}

/** /app/catalog — the yard's canned jobs, each added to an order in one click. */
export function CatalogPage() {
  useDocumentTitle('Service catalog');
  const jobs = useQuery(orderQueries.catalog());
  const [editing, setEditing] = useState<CatalogListJob | 'new' | null>(null);
  const [archiving, setArchiving] = useState<CatalogListJob | null>(null);
  // A technician or a viewer reads the catalog; the owner and the office keep it.
  const canEdit = useCan('staff:records');
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['staff', 'catalog'] });
  const archive = useMutation({
    mutationFn: (id: string) => orderApi.archiveJob(id),
    onSuccess: () => {
      setArchiving(null);
      return refresh();
    },
  });

  return (
    <div className="stack">
      <div className="page-header order-header">
        <div>
          <h1>Service catalog</h1>
          <p className="subtitle">
            Jobs the yard does often, with their lines. Add one to an order in one click.
          </p>
        </div>
        {canEdit && editing === null && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            New job
          </Button>
        )}
      </div>
      {editing !== null && (
        <JobForm
          job={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      {jobs.error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(jobs.error)}
        </div>
      ) : !jobs.data ? (
        <Spinner />
      ) : jobs.data.jobs.length === 0 ? (
        <Card>
          <p className="muted">No jobs yet. Add the work the yard does every season.</p>
        </Card>
      ) : (
        jobs.data.jobs.map((job) => (
          <Card key={job.id} className="catalog-job">
            <div className="catalog-job-head">
              <h2 className="card-title">{job.name}</h2>
              {canEdit && (
                <div className="btn-row">
                  <Button size="sm" onClick={() => setEditing(job)}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setArchiving(job)}>
                    Archive
                  </Button>
                </div>
              )}
            </div>
            {job.description && <p className="muted">{job.description}</p>}
            <ul>
              {job.lines.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a job's lines have no ids; the list is read-only
                <li key={i}>
                  {KIND_LABEL[l.kind as keyof typeof KIND_LABEL] ?? l.kind}: {l.description}
                  {lineAmount(l)}
                  {l.partNumber ? ` · part ${l.partNumber}` : ''}
                  {l.optional ? ' (optional)' : ''}
                </li>
              ))}
            </ul>
          </Card>
        ))
      )}
      {archiving && (
        <ConfirmDialog
          title={`Archive "${archiving.name}"?`}
          confirmLabel="Archive"
          tone="danger"
          busy={archive.isPending}
          error={archive.error ? errorMessage(archive.error) : null}
          onClose={() => setArchiving(null)}
          onConfirm={() => archive.mutate(archiving.id)}
        >
          <p>It leaves the catalog. Orders that used it keep their lines.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function JobForm({ job, onDone }: { job: CatalogListJob | null; onDone: () => void }) {
  const [name, setName] = useState(job?.name ?? '');
  const [description, setDescription] = useState(job?.description ?? '');
  const save = useMutation({
    mutationFn: (lines: OrderLineInput[]) => {
      const body = { name, description: description.trim() || null, lines };
      return job ? orderApi.updateJob(job.id, body) : orderApi.createJob(body);
    },
    onSuccess: onDone,
  });
  const changed = name !== (job?.name ?? '') || description !== (job?.description ?? '');
  return (
    <Card
      title={job ? `Edit "${job.name}"` : 'New job'}
      actions={
        <Button size="sm" onClick={onDone}>
          Close
        </Button>
      }
    >
      <div className="stack-sm">
        <Field label="Name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        <label className="field">
          <span>Description</span>
          <textarea
            rows={2}
            value={description}
            maxLength={2000}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <p className="muted small">
          Leave a per-foot line's footage blank to take each boat's length overall.
        </p>
        <LineEditor
          initial={asLineViews(job)}
          rates={NO_TAX}
          boatLengthFt={null}
          blankFootageOk
          saving={save.isPending}
          error={save.error ? errorMessage(save.error) : null}
          onSave={(lines) => save.mutate(lines)}
          saveLabel={job ? 'Save job' : 'Add job'}
          extraDirty={changed || job === null}
        />
      </div>
    </Card>
  );
}
