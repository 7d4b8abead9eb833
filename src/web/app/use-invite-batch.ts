import { useCallback, useEffect, useRef, useState } from 'react';
import type { InviteBatchSummary } from '../../shared/api-types';
import { isAbort } from '../ui/api';
import { isLive } from './bulk-invite-words';
import { bulkInvitesApi } from './bulk-invites-api';

const POLL_MS = 1_000;
/** After a failed poll, wait longer each time (up to 10 s) so an outage is not hammered. */
const MAX_BACKOFF_MS = 10_000;

export interface InviteBatchState {
  batch: InviteBatchSummary | null;
  /** The last load's error; the last good summary stays on screen. */
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Shows a summary an action answered with (confirm, cancel) at once. */
  setBatch: (batch: InviteBatchSummary) => void;
}

/**
 * The batch's summary, fetched again every second while it is sending or stopping. The
 * next poll starts only after the previous answer, and everything stops when the page goes
 * away, so leaving and coming back simply starts from the server's state.
 */
export function useInviteBatch(id: string): InviteBatchState {
  const [batch, setBatchState] = useState<InviteBatchSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const failures = useRef(0);
  const latest = useRef<InviteBatchSummary | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version asks for a fresh load
  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;

    const load = () => {
      setLoading(true);
      bulkInvitesApi
        .get(id, controller.signal)
        .then((next) => {
          if (controller.signal.aborted) return;
          failures.current = 0;
          latest.current = next;
          setBatchState(next);
          setError(null);
          setLoading(false);
          if (isLive(next.status)) timer = window.setTimeout(load, POLL_MS);
        })
        .catch((err: unknown) => {
          if (controller.signal.aborted || isAbort(err)) return;
          failures.current += 1;
          setError(err);
          setLoading(false);
          // Keep polling through a hiccup only while there is progress to follow.
          if (latest.current && isLive(latest.current.status)) {
            timer = window.setTimeout(load, Math.min(POLL_MS * 2 ** failures.current, MAX_BACKOFF_MS));
          }
        });
    };

    load();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [id, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const setBatch = useCallback((next: InviteBatchSummary) => {
    latest.current = next;
    setBatchState(next);
    setError(null);
    // A batch that just started sending needs the polling loop started again.
    if (isLive(next.status)) setVersion((v) => v + 1);
  }, []);

  return { batch, error, loading, reload, setBatch };
}
