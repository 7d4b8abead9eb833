import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { estimatePdf } from '../documents/document-pdfs.js';
import { pdfTotals } from '../documents/pdf-taxes.js';
import type { PdfLine } from '../documents/pdf-types.js';
import { estimateVersionsRepo } from './estimate-versions.repo.js';
import { acceptanceView, dateOnly, lineView, plainQuantity, ratesOf } from './estimate-views.js';
import { documentTotals } from './money.js';
import { dayInZone } from './receipt-facts.js';

/**
 * An estimate version as a PDF: for staff (any estimate of the yard) or for one customer
 * (their own, never a draft). Undefined when there is no such estimate for them. Reads
 * with plain queries and renders afterwards — no transaction is held while rendering.
 */
export async function loadEstimatePdf(
  db: Kysely<DB>,
  yardId: string,
  estimateId: string,
  customerId?: string,
): Promise<{ filename: string; data: Buffer } | undefined> {
  const repo = estimateVersionsRepo(db);
  const e = await repo.forPdf(yardId, estimateId, customerId);
  if (!e) return undefined;
  const [rows, accs] = await Promise.all([repo.lines(yardId, [e.id]), repo.acceptances(yardId, [e.id])]);
  const acc = accs[0] ? acceptanceView(accs[0]) : null;
  const declined = new Set(acc?.declinedLineIds ?? []);
  const rates = ratesOf(e);
  const kept = rows.filter((l) => !declined.has(l.id));
  const byClass = documentTotals(
    kept.map((l) => ({
      kind: l.kind,
      quantity: plainQuantity(l.quantity),
      unitPriceCents: l.unit_price_cents,
      taxClass: l.tax_class,
    })),
    rates,
  ).taxByClass;
  const lines: PdfLine[] = rows.map((r) => ({ ...lineView(r), declined: declined.has(r.id) }));
  const stored = acc ?? { subtotalCents: e.subtotal_cents, taxCents: e.tax_cents, totalCents: e.total_cents };
  const boatDetails = [
    [e.boat_make, e.boat_model].filter(Boolean).join(' '),
    e.boat_year ? String(e.boat_year) : null,
    e.boat_length_ft ? `${plainQuantity(e.boat_length_ft)} ft LOA` : null,
  ]
    .filter(Boolean)
    .join(', ');
  // Dates and the signing time as the yard's clock reads them; amounts in its currency.
  const zone = e.yard_timezone;
  const data = await estimatePdf({
    yard: {
      name: e.yard_name,
      address: e.yard_address,
      phone: e.yard_phone,
      email: e.yard_email,
      currency: e.yard_currency,
    },
    customer: {
      name: [e.first_name, e.last_name].filter(Boolean).join(' ') || e.company || 'Customer',
      company: e.first_name || e.last_name ? e.company : null,
      email: e.customer_email,
      phone: e.customer_phone,
      addressLines: [
        e.street,
        [e.city, [e.state, e.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', '),
      ],
    },
    boat: e.boat_name ? { name: e.boat_name, details: boatDetails || null } : null,
    number: e.number,
    version: e.version,
    orderNumber: e.order_number,
    date: dayInZone(e.sent_at ?? e.created_at, zone),
    validUntil: dateOnly(e.valid_until),
    lines,
    totals: pdfTotals(stored, byClass, rates),
    answer: acc
      ? { kind: 'accepted', on: dayInZone(new Date(acc.acceptedAt), zone) }
      : e.status === 'declined'
        ? {
            kind: 'declined',
            on: e.responded_at ? dayInZone(e.responded_at, zone) : '',
            reason: e.decline_reason,
          }
        : e.status === 'superseded'
          ? { kind: 'superseded' }
          : null,
    message: e.message,
    signature: acc?.signature
      ? {
          name: acc.signature.name,
          path: acc.signature.path,
          at: acc.signature.signedAt,
          ip: acc.signature.ip,
          timeZone: zone,
        }
      : null,
  });
  const suffix = e.version > 1 ? `-v${e.version}` : '';
  return { filename: `estimate-${e.number}${suffix}.pdf`, data };
}
