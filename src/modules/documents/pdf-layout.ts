import PDFDocument from 'pdfkit';
import { moneyFormat } from '../orders/money-text.js';
import { type PdfSignature, signatureBlock } from './pdf-signature.js';
import type { PdfBoat, PdfCustomer, PdfFact, PdfLine, PdfTotals, PdfYard } from './pdf-types.js';

/**
 * The one page layout of every estimate, invoice and receipt: the yard's letterhead, the
 * title and number with its dates, who and which boat, the lines table (continued on as
 * many pages as it takes, its header repeated), the totals with tax per class, and the
 * terms. Built-in Helvetica only, so no font files are read.
 */
export interface DocumentLayout {
  yard: PdfYard;
  /** "Estimate", "Invoice", "Credit note", "Receipt". */
  title: string;
  /** "#1001", "#1001 · version 2". */
  reference: string;
  facts: PdfFact[];
  customer: PdfCustomer;
  boat: PdfBoat | null;
  /** A short line under the facts, e.g. "Accepted on 2026-12-03", "VOID — …". */
  banner?: string | null;
  lines: PdfLine[];
  totals: PdfTotals | null;
  /** Rows under the total: "Paid", "Balance due", … */
  after?: { label: string; cents: number; strong?: boolean }[];
  message?: string | null;
  terms?: string | null;
  /** A signed estimate's signature, under the totals. */
  signature?: PdfSignature | null;
}

const PAGE = { size: 'LETTER' as const, margin: 50 };
const INK = '#1f2933';
const MUTED = '#5f6b76';
const ACCENT = '#0b4f6c';
const RULE = '#c9d2da';

/** Column x positions and widths of the lines table. */
const COLS = {
  kind: { x: 50, w: 58 },
  description: { x: 112, w: 232 },
  qty: { x: 348, w: 48 },
  unit: { x: 400, w: 76 },
  amount: { x: 480, w: 82 },
};

const KIND_LABEL: Record<PdfLine['kind'], string> = {
  labor: 'Labour',
  part: 'Part',
  fee: 'Fee',
  per_foot: 'Per foot',
  discount: 'Discount',
  deposit: 'Deposit',
};

const CLASS_LABEL = { labor: 'labour', parts: 'parts', fees: 'fees' } as const;

/** 725 → "7.25 %", 700 → "7 %". */
export function percent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''} %`;
}

export function renderDocument(layout: DocumentLayout): Promise<Buffer> {
  const doc = new PDFDocument({
    ...PAGE,
    bufferPages: true,
    info: { Title: `${layout.title} ${layout.reference} — ${layout.yard.name}`, Author: layout.yard.name },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  header(doc, layout);
  parties(doc, layout);
  // Amounts in the yard's currency (yard settings), as its screens show them.
  const money = moneyFormat(layout.yard.currency);
  if (layout.lines.length > 0) table(doc, layout.lines, money);
  if (layout.totals) totals(doc, layout.totals, layout.after ?? [], money);
  else if (layout.after?.length) totals(doc, null, layout.after, money);
  if (layout.signature) signatureBlock(doc, layout.signature, (h) => ensureRoom(doc, h));
  closing(doc, layout);
  pageNumbers(doc, layout);
  doc.end();
  return done;
}

type Doc = InstanceType<typeof PDFDocument>;

const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** A new page when `height` more points would not fit on this one. */
function ensureRoom(doc: Doc, height: number): boolean {
  if (doc.y + height <= bottom(doc)) return false;
  doc.addPage();
  return true;
}

function header(doc: Doc, l: DocumentLayout) {
  const top = doc.y;
  doc.font('Helvetica-Bold').fontSize(16).fillColor(ACCENT).text(l.yard.name, 50, top, { width: 300 });
  doc.font('Helvetica').fontSize(9).fillColor(MUTED);
  for (const part of [l.yard.address, l.yard.phone, l.yard.email]) {
    if (part) doc.text(part, { width: 300 });
  }
  const leftEnd = doc.y;
  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .fillColor(INK)
    .text(l.title, 350, top, { width: 212, align: 'right' });
  doc.font('Helvetica').fontSize(11).text(l.reference, { width: 212, align: 'right' });
  doc.fontSize(9).fillColor(MUTED);
  for (const f of l.facts) doc.text(`${f.label}: ${f.value}`, { width: 212, align: 'right' });
  doc.y = Math.max(doc.y, leftEnd) + 14;
  doc.x = 50;
  if (l.banner) {
    doc.font('Helvetica-Bold').fontSize(10).fillColor(ACCENT).text(l.banner, 50, doc.y, { width: 512 });
    doc.moveDown(0.6);
  }
}

function parties(doc: Doc, l: DocumentLayout) {
  const top = doc.y;
  const block = (x: number, label: string, lines: (string | null | undefined)[]) => {
    doc.font('Helvetica-Bold').fontSize(8).fillColor(MUTED).text(label.toUpperCase(), x, top, { width: 240 });
    doc.font('Helvetica').fontSize(10).fillColor(INK);
    for (const line of lines) if (line) doc.text(line, x, doc.y, { width: 240 });
    return doc.y;
  };
  const c = l.customer;
  const left = block(50, 'Customer', [c.name, c.company, ...(c.addressLines ?? []), c.phone, c.email]);
  const right = l.boat ? block(322, 'Boat', [l.boat.name, l.boat.details]) : top;
  doc.x = 50;
  doc.y = Math.max(left, right) + 16;
}

function tableHeader(doc: Doc) {
  const y = doc.y;
  doc.font('Helvetica-Bold').fontSize(8).fillColor(MUTED);
  doc.text('KIND', COLS.kind.x, y, { width: COLS.kind.w });
  doc.text('DESCRIPTION', COLS.description.x, y, { width: COLS.description.w });
  doc.text('QTY', COLS.qty.x, y, { width: COLS.qty.w, align: 'right' });
  doc.text('UNIT', COLS.unit.x, y, { width: COLS.unit.w, align: 'right' });
  doc.text('AMOUNT', COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
  const ruleY = y + 12;
  doc.moveTo(50, ruleY).lineTo(562, ruleY).lineWidth(0.7).strokeColor(RULE).stroke();
  doc.y = ruleY + 5;
}

/** What goes under a line's description: marks, technician, part number, note. */
function lineDetail(line: PdfLine): string {
  return [
    line.declined ? 'Declined by the customer — not included' : line.optional ? 'Optional' : null,
    line.technician ? `Technician: ${line.technician}` : null,
    line.partNumber ? `Part #: ${line.partNumber}` : null,
    line.note,
  ]
    .filter(Boolean)
    .join(' · ');
}

