import type PDFDocument from 'pdfkit';
import { SIGNATURE_BOX } from '../../shared/api-schemas/signature.js';

type Doc = InstanceType<typeof PDFDocument>;

/** Who signed an estimate's approval, as its PDF shows it. */
export interface PdfSignature {
  name: string;
  /** The stored SVG path (src/shared/api-schemas/signature.ts), drawn as vector strokes. */
  path: string;
  /** ISO time of the approval. */
  at: string;
  ip: string | null;
  /** The yard's time zone, in which the time is shown (UTC when not given). */
  timeZone?: string | null;
}

const INK = '#1f2933';
const MUTED = '#5f6b76';
const RULE = '#c9d2da';
/** The drawing's size on the page: the 600×200 box at 40 %. */
const SCALE = 0.4;

/** "2026-12-05T14:03:09.000Z" in America/New_York → "2026-12-05 09:03 (America/New_York)"; UTC without a zone. */
export function signedAtText(iso: string, timeZone?: string | null): string {
  if (!timeZone || timeZone === 'UTC') return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  try {
    const at = new Date(iso);
    const day = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    return `${day.format(at)} ${time.format(at)} (${timeZone})`;
  } catch {
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  }
}

/**
 * The signature under the totals: the drawing as vector strokes over a line, then the typed
 * name, the time and the address it came from. The path is the server's canonical one
 * (only M and L commands with integers), so pdfkit draws exactly the strokes stored.
 */
export function signatureBlock(doc: Doc, sig: PdfSignature, ensureRoom: (height: number) => void) {
  const height = SIGNATURE_BOX.height * SCALE;
  ensureRoom(height + 60);
  const x = 50;
  doc
    .font('Helvetica-Bold')
    .fontSize(8)
    .fillColor(MUTED)
    .text('APPROVED AND SIGNED', x, doc.y, { width: 512 });
  const top = doc.y + 4;
  doc.save();
  doc.translate(x, top).scale(SCALE);
  doc
    .path(sig.path)
    .lineWidth(2.5 / SCALE / 2)
    .lineCap('round')
    .lineJoin('round')
    .strokeColor(INK)
    .stroke();
  doc.restore();
  const base = top + height + 2;
  doc
    .moveTo(x, base)
    .lineTo(x + SIGNATURE_BOX.width * SCALE, base)
    .lineWidth(0.75)
    .strokeColor(RULE)
    .stroke();
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(INK)
    .text(`Approved and signed by ${sig.name}`, x, base + 6, { width: 512 });
  doc
    .fontSize(8)
    .fillColor(MUTED)
    .text(`${signedAtText(sig.at, sig.timeZone)}${sig.ip ? ` · from ${sig.ip}` : ''}`, x, doc.y + 1, {
      width: 512,
    });
  doc.x = 50;
  doc.moveDown(1);
}
