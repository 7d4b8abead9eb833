import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../ui/api';
import { accessApi } from './access-api';
import { actForRecord } from './portal-api';
import { usePortalMe } from './portal-shell';

/**
 * The record the person last chose in the switcher, in this page load: leaving an order's page
 * for another record refetches the order once as that record (a 404), and that must not
 * switch them back. A link opened later is a new page load.
 */
let chosenByHand: string | null = null;
export const recordChosen = (customerId: string) => {
  chosenByHand = customerId;
};

/**
 * A link to an order of another record this sign-in reaches — an email to a captain of two
 * owners, opened while acting for the other one (docs/shared-access.md): when the order
 * answers 404 and the sign-in reaches more than one record, the server is asked once which
 * of them holds it. It switches the session (a POST, with the CSRF token), the page's reads
 * load again for that record and the header says whose it is. An order the sign-in does not
 * reach stays the page's 404. True while the answer is awaited (show a spinner, not the 404).
 */
export function useRecordOfOrder(yard: string, orderId: string | undefined, error: Error | null): boolean {
  const me = usePortalMe();
  const wanted =
    !!orderId &&
    error instanceof ApiError &&
    error.status === 404 &&
    me.access.records.length > 1 &&
    chosenByHand !== me.customer.id;
  // Not one of this sign-in's orders: the page's 404 stands.
  return useSwitchOnce(yard, wanted ? orderId : undefined, 'order');
}

/**
 * A link to a record's general thread (`?record=` in a message email): opened while the
 * session acts for another record of the same sign-in, the session switches to that record
 * once, if the sign-in reaches it; otherwise the page shows the record it acts for. True while
 * switching (show a spinner, not the other record's thread).
 */
export function useRecordOfLink(yard: string, record: string | undefined): boolean {
  const me = usePortalMe();
  const wanted =
    !!record &&
    record !== me.customer.id &&
    chosenByHand !== me.customer.id &&
    me.access.records.some((r) => r.customerId === record);
  // No longer one of this sign-in's records: the page stays as it is.
  return useSwitchOnce(yard, wanted ? record : undefined, 'record');
}

/**
 * Asks the server once per `key` (an order id, or a record's customer id) which record to
 * act for, switches the page to it when it is another, and ignores a refusal. True from the
 * moment a key is wanted until the answer is in.
 */
function useSwitchOnce(yard: string, key: string | undefined, by: 'order' | 'record'): boolean {
  const me = usePortalMe();
  const queryClient = useQueryClient();
  const asked = useRef<string | null>(null);
  const [asking, setAsking] = useState(false);
  const actingId = me.customer.id;

  useEffect(() => {
    if (!key || asked.current === key) return;
    asked.current = key;
    setAsking(true);
    (by === 'order' ? accessApi.openOrder(yard, key) : accessApi.switchTo(yard, key))
      .then(async (next) => {
        if (next.customer.id !== actingId) await actForRecord(queryClient, yard, next);
      })
      .catch(() => {})
      .finally(() => setAsking(false));
  }, [key, by, yard, actingId, queryClient]);

  return asking || (!!key && asked.current !== key);
}
