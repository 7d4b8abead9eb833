import type { LineKind } from '../../shared/api-types.js';

/**
 * Plain inputs of the estimate, invoice and receipt PDFs. Nothing here reads the
 * database: callers load what they need first (outside any transaction) and pass it in.
 * Money is integer cents; quantities are decimal strings.
 */

export interface PdfYard {
  name: string;
  /** ISO 4217 code (yard settings); US dollars when not given. */
  currency?: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface PdfCustomer {
  name: string;
  company?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Street, "City, ST 12345", … — blank entries are left out. */
  addressLines?: (string | null | undefined)[];
}

export interface PdfBoat {
  name: string;
  /** e.g. "Catalina 30, 1985, 30 ft LOA". */
  details?: string | null;
}

export interface PdfLine {
  kind: LineKind;
  description: string;
  quantity: string;
  unitPriceCents: number;
  totalCents: number;
  note?: string | null;
  technician?: string | null;
  partNumber?: string | null;
  /** The customer may decline it when accepting. */
  optional?: boolean;
  /** The customer declined it: shown, but not in the totals. */
  declined?: boolean;
}

export interface PdfTax {
  /** null: one "Tax" row for a document whose tax is not split by class. */
  taxClass: 'labor' | 'parts' | 'fees' | null;
  /** Basis points: 725 = 7.25 %; null when not known. */
  rateBp: number | null;
  cents: number;
}

export interface PdfTotals {
  subtotalCents: number;
  /** One row per class with tax; classes at 0 % with no tax may be left out. */
  taxes: PdfTax[];
  totalCents: number;
}

/** A label and a value under the title: "Date", "Valid until", "Due", … */
export interface PdfFact {
  label: string;
  value: string;
}
