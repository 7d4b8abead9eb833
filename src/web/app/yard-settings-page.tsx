// A little over 300 lines: one form of every yard setting, whose fields share the page's
// draft and validation; split, the draft would travel through props for no gain.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { CURRENCIES } from '../../shared/api-schemas/values';
import type { YardSettingsPatch, YardSettingsView } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { Field, FormAlert } from '../ui/field';
import { SelectField, TextArea } from './labelled-controls';
import { YardLogoCard } from './yard-logo-card';
import { yardSettingsApi, yardSettingsQuery } from './yard-settings-api';
import './yard-settings.css';

// Over 300 lines: one form of the yard's settings, kept together so Save covers every field.

/** /app/settings/yard — the yard's name, logo, contact, units, money settings and invite expiry. */
export function YardSettingsPage() {
  useDocumentTitle('Yard settings');
  const res = useQuery(yardSettingsQuery);
  if (!res.data) {
    return res.error && !res.isFetching ? (
      <div className="alert alert-error" role="alert">
        {errorMessage(res.error)}{' '}
        <Button size="sm" onClick={() => res.refetch()}>
          Try again
        </Button>
      </div>
    ) : (
      <Spinner />
    );
  }
  return <YardSettingsForm initial={res.data} />;
}

/** The form's text, as typed: numbers stay strings until saved. */
interface Draft {
  name: string;
  email: string;
  phone: string;
  address: string;
  timezone: string;
  inviteExpiryDays: string;
  taxLabor: string;
  taxParts: string;
  taxFees: string;
  invoiceDueDays: string;
  invoiceTerms: string;
  estimateValidDays: string;
  currency: string;
  lengthUnit: string;
  phoneCountry: string;
}

const draftOf = (v: YardSettingsView): Draft => ({
  name: v.name,
  email: v.email,
  phone: v.phone,
  address: v.address,
  timezone: v.timezone,
  inviteExpiryDays: v.inviteExpiryDays === null ? '' : String(v.inviteExpiryDays),
  taxLabor: v.taxRates.labor,
  taxParts: v.taxRates.parts,
  taxFees: v.taxRates.fees,
  invoiceDueDays: String(v.invoiceDueDays),
  invoiceTerms: v.invoiceTerms,
  estimateValidDays: String(v.estimateValidDays),
  currency: v.currency,
  lengthUnit: v.lengthUnit,
  phoneCountry: v.phoneCountry,
});

// Anything that is not a whole number goes as is (or null when empty), so the server names the field.
const days = (s: string) => (s.trim() === '' ? null : /^\d+$/.test(s.trim()) ? Number(s) : Number.NaN);

const patchOf = (d: Draft) =>
  ({
    name: d.name,
    email: d.email,
    phone: d.phone,
    address: d.address,
    timezone: d.timezone,
    inviteExpiryDays: days(d.inviteExpiryDays),
    taxRates: { labor: d.taxLabor, parts: d.taxParts, fees: d.taxFees },
    invoiceDueDays: days(d.invoiceDueDays),
    invoiceTerms: d.invoiceTerms,
    estimateValidDays: days(d.estimateValidDays),
    currency: d.currency,
    lengthUnit: d.lengthUnit,
    phoneCountry: d.phoneCountry,
  }) as YardSettingsPatch;

/** The server's field names (details.fields) → the form's. */
const FIELD_OF: Record<string, keyof Draft> = {
  'taxRates.labor': 'taxLabor',
  'taxRates.parts': 'taxParts',
  'taxRates.fees': 'taxFees',
};

function fieldErrorsOf(error: unknown): Partial<Record<keyof Draft, string>> {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const fields = (error.details.fields ?? {}) as Record<string, string>;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [FIELD_OF[k] ?? k, v]));
}

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' });
  } catch {
    return null;
  }
})();
const countryName = (code: string) => {
  const name = regionNames?.of(code);
  return name && name !== code ? `${name} (${code})` : code;
};

const timeZones = () => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
};

