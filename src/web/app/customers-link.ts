import { linkOptions } from '@tanstack/react-router';

/** Remembered so the profile's "Customers" link returns to the same search. */
export const LAST_SEARCH_KEY = 'slipway.customers.q';

export function rememberSearch(q: string): void {
  try {
    sessionStorage.setItem(LAST_SEARCH_KEY, q);
  } catch {
    // Private mode: the back link simply shows every customer.
  }
}

/** The customer list with the last search typed into it. */
export function customersLink() {
  let q: string | null = null;
  try {
    q = sessionStorage.getItem(LAST_SEARCH_KEY);
  } catch {
    q = null;
  }
  return linkOptions({ to: '/app/customers', search: { q: q || undefined } });
}
