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

export function newSaxParser(): SaxesParser<SaxesOptions & { xmlns: false }> {
  const parser = new SaxesParser({ xmlns: false });
  parser.on('error', () => {
    throw new SpreadsheetError(DAMAGED, null, null);
  });
  return parser;
}

/** Feeds a decompressed part through the parser chunk by chunk, never holding the whole XML. */
export async function* feed(parser: SaxesParser, stream: AsyncIterable<Buffer>): AsyncGenerator<void> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) {
    parser.write(decoder.decode(chunk, { stream: true }));
    yield;
  }
  parser.write(decoder.decode());
  parser.close();
  yield;
}
