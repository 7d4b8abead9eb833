/** The order's invoices, payments and refunds; filled in by the invoicing work. */
export function OrderInvoicesCard(_: { orderId: string }) {
  return null;
}
