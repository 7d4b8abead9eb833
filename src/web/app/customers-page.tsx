import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { CustomerListFiltersInput } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { BulkInviteActions } from './bulk-invite-actions';
import { CustomerFilters, filtersFromUrl } from './customer-filters';
import { CustomerTable, SkeletonTable } from './customer-table';
import { rememberSearch } from './customers-link';
import { NewCustomerButton } from './new-customer-dialog';
import { useCan } from './staff-shell';
import { useCustomerSearch } from './use-customer-search';

const route = getRouteApi('/app/staff/customers');

function SearchIcon() {
  return (
    <svg className="search-icon" viewBox="0 0 20 20" fill="none" aria-hidden="true">
      <circle cx="9" cy="9" r="6" stroke="currentColor" strokeWidth="2" />
      <path d="m14 14 4 4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function CustomersPage() {
  useDocumentTitle('Customers');
  const urlSearch = route.useSearch();
  const urlQuery = urlSearch.q ?? '';
  const filters = filtersFromUrl(urlSearch);
  const navigate = route.useNavigate();
  const [text, setText] = useState(urlQuery);
  const textRef = useRef(text);
  textRef.current = text;
  // Navigation to another ?q= (e.g. the Customers link while on this page) resets the box.
  useEffect(() => {
    if (urlQuery !== textRef.current) setText(urlQuery);
  }, [urlQuery]);
  const result = useCustomerSearch(text, filters);
  const canInvite = useCan('staff:invites');
  const canRecord = useCan('staff:records');
  const { customers, shownQuery, loading } = result;

  const onChange = (value: string) => {
    setText(value);
    // The address follows the box without adding history entries.
    void navigate({
      search: (prev) => ({ ...prev, q: value || undefined }),
      replace: true,
      resetScroll: false,
    });
    rememberSearch(value);
  };
  // A filter is a step of its own: Back undoes it.
  const onFilters = (next: CustomerListFiltersInput) => {
    void navigate({ search: (prev) => ({ ...prev, ...next }), resetScroll: false });
  };
  const filtered = Boolean(filters.portal || filters.balance || filters.archived);

  const showSkeleton = loading && customers.length === 0 && !result.error;
  const showEmpty = !loading && !result.error && customers.length === 0 && shownQuery !== null;
  const count = customers.length;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Customers</h1>
          <p className="subtitle">Find a customer by name, email address or phone number.</p>
        </div>
        <div className="btn-row">
          {canRecord && <NewCustomerButton />}
          {canInvite && <BulkInviteActions q={text} />}
        </div>
      </div>
      <section className="card card-flush" aria-label="Customer list">
        <div className="card-header">
          <search className="search">
            <label htmlFor="customer-search" className="visually-hidden">
              Search customers
            </label>
            <SearchIcon />
            <input
              id="customer-search"
              className="search-input"
              type="search"
              placeholder="Name, email or phone"
              autoComplete="off"
              spellCheck={false}
              value={text}
              onChange={(e) => onChange(e.target.value)}
              autoFocus
            />
            {loading && !showSkeleton && <span className="spinner search-status" aria-hidden="true" />}
          </search>
          <CustomerFilters filters={filters} onChange={onFilters} />
        </div>
        {result.capped && (
          <div className="alert alert-info capped-note" role="note">
            Showing the first matches — keep typing to narrow the search
          </div>
        )}
        {result.error != null && (
          <div className="alert alert-error capped-note" role="alert">
            {errorMessage(result.error)}{' '}
            <Button size="sm" onClick={result.retry}>
              Try again
            </Button>
          </div>
        )}
        <div className="table-wrap">
          {showSkeleton ? (
            <SkeletonTable />
          ) : showEmpty ? (
            shownQuery ? (
              <EmptyState title={`No customers match “${shownQuery}”`}>
                {result.suggestion ? (
                  <span className="search-suggestion">
                    Did you mean{' '}
                    <Link
                      to="/app/customers"
                      search={{ ...urlSearch, q: result.suggestion }}
                      replace
                      onClick={() => rememberSearch(result.suggestion ?? '')}
                    >
                      {result.suggestion}
                    </Link>
                    ?
                  </span>
                ) : (
                  'Check the spelling, or try part of the email address or phone number.'
                )}
              </EmptyState>
            ) : filtered ? (
              <EmptyState title="No customers match these filters" />
            ) : (
              <EmptyState title="No customers yet" />
            )
          ) : (
            count > 0 && <CustomerTable customers={customers} stale={loading} />
          )}
        </div>
        {(result.nextCursor || count > 0) && (
          <div className="table-footer">
            <span className="muted small" data-testid="customer-count">
              {totalText(result.total, result.totalMore, count)}
            </span>
            {result.nextCursor && (
              <Button onClick={result.loadMore} busy={result.loadingMore} disabled={loading}>
                Load more
              </Button>
            )}
          </div>
        )}
        <div className="visually-hidden" role="status" aria-live="polite">
          {loading
            ? ''
            : showEmpty
              ? 'No matching customers'
              : totalText(result.total, result.totalMore, count)}
        </div>
      </section>
    </>
  );
}

/** "3 customers shown" (all of them), "1,234 customers · 25 shown", "More than 1,000 customers · 25 shown". */
function totalText(total: number | null, more: boolean, shown: number): string {
  const noun = (n: number) => (n === 1 ? 'customer' : 'customers');
  if (total === null || (total === shown && !more)) return `${shown.toLocaleString()} ${noun(shown)} shown`;
  const all = more
    ? `More than ${total.toLocaleString()} customers`
    : `${total.toLocaleString()} ${noun(total)}`;
  return `${all} · ${shown.toLocaleString()} shown`;
}
