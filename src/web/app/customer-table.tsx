import { Link } from '@tanstack/react-router';
import type { CustomerListItem } from '../../shared/api-types';
import { PortalStatusBadge } from '../ui/badge';
import { formatPhone, fullName } from '../ui/format';

const SKELETON_ROWS = 8;

function Header() {
  return (
    <thead>
      <tr>
        <th scope="col">Name</th>
        <th scope="col">Email</th>
        <th scope="col" className="hide-sm">
          Phone
        </th>
        <th scope="col" className="hide-sm">
          Customer #
        </th>
        <th scope="col">Portal</th>
      </tr>
    </thead>
  );
}

export function SkeletonTable() {
  return (
    <table className="table" aria-busy="true" aria-label="Customers (loading)">
      <Header />
      <tbody>
        {Array.from({ length: SKELETON_ROWS }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
          <tr key={i}>
            <td>
              <span className="skeleton" style={{ width: `${110 + ((i * 37) % 70)}px` }} />
            </td>
            <td>
              <span className="skeleton" style={{ width: `${130 + ((i * 53) % 80)}px` }} />
            </td>
            <td className="hide-sm">
              <span className="skeleton" style={{ width: '104px' }} />
            </td>
            <td className="hide-sm">
              <span className="skeleton" style={{ width: '48px' }} />
            </td>
            <td>
              <span className="skeleton" style={{ width: '64px' }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CustomerTable({ customers, stale }: { customers: CustomerListItem[]; stale: boolean }) {
  return (
    <table
      className={`table table-cards ${stale ? 'table-dim' : ''}`}
      aria-busy={stale || undefined}
      aria-label="Customers"
    >
      <Header />
      <tbody>
        {customers.map((c) => (
          <tr key={c.id} className="is-link">
            <td className="cell-a">
              <Link to="/app/customers/$id" params={{ id: c.id }} className="row-link">
                {fullName(c) || '(no name)'}
              </Link>
              {c.company && <span className="cell-sub">{c.company}</span>}
            </td>
            <td className="cell-c">
              <div className="ellipsis">{c.email ?? <span className="muted">—</span>}</div>
            </td>
            <td className="hide-sm">{formatPhone(c.phone)}</td>
            <td className="hide-sm tnum">{c.customerNumber}</td>
            <td className="cell-b">
              <PortalStatusBadge status={c.portalStatus} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
