import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { YARD_STATUS_LABELS } from '../../shared/api-schemas/values';
import type { ReminderView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDateTime } from '../ui/format';
import { ReminderForm } from './reminder-form';
import { remindersApi } from './reminders-api';
import { useCan } from './staff-shell';

/** /app/reminders — the yard's service reminders, what each has sent, and pausing them (docs/reminders.md). */
export function RemindersPage() {
  useDocumentTitle('Service reminders');
  const canEdit = useCan('staff:records');
  const list = useQuery({
    queryKey: ['staff', 'reminders'],
    queryFn: ({ signal }) => remindersApi.list(signal),
  });
  const [adding, setAdding] = useState(false);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['staff', 'reminders'] });
  return (
    <div className="stack">
      <div className="page-header order-header">
        <div>
          <h1>Service reminders</h1>
          <p className="subtitle">
            Emails to customers when a boat is due for a service — a day each year, every few months, or every
            so many engine hours — with a link to request it. Sent once per boat each time it is due.
          </p>
        </div>
        {canEdit && !adding && (
          <Button variant="primary" onClick={() => setAdding(true)}>
            New reminder
          </Button>
        )}
      </div>
      {adding && (
        <ReminderForm
          onDone={() => {
            setAdding(false);
            void refresh();
          }}
        />
      )}
      {list.error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(list.error)}
        </div>
      ) : !list.data ? (
        <Spinner />
      ) : list.data.reminders.length === 0 ? (
        <Card>
          <p className="muted">No reminders yet. Winterizing every October is a good first one.</p>
        </Card>
      ) : (
        list.data.reminders.map((r) => (
          <ReminderCard key={r.id} reminder={r} canEdit={canEdit} onChange={refresh} />
        ))
      )}
    </div>
  );
}

function ReminderCard({
  reminder: r,
  canEdit,
  onChange,
}: {
  reminder: ReminderView;
  canEdit: boolean;
  onChange: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const pause = useMutation({
    mutationFn: () => remindersApi.update(r.id, { paused: !r.paused }),
    onSuccess: onChange,
  });
  return (
    <Card className="catalog-job">
      <div className="catalog-job-head">
        <h2 className="card-title">
          {r.name} {r.paused && <Badge tone="warning">Paused</Badge>}
        </h2>
        <div className="btn-row">
          <Button size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            {open ? 'Hide what was sent' : 'What was sent'}
          </Button>
          {canEdit && (
            <>
              <Button size="sm" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" busy={pause.isPending} onClick={() => pause.mutate()}>
                {r.paused ? 'Resume' : 'Pause'}
              </Button>
            </>
          )}
        </div>
      </div>
      <p>
        {r.describe} · suggests <strong>{r.service}</strong> ·{' '}
        {r.boatStatus ? `boats ${YARD_STATUS_LABELS[r.boatStatus].toLowerCase()}` : 'every boat'}
      </p>
      {r.message && <p className="muted">{r.message}</p>}
      <p className="muted small">
        Sent {r.sent} · skipped {r.skipped}
        {r.failed > 0 ? ` · failed ${r.failed}` : ''}
        {r.queued > 0 ? ` · sending ${r.queued}` : ''}
        {r.lastSentAt ? ` · last sent ${formatDateTime(r.lastSentAt)}` : ''} · last run{' '}
        {r.lastRunAt ? formatDateTime(r.lastRunAt) : 'not yet'}
      </p>
      {pause.error && (
        <div className="alert alert-error" role="alert">
          {errorMessage(pause.error)}
        </div>
      )}
      {editing && (
        <ReminderForm
          reminder={r}
          onDone={() => {
            setEditing(false);
            onChange();
          }}
        />
      )}
      {open && <Occurrences id={r.id} />}
    </Card>
  );
}

function Occurrences({ id }: { id: string }) {
  const res = useQuery({
    queryKey: ['staff', 'reminders', id],
    queryFn: ({ signal }) => remindersApi.detail(id, signal),
  });
  if (res.error) return <p className="alert alert-error">{errorMessage(res.error)}</p>;
  if (!res.data) return <Spinner />;
  const rows = res.data.occurrences;
  if (rows.length === 0) return <p className="muted">Nothing was due yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">What this reminder sent</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Boat</th>
            <th scope="col">Due</th>
            <th scope="col">Outcome</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.id}>
              <td>
                <Link to="/app/customers/$id" params={{ id: o.customerId }}>
                  {o.customerName}
                </Link>
              </td>
              <td>{o.boatName}</td>
              <td>{o.period}</td>
              <td>
                {o.status === 'sent' ? `Sent to ${o.email}` : o.status === 'queued' ? 'Sending' : o.status}
                {o.reason ? ` — ${o.reason}` : ''}
              </td>
              <td>{formatDateTime(o.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
