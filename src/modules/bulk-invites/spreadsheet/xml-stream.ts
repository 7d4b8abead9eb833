import { type SaxesOptions, SaxesParser } from 'saxes';
import { SpreadsheetError } from './spreadsheet-error.js';

export const DAMAGED =
  'The .xlsx file is damaged and cannot be read. Open it in Excel, save it again and upload again.';

/** `x:row` and `row` are the same element: writers differ in namespace prefixes. */
export const localName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** OOXML escapes characters XML cannot hold as `_x000D_`; `_x005F_` is a literal underscore. */
export function decodeOoxmlText(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Raw XML characters one cell may take: every character written as `_xHHHH_` is 7. */
export const rawCellChars = (cellChars: number) => 7 * cellChars;

/** Deeper than any part Excel writes (a sheet's inline rich text is 7 levels). */
const MAX_DEPTH = 64;
/** More attributes on one element than any part Excel writes. */
const MAX_ATTRIBUTES = 256;

export function newSaxParser(): SaxesParser<SaxesOptions & { xmlns: false }> {
  const parser = new SaxesParser({ xmlns: false });
  parser.on('error', () => {
    throw new SpreadsheetError(DAMAGED, null, null);
  });
  // saxes never expands a DTD's entities, but nothing Excel writes has a DTD: refuse it
  // rather than read a part whose meaning depends on one.
  parser.on('doctype', () => {
    throw new SpreadsheetError(
      'The .xlsx file holds a document type declaration (<!DOCTYPE>), which Excel never writes. Save it again from Excel as .xlsx or CSV and upload again.',
      null,
      null,
    );
  });
  return parser;
}

/**
 * saxes keeps a text, an attribute value, a comment, a CDATA section or a DTD whole until it
 * ends, and only then hands it on; saxes 6 holds them in these fields. Reading them after
 * each chunk is the one way to stop a single gigabyte-long text before it is in memory.
 */
interface SaxesBuffers {
  text: string;
  name: string;
  entity: string;
  attribList: unknown[];
  tags: unknown[];
}

function buffersOf(parser: SaxesParser): SaxesBuffers {
  const inner = parser as unknown as SaxesBuffers;
  if (typeof inner.text !== 'string' || !Array.isArray(inner.tags) || !Array.isArray(inner.attribList)) {
    throw new Error('saxes no longer keeps its buffers where the spreadsheet reader bounds them');
  }
  return inner;
}

export interface FeedLimits {
  /** Most characters saxes may hold for one text, attribute, comment or name. */
  pending: number;
  /** The error for a text longer than `pending`, naming the cell being read when there is one. */
  tooLong: () => SpreadsheetError;
}

/** Feeds a decompressed part through the parser chunk by chunk, never holding the whole XML. */
export async function* feed(
  parser: SaxesParser,
  stream: AsyncIterable<Buffer>,
  limits: FeedLimits,
): AsyncGenerator<void> {
  const buffers = buffersOf(parser);
  const decoder = new TextDecoder('utf-8');
  // The time budget is checked as each part inflates (PartMeter), before any chunk gets here.
  const check = () => {
    const pending = Math.max(buffers.text.length, buffers.name.length, buffers.entity.length);
    if (pending > limits.pending) throw limits.tooLong();
    if (buffers.tags.length > MAX_DEPTH || buffers.attribList.length > MAX_ATTRIBUTES) {
      throw new SpreadsheetError(DAMAGED, null, null);
    }
  };
  for await (const chunk of stream) {
    parser.write(decoder.decode(chunk, { stream: true }));
    check();
    yield;
  }
  parser.write(decoder.decode());
  parser.close();
  yield;
}
