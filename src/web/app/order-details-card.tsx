import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { StaffOrderResponse } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Dialog } from '../ui/dialog';
import { Field, FormAlert } from '../ui/field';
import { formatDate, formatPhone } from '../ui/format';
import { orderApi, useOrderMutation } from './order-api';
import { useCan } from './staff-shell';

/** The customer, the boat and the order's own details, with "Edit details". */
export function OrderDetailsCard({ data, closed }: { data: StaffOrderResponse; closed: boolean }) {
  const { order, customer, boat } = data;
  const [editing, setEditing] = useState(false);
  const canEdit = useCan('staff:records');
  return (
    <Card
      title="Customer and boat"
      actions={
        !closed &&
        canEdit && (
          <Button size="sm" onClick={() => setEditing(true)}>
            Edit details
          </Button>
        )
      }
    >
      <dl className="facts">
        <div>
          <dt>Customer</dt>
          <dd>
            <Link to="/app/customers/$id" params={{ id: customer.id }}>
              {customer.name}
            </Link>
            <span className="facts-sub">
              {[customer.email, customer.phone ? formatPhone(customer.phone) : null]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </dd>
        </div>
        <div>
          <dt>Boat</dt>
          <dd>
            {boat ? (
              <>
                <Link to="/app/customers/$id" params={{ id: customer.id }}>
                  {boat.name}
                </Link>
                <span className="facts-sub">
                  {[
                    [boat.year, boat.make, boat.model].filter(Boolean).join(' '),
                    boat.lengthFt ? `${boat.lengthFt} ft LOA` : 'Length not recorded',
                    boat.slip ? `Slip ${boat.slip}` : null,
                    boat.hullId ? `HIN ${boat.hullId}` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Assigned to</dt>
          <dd>{canEdit && !closed ? <AssigneeSelect data={data} /> : (order.assignee?.name ?? 'Nobody')}</dd>
        </div>
        <div>
          <dt>Scheduled</dt>
          <dd>{formatDate(order.scheduledFor)}</dd>
        </div>
        <div>
          <dt>Promised</dt>
          <dd>{formatDate(order.promisedOn)}</dd>
        </div>
        {order.description && (
          <div className="facts-wide">
            <dt>Description</dt>
            <dd className="pre-line">{order.description}</dd>
          </div>
        )}
      </dl>
      {editing && <EditDetailsDialog data={data} onClose={() => setEditing(false)} />}
    </Card>
  );
}

/** Who works on the order: any active staff member of the yard, or nobody. Saved on change. */
function AssigneeSelect({ data }: { data: StaffOrderResponse }) {
  const { order, assignableStaff } = data;
  const save = useOrderMutation(order.id, (assignedTo: string | null) =>
    orderApi.update(order.id, { assignedTo }),
  );
  return (
    <>
      <select
        aria-label="Assigned to"
        value={order.assignee?.id ?? ''}
        disabled={save.isPending}
        onChange={(e) => save.mutate(e.target.value || null)}
      >
        <option value="">Nobody</option>
        {order.assignee && !assignableStaff.some((s) => s.id === order.assignee?.id) && (
          <option value={order.assignee.id}>{order.assignee.name}</option>
        )}
        {assignableStaff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <FormAlert message={save.error ? errorMessage(save.error) : null} />
    </>
  );
}

function EditDetailsDialog({ data, onClose }: { data: StaffOrderResponse; onClose: () => void }) {
  const { order } = data;
  const [title, setTitle] = useState(order.title);
  const [description, setDescription] = useState(order.description ?? '');
  const [scheduledFor, setScheduledFor] = useState(order.scheduledFor ?? '');
  const [promisedOn, setPromisedOn] = useState(order.promisedOn ?? '');
  const save = useOrderMutation(order.id, () =>
    orderApi.update(order.id, {
      title,
      description: description.trim() || null,
      scheduledFor: scheduledFor || null,
      promisedOn: promisedOn || null,
    }),
  );
  return (
    <Dialog
      title={`Order #${order.number}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            busy={save.isPending}
            onClick={() => save.mutate(undefined, { onSuccess: onClose })}
          >
            Save
          </Button>
        </>
      }
    >
      <div className="stack-sm">
        <Field label="Title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        <label className="field">
          <span>Description</span>
          <textarea
            rows={4}
            value={description}
            maxLength={5000}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <Field
          label="Scheduled for"
          type="date"
          value={scheduledFor}
          onChange={(e) => setScheduledFor(e.target.value)}
        />
        <Field
          label="Promised on"
          type="date"
          value={promisedOn}
          onChange={(e) => setPromisedOn(e.target.value)}
        />
        <FormAlert message={save.error ? errorMessage(save.error) : null} />
      </div>
    </Dialog>
  );
}
