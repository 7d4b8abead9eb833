import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { DuplicateMatch } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormAlert } from '../ui/field';
import { fieldErrors } from './contact-card';
import { CustomerFields, customerRequest, emptyCustomer } from './customer-form';
import { customerRecordsApi } from './customer-records-api';

/** "New customer" on the Customers page. */
export function NewCustomerButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        New customer
      </Button>
      {open && <NewCustomerDialog onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * Every field of a new customer. When the email or a phone is already on file the server
 * answers POSSIBLE_DUPLICATE: the dialog names those customers, with a link to each, and
 * offers "Create anyway".
 */
export function NewCustomerDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(emptyCustomer);
  const [duplicates, setDuplicates] = useState<DuplicateMatch[]>([]);
  const warning = useRef<HTMLDivElement>(null);
  // The warning is at the top of a long form: bring it into view when it appears.
  useEffect(() => {
    if (duplicates.length) warning.current?.scrollIntoView?.({ block: 'nearest' });
  }, [duplicates]);
  const create = useMutation({
    mutationFn: (allowDuplicate: boolean) =>
      customerRecordsApi.create({ ...customerRequest(values), ...(allowDuplicate && { allowDuplicate }) }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['staff', 'customers'] });
      void navigate({ to: '/app/customers/$id', params: { id: created.id } });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'POSSIBLE_DUPLICATE') {
        setDuplicates((err.details.matches as DuplicateMatch[]) ?? []);
      }
    },
  });
  const errors = fieldErrors(create.error);
  const duplicate = create.error instanceof ApiError && create.error.code === 'POSSIBLE_DUPLICATE';
  const alert =
    create.error && !duplicate
      ? Object.keys(errors).length
        ? `Check the highlighted fields. ${errorMessage(create.error)}`
        : errorMessage(create.error)
      : null;
  const change = (next: typeof values) => {
    setValues(next);
    // Another email or phone may not be on file: the warning is for what was sent.
    if (duplicates.length) setDuplicates([]);
  };

  return (
    <Dialog
      title="New customer"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          {duplicates.length > 0 ? (
            <Button variant="primary" busy={create.isPending} onClick={() => create.mutate(true)}>
              Create anyway
            </Button>
          ) : (
            <Button variant="primary" busy={create.isPending} onClick={() => create.mutate(false)}>
              Create customer
            </Button>
          )}
        </>
      }
    >
      <form
        className="form"
        noValidate
        aria-label="New customer"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(duplicates.length > 0);
        }}
      >
        <FormAlert message={alert} />
        {duplicates.length > 0 && (
          <div ref={warning} className="alert alert-warning duplicate-warning" role="alert">
            {duplicates.map((d) => (
              <p key={d.id}>
                Already on file:{' '}
                <Link to="/app/customers/$id" params={{ id: d.id }}>
                  #{d.customerNumber} {d.name}
                </Link>{' '}
                (same {d.matched.join(' and ')}){d.archived ? ', archived' : ''}.
              </p>
            ))}
          </div>
        )}
        <CustomerFields values={values} errors={errors} onChange={change} />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
