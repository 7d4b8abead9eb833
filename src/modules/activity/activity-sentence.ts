import type { ActivityKind } from '../../shared/api-types.js';
import { inviteRequestSuffix } from '../invites/portal-events.repo.js';
import { moneyFormat } from '../orders/money-text.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * What a customer did, in one sentence for the inbox:
 * "Ava Thompson declined estimate #1042: Going with a cheaper paint".
 */
export function activitySentence(
  kind: ActivityKind,
  customer: string,
  order: { number: number; title: string } | null,
  detail: Record<string, unknown>,
  currency?: string | null,
): string {
  const dollars = moneyFormat(currency);
  const ref = order ? `order #${order.number} ${order.title}` : 'an order';
  switch (kind) {
    case 'service_requested':
      return `${customer} requested service: ${ref}${str(detail.boat) ? ` (${str(detail.boat)})` : ''}`;
    case 'estimate_accepted': {
      const total = num(detail.totalCents);
      return `${customer} accepted estimate #${num(detail.estimateNumber) ?? '?'}${total !== null ? ` for ${dollars(total)}` : ''}`;
    }
    case 'estimate_declined': {
      const reason = str(detail.reason).trim();
      return `${customer} declined estimate #${num(detail.estimateNumber) ?? '?'}${reason ? `: ${reason}` : ''}`;
    }
    case 'invoice_paid': {
      const amount = num(detail.amountCents);
      return `${customer} paid ${amount !== null ? dollars(amount) : 'an amount'} on invoice #${num(detail.invoiceNumber) ?? '?'}`;
    }
    case 'invite_requested':
      return `${customer} asked for a new portal invite link${str(detail.email) ? ` (${str(detail.email)})` : ''}${inviteRequestSuffix(detail)}`;
  }
}