/** The settings form, started from the saved settings; read-only unless the owner is signed in. */
export function YardSettingsForm({ initial }: { initial: YardSettingsView }) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(draftOf(initial));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(initial.timezone) ? all : [initial.timezone, ...all];
  }, [initial.timezone]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(saved));
  const readOnly = !saved.canEdit;

  const bind = (field: keyof Draft) => ({
    value: draft[field],
    error: errors[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
      setDraft((d) => ({ ...d, [field]: e.target.value }));
      setNotice(null);
    },
  });

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setAlert(null);
    try {
      const view = await yardSettingsApi.save(patchOf(draft));
      setSaved(view);
      setDraft(draftOf(view));
      queryClient.setQueryData(yardSettingsQuery.queryKey, view);
      // The yard's name shows in the top bar.
      await queryClient.invalidateQueries({ queryKey: ['staff', 'me'] });
      setErrors({});
      setNotice('Saved. New estimates and invoices use these settings.');
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors(fields);
      // The server's sentence names the field by its wire name; the fields say it better.
      setAlert(
        Object.keys(fields).length
          ? 'Some settings need fixing: see the messages below them.'
          : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack yard-settings">
      <div className="page-header">
        <div>
          <h1>Yard settings</h1>
          <p className="subtitle">
            Your yard's details, tax rates and invoice terms, and portal invite links.
          </p>
        </div>
      </div>
      {readOnly && (
        <p className="alert alert-info">
          Only the yard's owner can change these settings. Ask them to make a change.
        </p>
      )}
      <YardLogoCard
        settings={saved}
        onChanged={(view) => {
          setSaved(view);
          queryClient.setQueryData(yardSettingsQuery.queryKey, view);
        }}
      />
      <form className="stack" onSubmit={save} noValidate>
        <fieldset disabled={readOnly} className="stack">
          <Card title="Yard">
            <div className="form">
              <Field label="Yard name" autoComplete="organization" maxLength={120} {...bind('name')} />
              <Field label="Email" type="email" autoComplete="email" {...bind('email')} />
              <Field label="Phone" type="tel" autoComplete="tel" {...bind('phone')} />
              <TextArea label="Address" rows={3} {...bind('address')} />
              <SelectField label="Time zone" {...bind('timezone')}>
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replaceAll('_', ' ')}
                  </option>
                ))}
              </SelectField>
              <div className="yard-settings-row">
                <SelectField label="Boat lengths in" {...bind('lengthUnit')}>
                  <option value="ft">Feet (ft)</option>
                  <option value="m">Metres (m)</option>
                </SelectField>
                <SelectField
                  label="Default phone country"
                  hint="Phone numbers without a country code"
                  {...bind('phoneCountry')}
                >
                  {saved.phoneCountries.map((c) => (
                    <option key={c} value={c}>
                      {countryName(c)}
                    </option>
                  ))}
                </SelectField>
              </div>
            </div>
          </Card>
          <Card title="Money">
            <div className="form">
              <SelectField
                label="Currency"
                hint="Amounts in the dashboard and the portal"
                {...bind('currency')}
              >
                {CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </SelectField>
              <div className="yard-settings-row">
                <Field label="Labour tax (%)" inputMode="decimal" {...bind('taxLabor')} />
                <Field label="Parts tax (%)" inputMode="decimal" {...bind('taxParts')} />
                <Field label="Fees tax (%)" inputMode="decimal" {...bind('taxFees')} />
              </div>
              <p className="field-hint">
                Up to 50 %, with at most two decimals (7.25). Used by new estimates and invoices; ones already
                made keep their rates.
              </p>
              <div className="yard-settings-row">
                <Field
                  label="Invoice due (days)"
                  inputMode="numeric"
                  hint="0–365; 0 is due on receipt"
                  {...bind('invoiceDueDays')}
                />
                <Field
                  label="Estimates valid (days)"
                  inputMode="numeric"
                  hint="1–365"
                  {...bind('estimateValidDays')}
                />
              </div>
              <TextArea
                label="Invoice terms"
                rows={5}
                hint="Printed on every invoice. At most 2,000 characters."
                {...bind('invoiceTerms')}
              />
            </div>
          </Card>
          <Card title="Portal invites">
            <div className="form">
              <Field
                label="Invite links expire after (days)"
                inputMode="numeric"
                hint={`1–90; leave empty for the default (${saved.defaultInviteExpiryDays} days)`}
                {...bind('inviteExpiryDays')}
              />
            </div>
          </Card>
        </fieldset>
        {!readOnly && (
          <>
            <FormAlert message={alert} />
            <div role="status">
              {dirty ? (
                <p className="alert alert-warning">You have unsaved changes.</p>
              ) : (
                notice && <p className="alert alert-success">{notice}</p>
              )}
            </div>
            <div className="btn-row">
              <Button type="submit" variant="primary" busy={busy} disabled={!dirty}>
                Save settings
              </Button>
            </div>
          </>
        )}
      </form>
    </div>
  );
}
