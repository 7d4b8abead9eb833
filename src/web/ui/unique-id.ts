import { useState } from 'react';

let next = 0;

/**
 * An id unique in the page, fixed for the component's life: for `htmlFor`, `aria-*` pairs.
 * Not React's `useId`: under Preact compat (the browser build) it can hand two fields of one
 * dialog the same id (a boat's location name and its first engine's make both got "P0-0"),
 * which points a label at the wrong input. The app renders only in the browser, so a
 * counter is enough.
 */
export function useUniqueId(prefix = 'f'): string {
  const [id] = useState(() => `${prefix}${++next}`);
  return id;
}
