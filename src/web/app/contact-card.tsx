import { type FormEvent, useState } from 'react';
import type { CustomerContact, CustomerProfileResponse, UpdateCustomerRequest } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, FormAlert } from '../ui/field';
import { formatAddress, formatPhone, fullName } from '../ui/format';
import { staffApi } from './staff-api';

type Key = keyof UpdateCustomerRequest;

const FIELDS: { key: Key; label: string; type?: string; autoComplete: string; wide?: boolean }[] = [
  { key: 'firstName', label: 'First name', autoComplete: 'off' },
  { key: 'lastName', label: 'Last name', autoComplete: 'off' },
  { key: 'company', label: 'Company', autoComplete: 'off', wide: true },
  { key: 'email', label: 'Email', type: 'email', autoComplete: 'off' },
  { key: 'phone', label: 'Phone', type: 'tel', autoComplete: 'off' },
  { key: 'street', label: 'Street', autoComplete: 'off', wide: true },
  { key: 'city', label: 'City', autoComplete: 'off' },
  { key: 'state', label: 'State', autoComplete: 'off' },
  { key: 'postalCode', label: 'Postal code', autoComplete: 'off' },
];

const REQUIRED: Key[] = ['firstName', 'lastName'];

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
  invitePending,
  onSaved,
  onCancel,
}: {
  customer: CustomerContact;
  invitePending: boolean;
  onSaved: (profile: CustomerProfileResponse) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Record<Key, string>>(
    () => Object.fromEntries(FIELDS.map((f) => [f.key, customer[f.key] ?? ''])) as Record<Key, string>,
  );
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const emailChanged = values.email.trim().toLowerCase() !== (customer.email ?? '').toLowerCase();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const body: Record<string, string | null> = {};
    const local: Record<string, string> = {};
    for (const { key, label } of FIELDS) {
      const value = values[key].trim();
      if (REQUIRED.includes(key) && !value) local[key] = `${label} is required.`;
      if (value !== (customer[key] ?? '')) body[key] = value === '' && !REQUIRED.includes(key) ? null : value;
    }
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    if (Object.keys(body).length === 0) return onCancel();
    setSaving(true);
    setAlert(null);
    try {
      onSaved(await staffApi.updateCustomer(customer.id, body as UpdateCustomerRequest));
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setAlert(Object.keys(byField).length ? 'Check the highlighted fields.' : errorMessage(err));
      setSaving(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Edit contact details">
      <FormAlert message={alert} />
      <div className="form-grid">
        {FIELDS.map((f) => (
          <Field
            key={f.key}
            className={f.wide ? 'span-2' : ''}
            label={f.label}
            type={f.type ?? 'text'}
            name={f.key}
            autoComplete={f.autoComplete}
            value={values[f.key]}
            error={errors[f.key]}
            required={REQUIRED.includes(f.key)}
            onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
          />
        ))}
      </div>
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
  invitePending,
  onSaved,
}: {
  customer: CustomerContact;
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
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setEditing(true)}
            aria-label="Edit contact details"
          >
            Edit
          </Button>
        )
      }
    >
      {editing ? (
        <EditForm
          customer={customer}
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
          </dd>
          <dt>Address</dt>
          <dd>{address.length ? address.map((line) => <div key={line}>{line}</div>) : <Missing />}</dd>
        </dl>
      )}
    </Card>
  );
}

function Missing() {
  return <span className="muted">Not on file</span>;
}
