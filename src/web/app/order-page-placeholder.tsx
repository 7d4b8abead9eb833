import { Link } from '@tanstack/react-router';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';

/** /app/orders/$id until the order page itself is in place: where the list and the inbox lead. */
export function OrderPage({ id }: { id: string }) {
  useDocumentTitle('Order');
  return (
    <div className="stack">
      <div className="page-header">
        <h1>Order</h1>
      </div>
      <Card>
        <p>
          The order page is not available yet (order <code>{id}</code>).
        </p>
        <Link to="/app/orders">Back to the orders</Link>
      </Card>
    </div>
  );
}
