import { useMutation, useQuery } from '@tanstack/react-query';
import './order-page.css';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { BoatView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Field, FormAlert } from '../ui/field';
import { orderApi, orderQueries } from './order-api';

/** "New order" on a customer's profile: which boat, a title, and optionally a catalog job. */
export function NewOrderButton({ customerId, boats }: { customerId: string; boats: BoatView[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="primary"
        onClick={() => setOpen(true)}
        disabled={boats.length === 0}
        title={boats.length === 0 ? 'Add a boat for this customer first' : undefined}
      >
        New order
      </Button>
      {open && <NewOrderDialog customerId={customerId} boats={boats} onClose={() => setOpen(false)} />}
    </>
  );
}

function NewOrderDialog({
  customerId,
  boats,
  onClose,
}: {
  customerId: string;
  boats: BoatView[];
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const jobs = useQuery(orderQueries.catalog());
  const [boatId, setBoatId] = useState(boats[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [jobId, setJobId] = useState('');
  const [scheduledFor, setScheduledFor] = useState('');
  const create = useMutation({
    mutationFn: () =>
      orderApi.create({
        customerId,
        boatId,
        title: title.trim() || jobs.data?.jobs.find((j) => j.id === jobId)?.name || '',
        scheduledFor: scheduledFor || null,
        ...(jobId ? { catalogJobId: jobId } : {}),
      }),
    onSuccess: (order) => navigate({ to: '/app/orders/$id', params: { id: order.id } }),
  });
  return (
    <Dialog
      title="New order"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={create.isPending} onClick={() => create.mutate()}>
            Create order
          </Button>
        </>
      }
    >
      <form
        className="stack-sm"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label className="field">
          <span>Boat</span>
          <select value={boatId} onChange={(e) => setBoatId(e.target.value)}>
            {boats.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
                {b.lengthFt ? ` (${b.lengthFt} ft)` : ''}
              </option>
            ))}
          </select>
        </label>
        <Field
          label="Title"
          value={title}
          maxLength={200}
          placeholder="Spring commissioning"
          hint="Left blank, the catalog job's name is used."
          onChange={(e) => setTitle(e.target.value)}
        />
        <label className="field">
          <span>Catalog job (optional)</span>
          <select value={jobId} onChange={(e) => setJobId(e.target.value)}>
            <option value="">None — add lines later</option>
            {(jobs.data?.jobs ?? []).map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </label>
        <Field
          label="Scheduled for"
          type="date"
          value={scheduledFor}
          onChange={(e) => setScheduledFor(e.target.value)}
        />
        <FormAlert message={create.error ? errorMessage(create.error) : null} />
      </form>
    </Dialog>
  );
}
