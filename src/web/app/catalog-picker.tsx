import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/field';
import { orderApi, orderQueries, useOrderMutation } from './order-api';

/** "Add from catalog": one click adds a job's lines to the order (per-foot lines take the boat's length). */
export function CatalogPicker({ orderId, disabled }: { orderId: string; disabled: boolean }) {
  const jobs = useQuery(orderQueries.catalog());
  const add = useOrderMutation(orderId, (jobId: string) => orderApi.addFromCatalog(orderId, jobId));
  const list = jobs.data?.jobs ?? [];
  return (
    <fieldset className="catalog-picker">
      <legend className="catalog-picker-title">
        Add from catalog{' '}
        {disabled && <span className="muted small">— save or discard your changes first</span>}
      </legend>
      {jobs.isPending ? (
        <p className="muted small">Loading the catalog…</p>
      ) : list.length === 0 ? (
        <p className="muted small">
          No catalog jobs yet. <Link to="/app/catalog">Add some</Link>.
        </p>
      ) : (
        <div className="catalog-jobs">
          {list.map((j) => (
            <Button
              key={j.id}
              size="sm"
              disabled={disabled || add.isPending}
              busy={add.isPending && add.variables === j.id}
              onClick={() => add.mutate(j.id)}
              title={j.description ?? undefined}
            >
              + {j.name}
            </Button>
          ))}
        </div>
      )}
      <FormAlert
        message={add.error ? errorMessage(add.error) : jobs.error ? errorMessage(jobs.error) : null}
      />
    </fieldset>
  );
}
