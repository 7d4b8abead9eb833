import { useState } from 'react';
import type { BoatDetail, BoatResponse, CreateBoatRequest } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Field, FormAlert } from '../ui/field';
import { boatsApi } from './boats-api';
import { fieldErrors } from './contact-card';
import { SelectField, TextArea } from './labelled-controls';

type Unit = 'ft' | 'm';
interface EngineDraft {
  make: string;
  model: string;
  serial: string;
  hours: string;
}
interface Draft {
  name: string;
  make: string;
  model: string;
  year: string;
  length: string;
  beam: string;
  draft: string;
  hullId: string;
  registration: string;
  locationKind: string;
  locationName: string;
  notes: string;
  engines: EngineDraft[];
}

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const draftOf = (b: BoatDetail | null): Draft => ({
  name: str(b?.name),
  make: str(b?.make),
  model: str(b?.model),
  year: str(b?.year),
  length: str(b?.length),
  beam: str(b?.beam),
  draft: str(b?.draft),
  hullId: str(b?.hullId),
  registration: str(b?.registration),
  locationKind: b?.location?.kind ?? '',
  locationName: b?.location?.name ?? '',
  notes: str(b?.notes),
  engines: (b?.engines ?? []).map((e) => ({
    make: str(e.make),
    model: str(e.model),
    serial: str(e.serial),
    hours: str(e.hours),
  })),
});

// A number field left empty clears the value; anything else goes as typed (a typo as NaN → the server names it).
const numberOf = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));

const bodyOf = (d: Draft): CreateBoatRequest => ({
  name: d.name,
  make: d.make,
  model: d.model,
  year: numberOf(d.year),
  length: numberOf(d.length),
  beam: numberOf(d.beam),
  draft: numberOf(d.draft),
  hullId: d.hullId,
  registration: d.registration,
  location: d.locationKind
    ? { kind: d.locationKind as 'slip' | 'rack' | 'yard', name: d.locationName }
    : null,
  notes: d.notes,
  engines: d.engines.map((e) => ({
    make: e.make,
    model: e.model,
    serial: e.serial,
    hours: numberOf(e.hours),
  })),
});

/**
 * Add a boat, or edit every field of one: dimensions in the yard's unit, engines as rows.
 * A hull ID that is not in the US format is saved and its warning shown before closing.
 */
export function BoatDialog({
  customerId,
  boat,
  unit,
  onSaved,
  onClose,
  children,
}: {
  customerId: string;
  /** null: a new boat. */
  boat: BoatDetail | null;
  unit: Unit;
  onSaved: (saved: BoatResponse) => void;
  onClose: () => void;
  /** More actions for a saved boat (move, archive), under the form. */
  children?: React.ReactNode;
}) {
  const [draft, setDraft] = useState(() => draftOf(boat));
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const set =
    (key: keyof Draft) =>
    (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
      setDraft((d) => ({ ...d, [key]: e.target.value }));
  const setEngine = (i: number, key: keyof EngineDraft, value: string) =>
    setDraft((d) => ({ ...d, engines: d.engines.map((e, j) => (j === i ? { ...e, [key]: value } : e)) }));

  const save = async (event?: React.FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    setAlert(null);
    try {
      const saved = boat
        ? await boatsApi.update(boat.id, bodyOf(draft))
        : await boatsApi.create(customerId, bodyOf(draft));
      setErrors({});
      onSaved(saved);
      if (saved.warnings.length) {
        setWarnings(saved.warnings.map((w) => w.message));
        setDraft(draftOf(saved.boat));
      } else onClose();
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setAlert(Object.keys(byField).length ? 'Check the highlighted fields.' : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const field = (key: keyof Omit<Draft, 'engines'>, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} name={key} value={draft[key]} error={errors[key]} onChange={set(key)} {...extra} />
  );
  const num = { inputMode: 'decimal', autoComplete: 'off' };

  return (
    <Dialog
      title={boat ? `Edit ${boat.name}` : 'Add boat'}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} disabled={saving}>
            {warnings.length ? 'Close' : 'Cancel'}
          </Button>
          <Button variant="primary" busy={saving} onClick={() => save()}>
            {boat ? 'Save boat' : 'Add boat'}
          </Button>
        </>
      }
    >
      <form
        className="form boat-form"
        onSubmit={save}
        noValidate
        aria-label={boat ? 'Edit boat' : 'Add boat'}
      >
        <FormAlert message={alert} />
        {warnings.map((w) => (
          <p key={w} className="alert alert-warning small" role="status">
            Saved. {w}
          </p>
        ))}
        <div className="form-grid">
          {field('name', 'Boat name', { className: 'span-2', required: true, autoComplete: 'off' })}
          {field('make', 'Make', { autoComplete: 'off' })}
          {field('model', 'Model', { autoComplete: 'off' })}
          {field('year', 'Year', { inputMode: 'numeric', autoComplete: 'off' })}
          {field('length', `Length overall (${unit})`, num)}
          {field('beam', `Beam (${unit})`, num)}
          {field('draft', `Draft (${unit})`, num)}
          {field('hullId', 'Hull ID (HIN)', { autoComplete: 'off', hint: 'Such as ABC12345D404' })}
          {field('registration', 'Registration or documentation no.', { autoComplete: 'off' })}
          <SelectField
            label="Location"
            value={draft.locationKind}
            error={errors['location.kind']}
            onChange={set('locationKind')}
          >
            <option value="">Not set</option>
            <option value="slip">Slip</option>
            <option value="rack">Rack</option>
            <option value="yard">Yard spot</option>
          </SelectField>
          {draft.locationKind &&
            field('locationName', 'Slip, rack or spot name', {
              autoComplete: 'off',
              error: errors['location.name'],
            })}
        </div>
        <fieldset className="boat-engines">
          <legend>Engines</legend>
          {draft.engines.length === 0 && <p className="muted small">No engines on file.</p>}
          {draft.engines.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
            <div key={i} className="boat-engine-row">
              <Field
                label={`Engine ${i + 1} make`}
                value={e.make}
                error={errors[`engines.${i}.make`]}
                onChange={(ev) => setEngine(i, 'make', ev.target.value)}
              />
              <Field
                label="Model"
                value={e.model}
                error={errors[`engines.${i}.model`]}
                onChange={(ev) => setEngine(i, 'model', ev.target.value)}
              />
              <Field
                label="Serial"
                value={e.serial}
                error={errors[`engines.${i}.serial`]}
                onChange={(ev) => setEngine(i, 'serial', ev.target.value)}
              />
              <Field
                label="Hours"
                inputMode="decimal"
                value={e.hours}
                error={errors[`engines.${i}.hours`]}
                onChange={(ev) => setEngine(i, 'hours', ev.target.value)}
              />
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove engine ${i + 1}`}
                onClick={() => setDraft((d) => ({ ...d, engines: d.engines.filter((_, j) => j !== i) }))}
              >
                Remove
              </Button>
            </div>
          ))}
          {draft.engines.length < 6 && (
            <Button
              size="sm"
              onClick={() =>
                setDraft((d) => ({
                  ...d,
                  engines: [...d.engines, { make: '', model: '', serial: '', hours: '' }],
                }))
              }
            >
              Add engine
            </Button>
          )}
        </fieldset>
        <TextArea label="Notes" rows={3} value={draft.notes} error={errors.notes} onChange={set('notes')} />
        {/* Enter in a field saves, as the Save button does. */}
        <button type="submit" hidden />
      </form>
      {children}
    </Dialog>
  );
}
