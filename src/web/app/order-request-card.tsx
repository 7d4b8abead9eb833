import { useState } from 'react';
import type { StaffOrderResponse } from '../../shared/api-types';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Dialog } from '../ui/dialog';
import { formatDate, formatDateTime } from '../ui/format';

type Request = NonNullable<StaffOrderResponse['serviceRequest']>;

/** What the customer asked for in the portal, with their photos; a thumbnail opens full size. */
export function OrderRequestCard({ request }: { request: Request }) {
  const [open, setOpen] = useState<Request['photos'][number] | null>(null);
  const preferred =
    request.preferredFrom || request.preferredTo
      ? `${formatDate(request.preferredFrom)} – ${formatDate(request.preferredTo)}`
      : null;
  return (
    <Card title="Service request">
      <p className="request-text">{request.description}</p>
      <p className="muted small">
        Requested {formatDateTime(request.requestedAt)}
        {preferred && ` · preferred ${preferred}`}
      </p>
      {request.photos.length > 0 && (
        <ul className="photo-grid" aria-label="Photos">
          {request.photos.map((p) => (
            <li key={p.id}>
              <button type="button" className="photo-thumb" onClick={() => setOpen(p)}>
                <img src={p.thumbnailUrl} alt={`${p.fileName} (from the request)`} loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <Dialog
          title={open.fileName}
          onClose={() => setOpen(null)}
          footer={
            <>
              <a className="btn btn-secondary" href={open.url} target="_blank" rel="noreferrer">
                Open original
              </a>
              <Button onClick={() => setOpen(null)}>Close</Button>
            </>
          }
        >
          <img className="photo-full" src={open.url} alt={`${open.fileName}, full size`} />
        </Dialog>
      )}
    </Card>
  );
}
