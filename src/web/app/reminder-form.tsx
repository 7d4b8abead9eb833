import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { YARD_STATUS_LABELS, YARD_STATUSES, type YardStatus } from '../../shared/api-schemas/values';
import type { CreateReminderRequest, ReminderView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, FormAlert } from '../ui/field';
import { useUniqueId } from '../ui/unique-id';
import { orderQueries } from './order-api';
import { remindersApi } from './reminders-api';
import './reminders.css';

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

type RuleKind = 'yearly' | 'interval' | 'engine_hours';

/** A new reminder, or one being changed: what to suggest, when, to which boats. */
export function ReminderForm({ reminder, onDone }: { reminder?: ReminderView; onDone: () => void }) {
  const ids = {
    rule: useUniqueId(),
    month: useUniqueId(),
    status: useUniqueId(),
    catalog: useUniqueId(),
    message: useUniqueId(),
  };
  const schedule = reminder?.schedule;
  const [rule, setRule] = useState<RuleKind>(schedule?.rule ?? 'yearly');
  const [service, setService] = useState(reminder?.service ?? '');
  const [catalogJobId, setCatalogJobId] = useState(reminder?.catalogJobId ?? '');
  const catalog = useQuery(orderQueries.catalog());
  const save = useMutation({
    mutationFn: (body: CreateReminderRequest) =>
      reminder ? remindersApi.update(reminder.id, body) : remindersApi.create(body),
    onSuccess: onDone,
  });
  const yearly = schedule?.rule === 'yearly' ? schedule : null;
  const interval = schedule?.rule === 'interval' ? schedule : null;
  const hours = schedule?.rule === 'engine_hours' ? schedule : null;

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
      title={reminder ? `Edit "${reminder.name}"` : 'New reminder'}
      actions={
        <Button size="sm" onClick={onDone}>
          Close
        </Button>
      }
    >
      <form className="form reminder-form" onSubmit={submit} noValidate>
        <FormAlert message={save.error ? errorMessage(save.error) : null} />
        <Field
          label="Name"
          name="name"
          maxLength={120}
          required
          hint="e.g. Winterize"
          defaultValue={reminder?.name}
        />
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
        <div className="field">
          <label htmlFor={ids.message}>Message (optional)</label>
          <textarea
            id={ids.message}
            name="message"
            rows={3}
            maxLength={2000}
            defaultValue={reminder?.message}
          />
        </div>
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
              <select id={ids.month} name="month" defaultValue={String(yearly?.month ?? 10)}>
                {MONTHS.map((m, i) => (
                  <option key={m} value={i + 1}>
                    {m}
                  </option>
                ))}
              </select>
            </div>
            <Field
              label="Day"
              name="day"
              type="number"
              min={1}
              max={31}
              defaultValue={String(yearly?.day ?? 1)}
            />
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
              defaultValue={String(interval?.intervalMonths ?? 6)}
            />
            <Field
              label="Starting on"
              name="startsOn"
              type="date"
              required
              defaultValue={interval?.startsOn}
            />
          </div>
        )}
        {rule === 'engine_hours' && (
          <Field
            label="Every (engine hours)"
            name="hoursInterval"
            type="number"
            min={1}
            defaultValue={String(hours?.hoursInterval ?? 100)}
            hint="Sent when the boat's busiest engine passes 100, 200, 300… hours"
          />
        )}
        <div className="field">
          <label htmlFor={ids.status}>Which boats</label>
          <select id={ids.status} name="boatStatus" defaultValue={reminder?.boatStatus ?? ''}>
            <option value="">Every boat</option>
            {YARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                Boats {YARD_STATUS_LABELS[s].toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" busy={save.isPending}>
          {reminder ? 'Save reminder' : 'Add reminder'}
        </Button>
      </form>
    </Card>
  );
}
