/** The order's estimates, every version and its answer; filled in by the estimates work. */
export function OrderEstimatesCard(_: { orderId: string }) {
  return null;
}
