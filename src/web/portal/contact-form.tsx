import { type FormEvent, useState } from 'react';
import type { PortalMe } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { accountApi } from './account-api';

type Contact = { phone: string; street: string; city: string; state: string; postalCode: string };

/** Phone and address: what a customer may change about themselves without the yard. */
export function ContactForm({
  yard,
  me,
  onSaved,
}: {
  yard: string;
  me: PortalMe;
  onSaved: (me: PortalMe) => void;
}) {
  const c = me.customer;
  const [v, setV] = useState<Contact>({
    phone: c.phone ?? '',
    street: c.street ?? '',
    city: c.city ?? '',
    state: c.state ?? '',
    postalCode: c.postalCode ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const set = (k: keyof Contact) => (e: { target: { value: string } }) => {
    setV((old) => ({ ...old, [k]: e.target.value }));
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setAlert(null);
    setFields({});
    try {
      onSaved(await accountApi.updateContact(yard, v));
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.details.fields)
        setFields(err.details.fields as Record<string, string>);
      setAlert(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormAlert message={alert} />
      <div role="status">
        {saved && <p className="alert alert-success">Your contact details were saved.</p>}
      </div>
      <Field
        label="Phone"
        type="tel"
        autoComplete="tel"
        value={v.phone}
        onChange={set('phone')}
        error={fields.phone}
      />
      <Field
        label="Street"
        autoComplete="street-address"
        value={v.street}
        onChange={set('street')}
        error={fields.street}
      />
      <div className="field-row">
        <Field
          label="City"
          autoComplete="address-level2"
          value={v.city}
          onChange={set('city')}
          error={fields.city}
        />
        <Field
          label="State"
          autoComplete="address-level1"
          value={v.state}
          onChange={set('state')}
          error={fields.state}
        />
        <Field
          label="ZIP code"
          autoComplete="postal-code"
          value={v.postalCode}
          onChange={set('postalCode')}
          error={fields.postalCode}
        />
      </div>
      <Button type="submit" variant="primary" busy={busy}>
        Save contact details
      </Button>
    </form>
  );
}
