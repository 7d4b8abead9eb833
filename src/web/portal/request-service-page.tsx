import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type { PortalMe, ServiceRequestResponse } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { Field, FormAlert } from '../ui/field';
import { useUniqueId } from '../ui/unique-id';
import { accountApi } from './account-api';
import { portalLinks, usePortalYard } from './portal-links';
import { usePortalMe } from './portal-shell';

// The server checks all of this again, including the photos' actual bytes.
const MAX_PHOTOS = 5;
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif';
const NEW_BOAT = 'new';
const route = getRouteApi('/portal/$yard/signed-in/request-service');

/** /portal/:yard/request-service — choose a boat, describe the work, dates, photos (inside PortalShell). */
export function RequestServicePage() {
  useDocumentTitle('Request service');
  const yard = usePortalYard();
  const me = usePortalMe();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<ServiceRequestResponse | null>(null);
  const onDone = (result: ServiceRequestResponse) => {
    setDone(result);
    // The new order belongs in the order history (and a new boat on the home page).
    void queryClient.invalidateQueries({ queryKey: ['portal', yard] });
  };
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Request service</h1>
          <p className="subtitle">
            Tell {me.yard.name} what your boat needs; the request reaches them at once.
          </p>
        </div>
      </div>
      {done ? (
        <Card>
          <div role="status">
            <p className="alert alert-success">
              Request sent: order #{done.order.number} “{done.order.title}” for {done.order.boatName} is now
              waiting for {me.yard.name}.
              {done.photoCount > 0 &&
                ` ${done.photoCount} photo${done.photoCount === 1 ? '' : 's'} attached.`}
            </p>
          </div>
          <div className="btn-row">
            <Link className="btn btn-primary" {...portalLinks.order(yard, done.order.id)}>
              Open order #{done.order.number}
            </Link>
            <Link className="btn btn-secondary" {...portalLinks.home(yard)}>
              See your order history
            </Link>
          </div>
        </Card>
      ) : (
        <Card>
          <RequestForm yard={yard} me={me} onDone={onDone} />
        </Card>
      )}
    </>
  );
}

function RequestForm({
  yard,
  me,
  onDone,
}: {
  yard: string;
  me: PortalMe;
  onDone: (r: ServiceRequestResponse) => void;
}) {
  const ids = { boat: useUniqueId(), description: useUniqueId(), photos: useUniqueId() };
  // A service reminder's link names the boat and the service (docs/reminders.md).
  const search = route.useSearch();
  const remindedBoat = me.boats.find((b) => b.id === search.boat);
  const service = search.service?.slice(0, 200);
  const [boat, setBoat] = useState(remindedBoat?.id ?? me.boats[0]?.id ?? NEW_BOAT);
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const choosePhotos = (list: FileList | null) => {
    const files = [...(list ?? [])];
    const problem =
      files.length > MAX_PHOTOS
        ? `Attach at most ${MAX_PHOTOS} photos.`
        : files.find((f) => f.size > MAX_BYTES)
          ? `"${files.find((f) => f.size > MAX_BYTES)?.name}" is larger than 10 MB.`
          : null;
    setFields((f) => ({ ...f, photos: problem ?? '' }));
    setPhotos(problem ? [] : files);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    form.delete('photos');
    for (const p of photos) form.append('photos', p, p.name);
    if (boat !== NEW_BOAT) {
      for (const k of ['newBoatName', 'newBoatMake', 'newBoatModel', 'newBoatYear', 'newBoatLength'])
        form.delete(k);
      form.set('boatId', boat);
    } else form.delete('boatId');
    setBusy(true);
    setAlert(null);
    setFields({});
    try {
      onDone(await accountApi.requestService(yard, form));
    } catch (err) {
      if (err instanceof ApiError && err.details.fields)
        setFields(err.details.fields as Record<string, string>);
      setAlert(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormAlert message={alert} />
      {service && (
        <p className="alert alert-info">
          Filled in from your service reminder: {service}
          {remindedBoat ? ` for ${remindedBoat.name}` : ''}. Add anything the yard should know.
        </p>
      )}
      <div className={`field ${fields.boatId ? 'has-error' : ''}`}>
        <label htmlFor={ids.boat}>Boat</label>
        <select id={ids.boat} name="boatId" value={boat} onChange={(e) => setBoat(e.target.value)}>
          {me.boats.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
              {b.make ? ` — ${[b.make, b.model].filter(Boolean).join(' ')}` : ''}
            </option>
          ))}
          {!me.access.boatId && <option value={NEW_BOAT}>Another boat (add it)</option>}
        </select>
        {fields.boatId && <div className="field-error">{fields.boatId}</div>}
      </div>
      {boat === NEW_BOAT && (
        <fieldset className="plain">
          <legend>Your boat</legend>
          <Field label="Boat name" name="newBoatName" required error={fields.newBoatName} />
          <div className="field-row">
            <Field label="Make" name="newBoatMake" error={fields.newBoatMake} />
            <Field label="Model" name="newBoatModel" error={fields.newBoatModel} />
            <Field label="Year" name="newBoatYear" inputMode="numeric" error={fields.newBoatYear} />
            <Field
              label="Length (ft)"
              name="newBoatLength"
              inputMode="decimal"
              error={fields.newBoatLength}
            />
          </div>
        </fieldset>
      )}
      <Field
        label="Title (optional)"
        name="title"
        hint="e.g. Spring commissioning"
        defaultValue={service}
        error={fields.title}
      />
      <div className={`field ${fields.description ? 'has-error' : ''}`}>
        <label htmlFor={ids.description}>What needs doing?</label>
        <textarea
          id={ids.description}
          name="description"
          required
          maxLength={4000}
          defaultValue={service}
          aria-invalid={fields.description ? true : undefined}
        />
        {fields.description && <div className="field-error">{fields.description}</div>}
      </div>
      <div className="field-row">
        <Field label="Earliest date" name="preferredFrom" type="date" error={fields.preferredFrom} />
        <Field label="Latest date" name="preferredTo" type="date" error={fields.preferredTo} />
      </div>
      <div className={`field ${fields.photos ? 'has-error' : ''}`}>
        <label htmlFor={ids.photos}>Photos (optional)</label>
        <input
          id={ids.photos}
          type="file"
          name="photos"
          accept={ACCEPT}
          multiple
          onChange={(e) => choosePhotos(e.target.files)}
        />
        <div className="field-hint">Up to 5 photos, JPEG, PNG, WebP or HEIC, 10 MB each.</div>
        {fields.photos && <div className="field-error">{fields.photos}</div>}
        {photos.length > 0 && (
          <ul className="photo-list">
            {photos.map((p) => (
              <li key={p.name}>{p.name}</li>
            ))}
          </ul>
        )}
      </div>
      <Button type="submit" variant="primary" busy={busy}>
        Send request
      </Button>
    </form>
  );
}
