import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/support/pdf-text.js';
import { estimatePdf, invoicePdf, receiptPdf } from './document-pdfs.js';
import type { PdfLine } from './pdf-types.js';

const yard = {
  name: 'Harbor Light Boatyard',
  address: '12 Wharf Road, Rockport, ME 04856',
  phone: '(207) 555-0142',
  email: 'office@harborlight.test',
};
const customer = {
  name: 'Dana Whitfield',
  email: 'dana@example.test',
  addressLines: ['4 Elm St', null, 'Camden, ME 04843'],
};
const boat = { name: 'Sea Otter', details: 'Catalina 30, 1985, 30 ft LOA' };
const lines: PdfLine[] = [
  {
    kind: 'labor',
    description: 'Haul and block',
    quantity: '1.5',
    unitPriceCents: 12_000,
    totalCents: 18_000,
    technician: 'Sam Okafor',
  },
  {
    kind: 'part',
    description: 'Bottom paint (gal)',
    quantity: '3',
    unitPriceCents: 8_999,
    totalCents: 26_997,
    partNumber: 'IP-1177',
    note: 'Blue',
  },
  {
    kind: 'fee',
    description: 'Shrink wrap',
    quantity: '1',
    unitPriceCents: 40_000,
    totalCents: 40_000,
    optional: true,
  },
];
const totals = {
  subtotalCents: 84_997,
  taxes: [
    { taxClass: 'labor' as const, rateBp: 500, cents: 900 },
    { taxClass: 'parts' as const, rateBp: 725, cents: 1_957 },
  ],
  totalCents: 87_854,
};

describe('document PDFs', () => {
  it('an estimate shows the yard, customer, boat, every line with its marks, tax per class and the total', async () => {
    const pdf = await estimatePdf({
      yard,
      customer,
      boat,
      number: 1042,
      version: 2,
      orderNumber: 2001,
      date: '2026-12-03',
      validUntil: '2027-01-02',
      lines,
      totals,
      message: 'Thanks for choosing us.',
      terms: 'Prices valid for 30 days.',
    });
    const { text, pages } = pdfText(pdf);
    expect(pages).toBe(1);
    for (const s of [
      'Harbor Light Boatyard',
      '12 Wharf Road, Rockport, ME 04856',
      '(207) 555-0142',
      'office@harborlight.test',
      'Estimate',
      '#1042 · version 2',
      'Valid until: 2027-01-02',
      'Dana Whitfield',
      'Camden, ME 04843',
      'Sea Otter',
      'Catalina 30, 1985, 30 ft LOA',
      'Haul and block',
      'Technician: Sam Okafor',
      'Part #: IP-1177 · Blue',
      'Optional',
      '$89.99',
      'Tax on labour (5 %)',
      'Tax on parts (7.25 %)',
      '$19.57',
      '$878.54',
      'Prices valid for 30 days.',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('an accepted estimate marks the declined line and shows the accepted totals', async () => {
    const pdf = await estimatePdf({
      yard,
      customer,
      boat: null,
      number: 1042,
      version: 1,
      date: '2026-12-03',
      validUntil: null,
      lines: lines.map((l) => (l.optional ? { ...l, declined: true } : l)),
      totals: { ...totals, subtotalCents: 44_997, totalCents: 47_854 },
      answer: { kind: 'accepted', on: '2026-12-04' },
    });
    const { text } = pdfText(pdf);
    expect(text).toContain('Accepted on 2026-12-04 — 1 optional line declined.');
    expect(text).toContain('Declined by the customer — not included');
    expect(text).toContain('$478.54');
  });

  it('two hundred and fifty lines run over several pages, each with the table header, nothing lost', async () => {
    const many: PdfLine[] = Array.from({ length: 250 }, (_, i) => ({
      kind: 'part',
      description: `Fastener kit ${i + 1}`,
      quantity: '1',
      unitPriceCents: 100,
      totalCents: 100,
    }));
    const pdf = await invoicePdf({
      yard,
      customer,
      boat,
      number: 5001,
      kind: 'standard',
      issuedOn: '2026-12-03',
      dueOn: '2027-01-02',
      lines: many,
      totals: { subtotalCents: 25_000, taxes: [], totalCents: 25_000 },
      paidCents: 10_000,
      balanceCents: 15_000,
      terms: 'Net 30.',
    });
    const { text, pages } = pdfText(pdf);
    expect(pages).toBeGreaterThan(3);
    const withLines = text.split('\f').filter((page) => page.includes('Fastener kit'));
    expect(withLines.length).toBeGreaterThan(3);
    for (const page of withLines) expect(page).toContain('DESCRIPTION');
    for (const n of [1, 125, 250]) expect(text).toContain(`Fastener kit ${n}\n`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('Balance due');
    expect(text).toContain('$150.00');
    expect(text).toContain('Due: 2027-01-02');
  });

  it('a receipt shows what was paid, how, and the balance left', async () => {
    const pdf = await receiptPdf({
      yard,
      customer,
      boat,
      reference: 'R-5001-1',
      invoiceNumber: 5001,
      receivedOn: '2026-12-03',
      method: 'Check 1042',
      amountCents: 10_000,
      invoiceTotalCents: 25_000,
      paidCents: 10_000,
      balanceCents: 15_000,
    });
    const { text } = pdfText(pdf);
    expect(text).toContain('Receipt');
    expect(text).toContain('Thank you — we received $100.00 by Check 1042.');
    expect(text).toContain('Invoice #5001 total');
    expect(text).toContain('$250.00');
    expect(text).toContain('$150.00');
  });
});
