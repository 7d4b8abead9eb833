import { type FormEvent, useState } from 'react';
import type {
  CustomerContact,
  CustomerDetails,
  CustomerProfileResponse,
  UpdateCustomerRequest,
} from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { FormAlert } from '../ui/field';
import { formatAddress, formatPhone, fullName } from '../ui/format';
import { CustomerFields, customerRequest, customerValues } from './customer-form';
import { staffApi } from './staff-api';

/** `details.fields` of a 422 VALIDATION answer, as { field: message }. */
export function fieldErrors(error: unknown): Partial<Record<string, string>> {
  if (!(error instanceof ApiError)) return {};
  const fields = error.details.fields;
  const out: Record<string, string> = {};
  if (Array.isArray(fields)) {
    for (const item of fields as { field?: string; path?: string | string[]; message?: string }[]) {
      const name = item.field ?? (Array.isArray(item.path) ? item.path.join('.') : item.path);
      if (name && item.message) out[name] = item.message;
    }
  } else if (fields && typeof fields === 'object') {
    for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
      out[name] = Array.isArray(value) ? String(value[0]) : String(value);
    }
  }
  return out;
}

function EditForm({
  customer,
  details,
  invitePending,
  onSaved,
  onCancel,
}: {
  customer: CustomerContact;
  details: CustomerDetails;
  invitePending: boolean;
  onSaved: (profile: CustomerProfileResponse) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState(() => customerValues(customer, details));
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const emailChanged = values.email.trim().toLowerCase() !== (customer.email ?? '').toLowerCase();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    if (!(values.firstName.trim() || values.lastName.trim() || values.company.trim())) {
      setErrors({ firstName: 'Enter a first or last name, or a company.' });
      return;
    }
    setSaving(true);
    setAlert(null);
    try {
      onSaved(await staffApi.updateCustomer(customer.id, customerRequest(values) as UpdateCustomerRequest));
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setAlert(
        Object.keys(byField).length
          ? `Check the highlighted fields. ${errorMessage(err)}`
          : errorMessage(err),
      );
      setSaving(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Edit customer">
      <FormAlert message={alert} />
      <CustomerFields values={values} errors={errors} onChange={setValues} />
      {emailChanged && invitePending && (
        <p className="alert alert-warning small">Changing the email cancels the invite link already sent.</p>
      )}
      <div className="btn-row">
        <Button type="submit" variant="primary" busy={saving}>
          Save
        </Button>
        <Button onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function ContactCard({
  customer,
  details,
  invitePending,
  onSaved,
}: {
  customer: CustomerContact;
  details: CustomerDetails;
  invitePending: boolean;
  onSaved: (profile: CustomerProfileResponse) => void;
}) {
  const [editing, setEditing] = useState(false);
  const address = formatAddress(customer);
  return (
    <Card
      title="Contact details"
      actions={
        !editing && (
          <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label="Edit customer">
            Edit
          </Button>
        )
      }
    >
      {editing ? (
        <EditForm
          customer={customer}
          details={details}
          invitePending={invitePending}
          onCancel={() => setEditing(false)}
          onSaved={(profile) => {
            setEditing(false);
            onSaved(profile);
          }}
        />
      ) : (
        <dl className="details">
          <dt>Name</dt>
          <dd>{fullName(customer)}</dd>
          {customer.company && (
            <>
              <dt>Company</dt>
              <dd>{customer.company}</dd>
            </>
          )}
          <dt>Email</dt>
          <dd>{customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : <Missing />}</dd>
          <dt>Phone</dt>
          <dd>
            {customer.phone ? (
              <a href={`tel:${customer.phone}`}>{formatPhone(customer.phone)}</a>
            ) : (
              <Missing />
            )}
            {customer.phone && details.phoneType && (
              <span className="muted small"> ({details.phoneType})</span>
            )}
          </dd>
          {details.otherEmails.length + details.otherPhones.length > 0 && (
            <>
              <dt>Also</dt>
              <dd>
                {details.otherEmails.map((e) => (
                  <div key={`e${e.value}`}>
                    <a href={`mailto:${e.value}`}>{e.value}</a>{' '}
                    <span className="muted small">({e.label})</span>
                  </div>
                ))}
                {details.otherPhones.map((p) => (
                  <div key={`p${p.value}`}>
                    <a href={`tel:${p.value}`}>{formatPhone(p.value)}</a>{' '}
                    <span className="muted small">({p.label})</span>
                  </div>
                ))}
              </dd>
            </>
          )}
          <dt>Address</dt>
          <dd>{address.length ? address.map((line) => <div key={line}>{line}</div>) : <Missing />}</dd>
          {details.notes && (
            <>
              <dt>Notes</dt>
              <dd className="notes">{details.notes}</dd>
            </>
          )}
        </dl>
      )}
    </Card>
  );
}

function Missing() {
  return <span className="muted">Not on file</span>;
}
