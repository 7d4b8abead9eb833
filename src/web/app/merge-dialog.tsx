import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MergeResponse } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormAlert } from '../ui/field';
import { fullName } from '../ui/format';
import { customerRecordsApi } from './customer-records-api';
import { useCustomerSearch } from './use-customer-search';

/** What each moved table is called on screen. */
const WHAT: Record<string, string> = {
  boats: 'Boats',
  orders: 'Orders',
  estimates: 'Estimates',
  estimate_acceptances: 'Estimate acceptances',
  invoices: 'Invoices',
  payments: 'Payments',
  payment_attempts: 'Card payment attempts',
  invites: 'Portal invites',
  portal_events: 'Timeline entries',
  portal_accounts: 'Portal accounts',
  email_change_requests: 'Email change requests',
  service_requests: 'Service requests',
  order_updates: 'Job updates',
  invite_batch_rows: 'Bulk invite rows',
  yard_activity: 'Activity inbox items',
  customer_contacts: 'Other emails and phones',
};

/**
 * "Merge with…" on a profile: find the other customer, see what moves to this one, choose
 * whose portal account stays when both have one, merge.
 */
export function MergeDialog({
  kept,
  onClose,
  onMerged,
}: {
  kept: { id: string; name: string; customerNumber: number };
  onClose: () => void;
  onMerged: (result: MergeResponse) => void;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [mergeId, setMergeId] = useState<string | null>(null);
  const [account, setAccount] = useState<'kept' | 'merged' | null>(null);
  const search = useCustomerSearch(text);
  const preview = useQuery({
    queryKey: ['staff', 'merge-preview', kept.id, mergeId],
    queryFn: ({ signal }) => customerRecordsApi.mergePreview(kept.id, mergeId!, signal),
    enabled: !!mergeId,
  });
  const merge = useMutation({
    mutationFn: () =>
      customerRecordsApi.merge(kept.id, { mergeId: mergeId!, ...(account && { keepAccountOf: account }) }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
      onMerged(result);
    },
  });
  const p = preview.data;
  const moves = p ? Object.entries(p.moves).filter(([, n]) => n > 0) : [];
  const candidates = search.customers.filter((c) => c.id !== kept.id).slice(0, 8);
  const ready = !!p && (!p.needsAccountChoice || account !== null);

  return (
    <Dialog
      title={`Merge into #${kept.customerNumber} ${kept.name}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" disabled={!ready} busy={merge.isPending} onClick={() => merge.mutate()}>
            Merge
          </Button>
        </>
      }
    >
      <div className="stack-sm merge-dialog">
        <FormAlert message={merge.error ? errorMessage(merge.error) : null} />
        {!p ? (
          <>
            <label className="field">
              <span>Find the customer to merge into this one</span>
              <input
                type="search"
                autoComplete="off"
                placeholder="Name, email or phone"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </label>
            {preview.error != null && (
              <p className="alert alert-error small">{errorMessage(preview.error)}</p>
            )}
            <ul className="merge-candidates" aria-label="Matching customers">
              {candidates.map((c) => (
                <li key={c.id}>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setMergeId(c.id)}
                    busy={preview.isFetching && mergeId === c.id}
                  >
                    #{c.customerNumber} {fullName(c)}
                    {c.email ? ` · ${c.email}` : ''}
                  </Button>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <>
            <p>
              Everything of{' '}
              <strong>
                #{p.merged.customerNumber} {p.merged.name}
              </strong>{' '}
              moves to{' '}
              <strong>
                #{p.kept.customerNumber} {p.kept.name}
              </strong>
              ; #{p.merged.customerNumber} is then archived. Nothing is deleted.
            </p>
            {moves.length ? (
              <table className="table merge-counts" aria-label="What moves">
                <tbody>
                  {moves.map(([table, n]) => (
                    <tr key={table}>
                      <th scope="row">{WHAT[table] ?? table}</th>
                      <td>{n}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">#{p.merged.customerNumber} has no records to move.</p>
            )}
            {p.needsAccountChoice && (
              <fieldset className="field">
                <legend>Both have a portal account. Keep the account of:</legend>
                {(['kept', 'merged'] as const).map((side) => (
                  <label key={side} className="radio">
                    <input
                      type="radio"
                      name="keepAccountOf"
                      checked={account === side}
                      onChange={() => setAccount(side)}
                    />{' '}
                    {p[side].name} ({p[side].portalLogin})
                  </label>
                ))}
                <p className="field-hint">The other account is disabled and signed out.</p>
              </fieldset>
            )}
            <Button size="sm" variant="ghost" onClick={() => setMergeId(null)}>
              Pick another customer
            </Button>
          </>
        )}
      </div>
    </Dialog>
  );
}
