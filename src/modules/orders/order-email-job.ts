/** A job on the order-email queue: what to tell the customer about. */
export type OrderEmailJob = (
  | { kind: 'receipt'; paymentId: string }
  | { kind: 'refund'; refundId: string }
  | { kind: 'estimate'; yardId: string; estimateId: string }
  | { kind: 'invoice'; yardId: string; invoiceId: string }
  /** An update staff posted on an order (docs/job-updates.md). */
  | { kind: 'job_update'; yardId: string; updateId: string }
) & {
  /**
   * Tried again for these sign-ins only (people the owner shared access with) after a passing
   * mail failure; the owner and the others were mailed already (mail-each.ts).
   */
  only?: string[];
};
