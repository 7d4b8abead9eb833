import type {
  BillingActionResponse,
  CounterPaymentRequest,
  CreateInvoiceRequest,
  OrderBillingResponse,
} from '../../shared/api-types';
import { api } from '../ui/api';
import { guard } from './staff-api';

const enc = encodeURIComponent;

/** Staff billing of one order: invoices, counter payments and refunds (docs/api.md). */
export const billingApi = {
  /** Every query of the order page starts with this key; mutations invalidate it. */
  orderKey: (orderId: string) => ['staff-order', orderId] as const,
  key: (orderId: string) => ['staff-order', orderId, 'billing'] as const,

  billing: (orderId: string, signal?: AbortSignal) =>
    guard(api.get<OrderBillingResponse>(`/api/staff/orders/${enc(orderId)}/billing`, { signal })),
  create: (orderId: string, body: CreateInvoiceRequest) =>
    guard(api.post<BillingActionResponse>(`/api/staff/orders/${enc(orderId)}/invoices`, body)),
  send: (invoiceId: string) =>
    guard(api.post<BillingActionResponse>(`/api/staff/invoices/${enc(invoiceId)}/send`)),
  void: (invoiceId: string, reason: string) =>
    guard(api.post<BillingActionResponse>(`/api/staff/invoices/${enc(invoiceId)}/void`, { reason })),
  reissue: (invoiceId: string) =>
    guard(api.post<BillingActionResponse>(`/api/staff/invoices/${enc(invoiceId)}/reissue`)),
  remove: (invoiceId: string) =>
    guard(api.delete<BillingActionResponse>(`/api/staff/invoices/${enc(invoiceId)}`)),
  creditNote: (invoiceId: string, body: { amountCents: number; reason: string }) =>
    guard(api.post<BillingActionResponse>(`/api/staff/invoices/${enc(invoiceId)}/credit-note`, body)),
  pay: (invoiceId: string, body: CounterPaymentRequest, key: string) =>
    guard(
      api.post<BillingActionResponse>(`/api/staff/invoices/${enc(invoiceId)}/payments`, body, {
        headers: { 'idempotency-key': key },
      }),
    ),
  refund: (paymentId: string, body: { amountCents: number; reason: string }) =>
    guard(api.post<BillingActionResponse>(`/api/staff/payments/${enc(paymentId)}/refunds`, body)),

  invoicePdf: (invoiceId: string) => `/api/staff/invoices/${enc(invoiceId)}/pdf`,
  receiptPdf: (paymentId: string) => `/api/staff/payments/${enc(paymentId)}/receipt.pdf`,
};

/** "1,234.5" or "$12" → cents; null when it is not an amount with at most two decimals. */
export function parseAmount(text: string): number | null {
  const m = /^\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return (
    Number.parseInt(m[1].replace(/,/g, ''), 10) * 100 + (m[2] ? Number.parseInt(m[2].padEnd(2, '0'), 10) : 0)
  );
}

/** Cents as an editable amount, "1234.50". */
export const amountInput = (cents: number) =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
