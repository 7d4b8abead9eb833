import type {
  ContactLabel,
  CreateCustomerRequest,
  CustomerContact,
  CustomerDetails,
} from '../../shared/api-types';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { SelectField, TextArea } from './labelled-controls';

/** Customers' fields as the form holds them: text as typed, lists of further emails and phones. */
export interface CustomerFormValues {
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phone: string;
  phoneType: ContactLabel;
  street: string;
  city: string;
  state: string;
  postalCode: string;
  notes: string;
  customerNumber: string;
  otherEmails: { value: string; label: ContactLabel }[];
  otherPhones: { value: string; label: ContactLabel }[];
}

const LABELS: ContactLabel[] = ['mobile', 'home', 'work', 'other'];

export const emptyCustomer = (): CustomerFormValues => ({
  firstName: '',
  lastName: '',
  company: '',
  email: '',
  phone: '',
  phoneType: 'mobile',
  street: '',
  city: '',
  state: '',
  postalCode: '',
  notes: '',
  customerNumber: '',
  otherEmails: [],
  otherPhones: [],
});

export const customerValues = (c: CustomerContact, d: CustomerDetails): CustomerFormValues => ({
  firstName: c.firstName,
  lastName: c.lastName,
  company: c.company ?? '',
  email: c.email ?? '',
  phone: c.phone ?? '',
  phoneType: d.phoneType ?? 'mobile',
  street: c.street ?? '',
  city: c.city ?? '',
  state: c.state ?? '',
  postalCode: c.postalCode ?? '',
  notes: d.notes ?? '',
  customerNumber: String(c.customerNumber),
  otherEmails: d.otherEmails,
  otherPhones: d.otherPhones,
});

/** The request body: empty text clears a field; an empty customer number takes the next one. */
export function customerRequest(v: CustomerFormValues): CreateCustomerRequest {
  const orNull = (s: string) => s.trim() || null;
  const n = v.customerNumber.trim();
  return {
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    company: orNull(v.company),
    email: orNull(v.email),
    phone: orNull(v.phone),
    phoneType: v.phone.trim() ? v.phoneType : null,
    street: orNull(v.street),
    city: orNull(v.city),
    state: orNull(v.state),
    postalCode: orNull(v.postalCode),
    notes: orNull(v.notes),
    ...(n && { customerNumber: /^\d+$/.test(n) ? Number(n) : (n as unknown as number) }),
    otherEmails: v.otherEmails.filter((e) => e.value.trim()),
    otherPhones: v.otherPhones.filter((p) => p.value.trim()),
  };
}

type Errors = Partial<Record<string, string>>;

function ContactList({
  kind,
  rows,
  errors,
  onChange,
}: {
  kind: 'otherEmails' | 'otherPhones';
  rows: { value: string; label: ContactLabel }[];
  errors: Errors;
  onChange: (rows: { value: string; label: ContactLabel }[]) => void;
}) {
  const noun = kind === 'otherEmails' ? 'email' : 'phone';
  const set = (i: number, patch: Partial<{ value: string; label: ContactLabel }>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="span-2 contact-list">
      <legend>Other {noun}s</legend>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
        <div className="contact-row" key={i}>
          <Field
            label={`Other ${noun} ${i + 1}`}
            type={noun === 'email' ? 'email' : 'tel'}
            autoComplete="off"
            value={row.value}
            error={errors[`${kind}.${i}.value`] ?? errors[`${kind}.${i}`]}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <SelectField
            label="Type"
            value={row.label}
            onChange={(e) => set(i, { label: e.target.value as ContactLabel })}
          >
            {LABELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </SelectField>
          <Button size="sm" variant="ghost" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove<span className="visually-hidden"> {`other ${noun} ${i + 1}`}</span>
          </Button>
        </div>
      ))}
      <Button
        size="sm"
        onClick={() => onChange([...rows, { value: '', label: noun === 'email' ? 'other' : 'mobile' }])}
      >
        Add {noun}
      </Button>
    </fieldset>
  );
}

/** Every field of a customer, for the New customer dialog and the profile's edit form. */
export function CustomerFields({
  values,
  errors,
  onChange,
}: {
  values: CustomerFormValues;
  errors: Errors;
  onChange: (next: CustomerFormValues) => void;
}) {
  const text = (
    key: keyof CustomerFormValues,
    label: string,
    extra: { type?: string; wide?: boolean } = {},
  ) => (
    <Field
      className={extra.wide ? 'span-2' : ''}
      label={label}
      name={key}
      type={extra.type ?? 'text'}
      autoComplete="off"
      value={values[key] as string}
      error={errors[key]}
      onChange={(e) => onChange({ ...values, [key]: e.target.value })}
    />
  );
  return (
    <div className="form-grid customer-form">
      {text('firstName', 'First name')}
      {text('lastName', 'Last name')}
      {text('company', 'Company', { wide: true })}
      {text('email', 'Email', { type: 'email', wide: true })}
      {text('phone', 'Phone', { type: 'tel' })}
      <SelectField
        label="Phone type"
        value={values.phoneType}
        error={errors.phoneType}
        onChange={(e) => onChange({ ...values, phoneType: e.target.value as ContactLabel })}
      >
        {LABELS.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </SelectField>
      <ContactList
        kind="otherEmails"
        rows={values.otherEmails}
        errors={errors}
        onChange={(otherEmails) => onChange({ ...values, otherEmails })}
      />
      <ContactList
        kind="otherPhones"
        rows={values.otherPhones}
        errors={errors}
        onChange={(otherPhones) => onChange({ ...values, otherPhones })}
      />
      {text('street', 'Street', { wide: true })}
      {text('city', 'City')}
      {text('state', 'State')}
      {text('postalCode', 'Postal code')}
      <Field
        label="Customer number"
        name="customerNumber"
        inputMode="numeric"
        autoComplete="off"
        hint="Leave empty for the next free number."
        value={values.customerNumber}
        error={errors.customerNumber}
        onChange={(e) => onChange({ ...values, customerNumber: e.target.value })}
      />
      <div className="span-2">
        <TextArea
          label="Notes"
          rows={3}
          hint="For the office only; never shown in the portal."
          value={values.notes}
          error={errors.notes}
          onChange={(e) => onChange({ ...values, notes: e.target.value })}
        />
      </div>
    </div>
  );
}
