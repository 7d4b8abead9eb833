import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { YARD_STATUS_LABELS, YARD_STATUSES, type YardStatus } from '../../shared/api-schemas/values';
import type {
  CreateReminderRequest,
  ReminderDetailResponse,
  RemindersResponse,
  ReminderView,
} from '../../shared/api-types';
import { api, errorMessage } from '../ui/api';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { Field, FormAlert } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { useUniqueId } from '../ui/unique-id';
import { orderQueries } from './order-api';
import { guard } from './staff-api';
import { useCan } from './staff-shell';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const remindersApi = {
  list: (signal?: AbortSignal) => guard(api.get<RemindersResponse>('/api/staff/reminders', { signal })),
  detail: (id: string, signal?: AbortSignal) =>
    guard(api.get<ReminderDetailResponse>(`/api/staff/reminders/${encodeURIComponent(id)}`, { signal })),
  create: (body: CreateReminderRequest) => guard(api.post<ReminderView>('/api/staff/reminders', body)),
  update: (id: string, body: Record<string, unknown>) =>
    guard(api.patch<ReminderView>(`/api/staff/reminders/${encodeURIComponent(id)}`, body)),
};

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
            <Button size="sm" variant="ghost" busy={pause.isPending} onClick={() => pause.mutate()}>
              {r.paused ? 'Resume' : 'Pause'}
            </Button>
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

type RuleKind = 'yearly' | 'interval' | 'engine_hours';

function ReminderForm({ onDone }: { onDone: () => void }) {
  const ids = { rule: useUniqueId(), month: useUniqueId(), status: useUniqueId(), catalog: useUniqueId() };
  const [rule, setRule] = useState<RuleKind>('yearly');
  const [service, setService] = useState('');
  const [catalogJobId, setCatalogJobId] = useState('');
  const catalog = useQuery(orderQueries.catalog());
  const save = useMutation({ mutationFn: remindersApi.create, onSuccess: onDone });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const num = (k: string) => Number(f.get(k));
    const schedule =
      rule === 'yearly'
        ? { rule, month: num('month'), day: num('day') }
        : rule === 'interval'
          ? { rule, intervalMonths: num('intervalMonths'), startsOn: String(f.get('startsOn') ?? '') }
          : { rule, hoursInterval: num('hoursInterval') };
    save.mutate({
      name: String(f.get('name') ?? ''),
      message: String(f.get('message') ?? ''),
      service,
      catalogJobId: catalogJobId || null,
      boatStatus: (String(f.get('boatStatus') ?? '') || null) as YardStatus | null,
      schedule,
    });
  };

  return (
    <Card
      title="New reminder"
      actions={
        <Button size="sm" onClick={onDone}>
          Close
        </Button>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={save.error ? errorMessage(save.error) : null} />
        <Field label="Name" name="name" maxLength={120} required hint="e.g. Winterize" />
        <div className="field">
          <label htmlFor={ids.catalog}>Service from the catalog (optional)</label>
          <select
            id={ids.catalog}
            value={catalogJobId}
            onChange={(e) => {
              setCatalogJobId(e.target.value);
              const job = catalog.data?.jobs.find((j) => j.id === e.target.value);
              if (job) setService(job.name);
            }}
          >
            <option value="">None — type the service below</option>
            {catalog.data?.jobs.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Service to suggest"
          value={service}
          onChange={(e) => setService(e.target.value)}
          maxLength={200}
          required
          hint="The title of the customer's request, e.g. Winterization"
        />
        <label className="field">
          <span>Message (optional)</span>
          <textarea name="message" rows={3} maxLength={2000} />
        </label>
        <div className="field">
          <label htmlFor={ids.rule}>When</label>
          <select id={ids.rule} value={rule} onChange={(e) => setRule(e.target.value as RuleKind)}>
            <option value="yearly">Every year on a date</option>
            <option value="interval">Every few months</option>
            <option value="engine_hours">Every so many engine hours</option>
          </select>
        </div>
        {rule === 'yearly' && (
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.month}>Month</label>
              <select id={ids.month} name="month" defaultValue="10">
                {MONTHS.map((m, i) => (
                  <option key={m} value={i + 1}>
                    {m}
                  </option>
                ))}
              </select>
            </div>
            <Field label="Day" name="day" type="number" min={1} max={31} defaultValue="1" />
          </div>
        )}
        {rule === 'interval' && (
          <div className="field-row">
            <Field
              label="Every (months)"
              name="intervalMonths"
              type="number"
              min={1}
              max={60}
              defaultValue="6"
            />
            <Field label="Starting on" name="startsOn" type="date" required />
          </div>
        )}
        {rule === 'engine_hours' && (
          <Field
            label="Every (engine hours)"
            name="hoursInterval"
            type="number"
            min={1}
            defaultValue="100"
            hint="Sent when the boat's busiest engine passes 100, 200, 300… hours"
          />
        )}
        <div className="field">
          <label htmlFor={ids.status}>Which boats</label>
          <select id={ids.status} name="boatStatus" defaultValue="">
            <option value="">Every boat</option>
            {YARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                Boats {YARD_STATUS_LABELS[s].toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Add reminder
        </Button>
      </form>
    </Card>
  );
}