function table(doc: Doc, lines: PdfLine[], dollars: (cents: number) => string) {
  ensureRoom(doc, 40);
  tableHeader(doc);
  for (const line of lines) {
    const detail = lineDetail(line);
    doc.font('Helvetica').fontSize(10);
    const descH = doc.heightOfString(line.description, { width: COLS.description.w });
    doc.fontSize(8);
    const detailH = detail ? doc.heightOfString(detail, { width: COLS.description.w }) + 1 : 0;
    const rowH = Math.max(descH + detailH, 12) + 6;
    if (ensureRoom(doc, rowH)) tableHeader(doc);
    const y = doc.y;
    const color = line.declined ? MUTED : INK;
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(KIND_LABEL[line.kind], COLS.kind.x, y, {
      width: COLS.kind.w,
    });
    doc
      .fontSize(10)
      .fillColor(color)
      .text(line.description, COLS.description.x, y, { width: COLS.description.w });
    if (detail) {
      doc.fontSize(8).fillColor(line.declined || line.optional ? ACCENT : MUTED);
      doc.text(detail, COLS.description.x, doc.y + 1, { width: COLS.description.w });
    }
    doc.fontSize(10).fillColor(color);
    doc.text(line.quantity, COLS.qty.x, y, { width: COLS.qty.w, align: 'right' });
    doc.text(dollars(line.unitPriceCents), COLS.unit.x, y, { width: COLS.unit.w, align: 'right' });
    doc.text(dollars(line.totalCents), COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
    if (line.declined) {
      const w = doc.widthOfString(dollars(line.totalCents));
      doc
        .moveTo(COLS.amount.x + COLS.amount.w - w, y + 5)
        .lineTo(COLS.amount.x + COLS.amount.w, y + 5)
        .lineWidth(0.6)
        .strokeColor(MUTED)
        .stroke();
    }
    doc.y = y + rowH;
    doc
      .moveTo(50, doc.y - 3)
      .lineTo(562, doc.y - 3)
      .lineWidth(0.3)
      .strokeColor(RULE)
      .stroke();
  }
  doc.y += 6;
}

function totals(
  doc: Doc,
  t: PdfTotals | null,
  after: NonNullable<DocumentLayout['after']>,
  dollars: (cents: number) => string,
) {
  const rows: { label: string; cents: number; strong?: boolean }[] = t
    ? [
        { label: 'Subtotal', cents: t.subtotalCents },
        ...t.taxes.map((x) => ({
          label: x.taxClass
            ? `Tax on ${CLASS_LABEL[x.taxClass]}${x.rateBp === null ? '' : ` (${percent(x.rateBp)})`}`
            : 'Tax',
          cents: x.cents,
        })),
        { label: 'Total', cents: t.totalCents, strong: true },
      ]
    : [];
  rows.push(...after);
  ensureRoom(doc, rows.length * 16 + 10);
  for (const r of rows) {
    const y = doc.y;
    doc
      .font(r.strong ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(r.strong ? 11 : 10)
      .fillColor(INK);
    doc.text(r.label, 300, y, { width: 176, align: 'right' });
    doc.text(dollars(r.cents), COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
    doc.y = y + (r.strong ? 17 : 15);
  }
  doc.x = 50;
  doc.y += 10;
}

function closing(doc: Doc, l: DocumentLayout) {
  for (const [label, body] of [
    ['Message', l.message],
    ['Terms', l.terms],
  ] as const) {
    if (!body) continue;
    doc.font('Helvetica').fontSize(9);
    ensureRoom(doc, Math.min(doc.heightOfString(body, { width: 512 }) + 16, 200));
    doc
      .font('Helvetica-Bold')
      .fontSize(8)
      .fillColor(MUTED)
      .text(label.toUpperCase(), 50, doc.y, { width: 512 });
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(INK)
      .text(body, 50, doc.y + 2, { width: 512 });
    doc.moveDown(0.8);
  }
}

function pageNumbers(doc: Doc, l: DocumentLayout) {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const margin = doc.page.margins.bottom;
    // Writing inside the bottom margin would start a new page; lift the margin meanwhile.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        `${l.yard.name} · ${l.title} ${l.reference} · Page ${i + 1} of ${range.count}`,
        50,
        doc.page.height - 34,
        {
          width: 512,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = margin;
  }
}
