import type { CustomerListFiltersInput } from '../../shared/api-types';
import { type Chip, FilterChips } from './filter-chips';
import './customers.css';

type Portal = NonNullable<CustomerListFiltersInput['portal']>;

const PORTAL_CHIPS: Chip<Portal>[] = [
  { key: 'in_portal', label: 'In portal', tone: 'success' },
  { key: 'invited', label: 'Invited', tone: 'info' },
  { key: 'not_invited', label: 'Not invited' },
  { key: 'no_email', label: 'No email', tone: 'warning' },
];

/** What the address bar says, kept to the values the list understands. */
export function filtersFromUrl(search: {
  portal?: string;
  balance?: string;
  archived?: string;
}): CustomerListFiltersInput {
  const portal = PORTAL_CHIPS.find((c) => c.key === search.portal)?.key;
  return {
    portal,
    balance: search.balance === 'due' ? 'due' : undefined,
    archived: search.archived === 'true' ? 'true' : undefined,
  };
}

/** The Customers list's filters: portal status (one at a time), balance due, archived. */
export function CustomerFilters({
  filters,
  onChange,
}: {
  filters: CustomerListFiltersInput;
  onChange: (next: CustomerListFiltersInput) => void;
}) {
  return (
    <div className="customer-filters">
      <FilterChips<Portal>
        label="Portal status"
        allLabel="Any portal status"
        chips={PORTAL_CHIPS}
        selected={filters.portal ?? null}
        onSelect={(portal) => onChange({ ...filters, portal: portal ?? undefined })}
      />
      <FilterChips<'due'>
        label="Balance"
        allLabel={null}
        chips={[{ key: 'due', label: 'Balance due', tone: 'danger' }]}
        selected={filters.balance === 'due' ? 'due' : null}
        onSelect={(key) => onChange({ ...filters, balance: key ?? undefined })}
      />
      <FilterChips<'true'>
        label="Archive"
        allLabel={null}
        chips={[{ key: 'true', label: 'Archived' }]}
        selected={filters.archived === 'true' ? 'true' : null}
        onSelect={(key) => onChange({ ...filters, archived: key ?? undefined })}
      />
    </div>
  );
}
