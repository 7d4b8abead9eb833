import { queryOptions } from '@tanstack/react-query';
import type {
  CardSetupResponse,
  ConfirmCardSetupRequest,
  ReceiptDetailResponse,
  ReceiptsResponse,
  SavedCardResponse,
  SavedCardsResponse,
} from '../../shared/api-types';
import { api } from '../ui/api';

const base = (yard: string) => `/api/portal/${encodeURIComponent(yard)}`;

/** Saved cards and receipts (docs/saved-cards.md). */
export const cardsApi = {
  list: (yard: string, signal?: AbortSignal) =>
    api.get<SavedCardsResponse>(`${base(yard)}/cards`, { signal }),
  startSetup: (yard: string) => api.post<CardSetupResponse>(`${base(yard)}/cards/setups`),
  confirmSetup: (yard: string, setupId: string, body: ConfirmCardSetupRequest) =>
    api.post<SavedCardResponse>(`${base(yard)}/cards/setups/${encodeURIComponent(setupId)}/confirm`, body),
  makeDefault: (yard: string, id: string) =>
    api.post<SavedCardsResponse>(`${base(yard)}/cards/${encodeURIComponent(id)}/default`),
  remove: (yard: string, id: string) =>
    api.delete<SavedCardsResponse>(`${base(yard)}/cards/${encodeURIComponent(id)}`),
  receipts: (yard: string, signal?: AbortSignal) =>
    api.get<ReceiptsResponse>(`${base(yard)}/receipts`, { signal }),
  receipt: (yard: string, id: string, signal?: AbortSignal) =>
    api.get<ReceiptDetailResponse>(`${base(yard)}/receipts/${encodeURIComponent(id)}`, { signal }),
  /** The receipt PDF, downloaded by the browser with the session cookie. */
  receiptPdfUrl: (yard: string, paymentId: string) =>
    `${base(yard)}/payments/${encodeURIComponent(paymentId)}/receipt.pdf`,
};

export const cardQueries = {
  cards: (yard: string) =>
    queryOptions({
      queryKey: ['portal', yard, 'cards'],
      queryFn: ({ signal }) => cardsApi.list(yard, signal),
    }),
  receipts: (yard: string) =>
    queryOptions({
      queryKey: ['portal', yard, 'receipts'],
      queryFn: ({ signal }) => cardsApi.receipts(yard, signal),
    }),
};
