import type {
  AcceptEstimateRequest,
  OrderDetailResponse,
  OrderUpdatesResponse,
  PayInvoiceResponse,
  PortalOrdersResponse,
  SignatureInput,
} from '../../shared/api-types';
import { api, query } from '../ui/api';

const base = (yard: string) => `/api/portal/${encodeURIComponent(yard)}`;

/** The portal's order pages: detail, history filters, answering estimates and paying invoices. */
export const ordersApi = {
  list: (yard: string, filter: { boatId?: string; status?: string }, signal?: AbortSignal) =>
    api.get<PortalOrdersResponse>(`${base(yard)}/orders${query(filter)}`, { signal }),

  detail: (yard: string, id: string, signal?: AbortSignal) =>
    api.get<OrderDetailResponse>(`${base(yard)}/orders/${encodeURIComponent(id)}`, { signal }),

  /** What the yard posted on the order, newest first (docs/job-updates.md). */
  updates: (yard: string, id: string, signal?: AbortSignal) =>
    api.get<OrderUpdatesResponse>(`${base(yard)}/orders/${encodeURIComponent(id)}/updates`, { signal }),

  /** The newest updates on the orders of one of the customer's boats. */
  boatUpdates: (yard: string, boatId: string, signal?: AbortSignal) =>
    api.get<OrderUpdatesResponse>(`${base(yard)}/boats/${encodeURIComponent(boatId)}/updates`, { signal }),

  /** The approval: the optional lines declined and the signature (typed name, drawn path). */
  accept: (yard: string, estimateId: string, declinedLineIds: string[], signature: SignatureInput) =>
    api.post<OrderDetailResponse>(`${base(yard)}/estimates/${encodeURIComponent(estimateId)}/accept`, {
      declinedLineIds,
      signature,
    } satisfies AcceptEstimateRequest),

  /** The estimate's PDF, downloaded by the browser with the session cookie. */
  estimatePdfUrl: (yard: string, estimateId: string) =>
    `${base(yard)}/estimates/${encodeURIComponent(estimateId)}/pdf`,

  decline: (yard: string, estimateId: string, reason: string) =>
    api.post<OrderDetailResponse>(`${base(yard)}/estimates/${encodeURIComponent(estimateId)}/decline`, {
      reason: reason || undefined,
    }),

  /** `key` is made once per attempt by the form, so a retried or doubled submit pays once. */
  pay: (
    yard: string,
    invoiceId: string,
    body: { amountCents: number; cardNumber?: string; savedCardId?: string },
    key: string,
  ) =>
    api.post<PayInvoiceResponse>(`${base(yard)}/invoices/${encodeURIComponent(invoiceId)}/payments`, body, {
      headers: { 'idempotency-key': key },
    }),
};

/** "12.34" or "1,234.5" → 1234 cents; null when it is not an amount. Never through floating point. */
export function parseDollars(text: string): number | null {
  const m = /^\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const whole = Number.parseInt(m[1].replace(/,/g, ''), 10);
  const cents = m[2] ? Number.parseInt(m[2].padEnd(2, '0'), 10) : 0;
  return whole * 100 + cents;
}

/** Cents as an editable amount, "1234.50". */
export const centsToInput = (cents: number) =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
