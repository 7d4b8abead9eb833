import type { ReactNode } from 'react';
import type { OrderUpdateView } from '../../shared/api-types';
import { formatDateTime } from './format';
import './order-updates.css';

/**
 * The updates the yard posted on orders, newest first (docs/job-updates.md): what was
 * written, who wrote it and when, and the photos as thumbnails that open the full photo.
 * `orderOf` names the update's order where the list spans several (the boat page).
 */
export function OrderUpdatesList({
  updates,
  orderOf,
}: {
  updates: OrderUpdateView[];
  orderOf?: (u: OrderUpdateView) => ReactNode;
}) {
  return (
    <ol className="order-updates" aria-label="Updates">
      {updates.map((u) => (
        <li key={u.id} className="order-update">
          {orderOf && <p className="order-update-order">{orderOf(u)}</p>}
          <p className="order-update-body">{u.body}</p>
          <p className="order-update-meta muted small">
            {u.postedBy} · <time dateTime={u.postedAt}>{formatDateTime(u.postedAt)}</time>
          </p>
          {u.photos.length > 0 && (
            <ul className="order-update-photos" aria-label="Photos">
              {u.photos.map((p, i) => (
                <li key={p.id}>
                  <a
                    className="order-update-photo"
                    href={p.url}
                    target="_blank"
                    rel="noreferrer"
                    aria-label={`Open photo ${i + 1} of ${u.photos.length} full size`}
                  >
                    <img src={p.url} alt={p.fileName} loading="lazy" />
                  </a>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
