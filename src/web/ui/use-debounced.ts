import { useEffect, useState } from 'react';

/**
 * `value`, once it has stopped changing for `delayMs`; the first value at once. For an
 * object made anew each render, pass `key` (e.g. its JSON) to say when it really changed.
 */
export function useDebounced<T>(value: T, delayMs: number, key: unknown = value): T {
  const [settled, setSettled] = useState(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `value`
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [key, delayMs]);
  return settled;
}
