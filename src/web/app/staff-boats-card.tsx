import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { BoatDetail, BoatView } from '../../shared/api-types';
import { BoatsCard } from '../ui/account-tables';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { Field, FormAlert } from '../ui/field';
import { fullName } from '../ui/format';
import { BoatDialog } from './boat-dialog';
import { BoatStatusControl } from './boat-status-control';
import { boatsApi } from './boats-api';
import { useCustomerSearch } from './use-customer-search';

type Unit = 'ft' | 'm';

/**
 * The customer's boats on their profile: add one, edit one, move it to another customer,
 * archive it, and set where it is in the yard (boat-status-control.tsx).
 */
export function StaffBoatsCard({
  customerId,
  boats,
  unit,
  canEdit,
  canSetStatus,
  onChanged,
}: {
  customerId: string;
  boats: BoatView[];
  unit: Unit;
  canEdit: boolean;
  /** Owner and office set any boat's yard status, technicians those on their orders; viewers read it. */
  canSetStatus: (boat: BoatView) => boolean;
  /** A boat was added, changed, moved or archived: the profile reloads. */
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<'new' | string | null>(null);
  return (
    <>
      <BoatsCard
        boats={boats}
        unit={unit}
        actions={
          canEdit && (
            <Button size="sm" variant="ghost" onClick={() => setOpen('new')}>
              Add boat
            </Button>
          )
        }
        boatLink={(b) => (
          <>
            <span className="boat-links">
              <Link to="/app/orders" search={{ boatId: b.id }} className="small">
                Orders for {b.name}
              </Link>
              {canEdit && (
                <Button size="sm" variant="ghost" aria-label={`Edit ${b.name}`} onClick={() => setOpen(b.id)}>
                  Edit
                </Button>
              )}
            </span>
            <BoatStatusControl boat={b} canSet={canSetStatus(b)} onChanged={onChanged} />
          </>
        )}
      />
      {open === 'new' && (
        <BoatDialog
          customerId={customerId}
          boat={null}
          unit={unit}
          onSaved={onChanged}
          onClose={() => setOpen(null)}
        />
      )}
      {open && open !== 'new' && (
        <EditBoat
          id={open}
          customerId={customerId}
          unit={unit}
          onChanged={onChanged}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

function EditBoat({
  id,
  customerId,
  unit,
  onChanged,
  onClose,
}: {
  id: string;
  customerId: string;
  unit: Unit;
  onChanged: () => void;
  onClose: () => void;
}) {
  const boat = useQuery({
    queryKey: ['staff', 'boat', id],
    queryFn: ({ signal }) => boatsApi.get(id, signal),
  });
  if (!boat.data) {
    return boat.error ? (
      <p className="alert alert-error small" role="alert">
        {errorMessage(boat.error)}
      </p>
    ) : (
      <Spinner label="Loading boat…" />
    );
  }
  const done = () => {
    onChanged();
    onClose();
  };
  return (
    <BoatDialog
      customerId={customerId}
      boat={boat.data.boat}
      unit={unit}
      onSaved={onChanged}
      onClose={onClose}
    >
      <MoveOrArchive boat={boat.data.boat} onDone={done} />
    </BoatDialog>
  );
}

/** Under the form: move the boat to another customer of the yard (found by search), or archive it. */
function MoveOrArchive({ boat, onDone }: { boat: BoatDetail; onDone: () => void }) {
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const search = useCustomerSearch(q);
  const candidates = q.trim() ? search.customers.filter((c) => c.id !== boat.customerId).slice(0, 5) : [];

  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setAlert(null);
    try {
      await call();
      onDone();
    } catch (err) {
      setAlert(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="boat-more stack-sm">
      <FormAlert message={alert} />
      <Field
        label="Move to another customer"
        hint="The boat's past orders stay with the customer they were made out to."
        type="search"
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      {candidates.length > 0 && (
        <ul className="boat-move-list">
          {candidates.map((c) => (
            <li key={c.id}>
              <Button size="sm" busy={busy} onClick={() => run(() => boatsApi.transfer(boat.id, c.id))}>
                Move to {fullName(c)} (#{c.customerNumber})
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="btn-row">
        {boat.archivedAt ? (
          <Button size="sm" busy={busy} onClick={() => run(() => boatsApi.restore(boat.id))}>
            Restore boat
          </Button>
        ) : (
          <Button size="sm" variant="ghost" busy={busy} onClick={() => run(() => boatsApi.archive(boat.id))}>
            Archive boat
          </Button>
        )}
      </div>
    </div>
  );
}
