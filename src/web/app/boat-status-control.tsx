import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { YARD_STATUS_LABELS, YARD_STATUSES, type YardStatus } from '../../shared/api-schemas/values';
import type { BoatView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { YardStatusBadge } from '../ui/badge';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { FormAlert } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { useUniqueId } from '../ui/unique-id';
import { boatsApi } from './boats-api';

/**
 * Setting a boat's live yard status on the customer's profile (docs/boat-status.md): a button
 * per status that saves it in one click (the current one pressed; an optional note typed
 * beside them goes with it), and the timeline of every change, opened on demand. The current
 * status also shows as a badge beside the boat's name (BoatsCard).
 */
export function BoatStatusControl({
  boat,
  canSet,
  onChanged,
}: {
  boat: BoatView;
  /** Owner, office, or a technician (for the boats on their orders). */
  canSet: boolean;
  onChanged: () => void;
}) {
  const queryClient = useQueryClient();
  const id = useUniqueId('status');
  const [current, setCurrent] = useState<YardStatus | null>(boat.yardStatus);
  // The profile reloaded (after this change or another): show what it read.
  useEffect(() => setCurrent(boat.yardStatus), [boat.yardStatus]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<YardStatus | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const historyKey = ['staff', 'boat', boat.id, 'status'];
  const history = useQuery({
    queryKey: historyKey,
    queryFn: ({ signal }) => boatsApi.status(boat.id, signal),
    enabled: historyOpen,
  });

  const set = async (status: YardStatus) => {
    setBusy(status);
    setAlert(null);
    try {
      const saved = await boatsApi.setStatus(boat.id, { status, note: note.trim() || undefined });
      setCurrent(saved.status);
      setNote('');
      queryClient.setQueryData(historyKey, saved);
      onChanged();
    } catch (err) {
      setAlert(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="boat-status-control stack-sm">
      {canSet && !boat.archived && (
        <>
          <FormAlert message={alert} />
          <div className="field boat-status-note">
            <label htmlFor={`${id}-note`}>Status note (staff only, optional)</label>
            <input id={`${id}-note`} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </div>
          <fieldset className="boat-status-buttons">
            <legend className="visually-hidden">Set where {boat.name} is</legend>
            {YARD_STATUSES.map((s) => (
              <Button
                key={s}
                size="sm"
                variant={current === s ? 'primary' : 'secondary'}
                aria-pressed={current === s}
                busy={busy === s}
                disabled={busy !== null && busy !== s}
                onClick={() => set(s)}
              >
                {YARD_STATUS_LABELS[s]}
              </Button>
            ))}
          </fieldset>
        </>
      )}
      <details
        className="boat-status-history"
        onToggle={(e) => setHistoryOpen((e.currentTarget as HTMLDetailsElement).open)}
      >
        <summary className="small">Status history</summary>
        {history.error ? (
          <p className="alert alert-error small" role="alert">
            {errorMessage(history.error)}
          </p>
        ) : !history.data ? (
          historyOpen && <Spinner label="Loading status history…" />
        ) : history.data.events.length === 0 ? (
          <p className="muted small">No status set yet.</p>
        ) : (
          <ol className="boat-status-timeline">
            {history.data.events.map((e) => (
              <li key={e.id} className="small">
                <YardStatusBadge status={e.status} /> <span className="muted">{formatDateTime(e.at)}</span>
                {e.byName && <span className="muted"> · {e.byName}</span>}
                {e.note && <div>{e.note}</div>}
              </li>
            ))}
          </ol>
        )}
      </details>
    </div>
  );
}
