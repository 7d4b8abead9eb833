import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` so relative times stay true. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Calls `callback` once when the wall clock passes `at` (an ISO time), if the page is still open. */
export function useAt(at: string | null | undefined, callback: () => void): void {
  useEffect(() => {
    if (!at) return;
    const delay = new Date(at).getTime() - Date.now();
    if (Number.isNaN(delay) || delay < 0) return;
    // setTimeout tops out at ~24.8 days; an invite wait is 24 hours.
    const timer = window.setTimeout(callback, Math.min(delay + 250, 2_147_000_000));
    return () => window.clearTimeout(timer);
  }, [at, callback]);
}
