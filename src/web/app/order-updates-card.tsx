import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { FormAlert, LabelledControl } from '../ui/field';
import { OrderUpdatesList } from '../ui/order-updates';
import { addPicked } from '../ui/picked-files';
import { useUniqueId } from '../ui/unique-id';
import { orderApi } from './order-api';
import { useCan } from './staff-shell';

// The server's limits (docs/job-updates.md), checked here first so a phone does not upload in vain.
const MAX_PHOTOS = 6;
const MAX_CHARS = 4000;

/**
 * "Job updates" on the staff order page: post what was done or found, with photos taken
 * on the spot (docs/job-updates.md), and every update posted, newest first.
 */
export function OrderUpdatesCard({ orderId }: { orderId: string }) {
  const canPost = useCan('staff:work');
  const res = useQuery({
    queryKey: ['staff-order', orderId, 'updates'],
    queryFn: ({ signal }) => orderApi.updates(orderId, signal),
  });
  const updates = res.data?.updates;
  return (
    <Card title="Job updates" className="order-updates-card">
      {canPost && <PostUpdateForm orderId={orderId} />}
      {res.error ? (
        <p className="muted">The updates could not be loaded: {errorMessage(res.error)}</p>
      ) : !updates ? (
        <p className="muted">Loading updates…</p>
      ) : updates.length === 0 ? (
        <p className="muted">No updates yet. The customer sees each one in their portal and by email.</p>
      ) : (
        <OrderUpdatesList updates={updates} />
      )}
    </Card>
  );
}

function PostUpdateForm({ orderId }: { orderId: string }) {
  const queryClient = useQueryClient();
  const ids = { camera: useUniqueId(), library: useUniqueId() };
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);

  const addPhotos = (list: FileList | null, input: HTMLInputElement) => {
    const { next, problem } = addPicked(photos, list, { max: MAX_PHOTOS, noun: 'photos', what: 'update' });
    // The same input may pick the same photo again after a removal.
    input.value = '';
    setFields((f) => ({ ...f, photos: problem }));
    if (!problem) setPhotos(next);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (!body.trim()) {
      setFields({ body: 'Write what was done or found on the job' });
      return;
    }
    const form = new FormData();
    form.set('body', body);
    for (const p of photos) form.append('photos', p, p.name);
    setBusy(true);
    setAlert(null);
    setFields({});
    setDone(null);
    try {
      const posted = await orderApi.postUpdate(orderId, form);
      setBody('');
      setPhotos([]);
      setDone(posted.message);
      await queryClient.invalidateQueries({ queryKey: ['staff-order', orderId] });
    } catch (err) {
      if (err instanceof ApiError && err.details.fields)
        setFields(err.details.fields as Record<string, string>);
      setAlert(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form post-update-form" onSubmit={submit} noValidate aria-label="New job update">
      <FormAlert message={alert} />
      <LabelledControl
        label="Post an update"
        hint="What was done or found. The customer sees it on their order and gets an email."
        error={fields.body}
      >
        {(a) => (
          <textarea
            rows={4}
            maxLength={MAX_CHARS}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            {...a}
          />
        )}
      </LabelledControl>
      <div className={`field ${fields.photos ? 'has-error' : ''}`}>
        <span className="field-label">Photos</span>
        <div className="btn-row photo-pickers">
          <label className="btn btn-secondary" htmlFor={ids.camera}>
            Take a photo
          </label>
          <input
            id={ids.camera}
            className="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            onChange={(e) => addPhotos(e.target.files, e.currentTarget)}
          />
          <label className="btn btn-secondary" htmlFor={ids.library}>
            Choose photos
          </label>
          <input
            id={ids.library}
            className="visually-hidden"
            type="file"
            name="photos"
            accept="image/*"
            multiple
            onChange={(e) => addPhotos(e.target.files, e.currentTarget)}
          />
        </div>
        <div className="field-hint">Up to {MAX_PHOTOS} photos, JPEG, PNG, WebP or HEIC, 10 MB each.</div>
        {fields.photos && <div className="field-error">{fields.photos}</div>}
        {photos.length > 0 && (
          <ul className="chosen-photos" aria-label="Photos to post">
            {photos.map((p, i) => (
              <li key={`${p.name}-${p.size}-${p.lastModified}`}>
                <span className="chosen-photo-name">{p.name}</span>
                <Button size="sm" variant="ghost" onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>
                  Remove <span className="visually-hidden">{p.name}</span>
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="btn-row">
        <Button type="submit" variant="primary" busy={busy}>
          Post update
        </Button>
      </div>
      {done && (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
