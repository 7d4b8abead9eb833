import { Link } from '@tanstack/react-router';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { canReadAudit, useAuditLog } from './audit-api';
import { AuditRows } from './audit-rows';
import { useStaff } from './staff-shell';
import './audit.css';

/**
 * "History": the audit rows of one customer (and customers merged into it) or one order,
 * for the roles that read the audit log; nothing for the others.
 */
export function AuditHistoryCard(props: { customerId: string } | { orderId: string }) {
  const { staff } = useStaff();
  if (!canReadAudit(staff.role)) return null;
  return <History filter={props} />;
}

function History({ filter }: { filter: { customerId: string } | { orderId: string } }) {
  const res = useAuditLog(filter, 10);
  const entries = res.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <Card
      title="History"
      actions={
        <Link to="/app/audit" search={filter} className="small">
          Audit log
        </Link>
      }
    >
      {res.error ? (
        <p className="alert alert-error small" role="alert">
          {errorMessage(res.error)}
        </p>
      ) : !res.data ? (
        <Spinner />
      ) : entries.length === 0 ? (
        <p className="muted">No changes recorded yet.</p>
      ) : (
        <AuditRows entries={entries} timezone={res.data.pages[0].timezone} showSubject={false} />
      )}
      {res.hasNextPage && (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => void res.fetchNextPage()}
          busy={res.isFetchingNextPage}
        >
          Show older
        </Button>
      )}
    </Card>
  );
}
