import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Uploads an attacker would send, built for the tests. A huge part is one compressed
 * megabyte repeated: deflate blocks ended by a full flush can be concatenated, so a
 * gigabyte-sized part is written in well under a second and never sits in memory here.
 */

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** `head`, then `piece` repeated up to `bytes` (in 1 MB runs), then `tail`. */
export interface Repeated {
  head: string;
  piece: string;
  bytes: number;
  tail: string;
}
type Part = string | Buffer | Repeated;

export const SHEET_PATH = 'xl/worksheets/sheet1.xml';

const segment = (data: Buffer) => deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH });

function deflated(part: Part): { data: Buffer; crc: number; size: number } {
  if (typeof part === 'string' || Buffer.isBuffer(part)) {
    const data = Buffer.from(part);
    return { data: deflateRawSync(data), crc: crc32(data), size: data.length };
  }
  const head = Buffer.from(part.head);
  const tail = Buffer.from(part.tail);
  const runBytes = Math.min(1 << 20, part.bytes);
  const run = Buffer.from(part.piece.repeat(Math.max(1, Math.floor(runBytes / part.piece.length))));
  const runs = Math.ceil(part.bytes / run.length);
  let crc = crc32(head);
  for (let i = 0; i < runs; i++) crc = crc32(run, crc);
  crc = crc32(tail, crc);
  const block = segment(run);
  const data = Buffer.concat([
    segment(head),
    ...Array.from({ length: runs }, () => block),
    segment(tail),
    deflateRawSync(Buffer.alloc(0)),
  ]);
  return { data, crc, size: head.length + runs * run.length + tail.length };
}

/** A zip of deflated parts, written by hand so the sizes and CRCs are ours to choose. */
function zipOf(parts: [path: string, part: Part][]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [path, part] of parts) {
    const name = Buffer.from(path);
    const { data, crc, size } = deflated(part);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    header.copy(record, 8, 6, 30); // flags, method, time, date, crc, sizes, name length
    record.writeUInt16LE(0, 30);
    record.writeUInt32LE(offset, 42);
    local.push(header, name, data);
    central.push(record, name);
    offset += header.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

/** A minimal workbook whose first sheet (and shared strings) are the given parts. */
export async function xlsxOf(sheet: Part, sharedStrings?: Part): Promise<Buffer> {
  const parts: [string, Part][] = [
    [
      '_rels/.rels',
      `<Relationships xmlns="${PKG_REL}"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<workbook ${MAIN} xmlns:r="${REL}"><sheets><sheet name="Customers" sheetId="1" r:id="s1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="${PKG_REL}"><Relationship Id="s1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="s2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    [SHEET_PATH, sheet],
  ];
  if (sharedStrings !== undefined) parts.push(['xl/sharedStrings.xml', sharedStrings]);
  return zipOf(parts);
}

/** A sheet around `rows` (XML), with the template's header in row 1. */
export const sheetOf = (rows: string) =>
  `<worksheet ${MAIN}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c></row>${rows}</sheetData></worksheet>`;

/** A sheet whose rows are `piece` repeated up to `bytes`, between `head` and `tail`. */
export function repeatedSheet(piece: string, bytes: number, head = '', tail = ''): Repeated {
  const [open, close] = sheetOf('\u0000').split('\u0000');
  return { head: open + head, piece, bytes, tail: tail + close };
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** Central directory records (PK\x01\x02) of a zip, with the offset of each part's name. */
function centralRecord(zip: Buffer, path: string): number {
  const name = Buffer.from(path);
  for (let at = zip.indexOf('PK\x01\x02'); at >= 0; at = zip.indexOf('PK\x01\x02', at + 4)) {
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.subarray(at + 46, at + 46 + nameLength).equals(name)) return at;
  }
  throw new Error(`no ${path} in the zip`);
}

/** The corpus: each file, the budget it targets and (part of) the sentence it is refused with. */
export const hostile = {
  /** `JBOLTQ1`: column index ~120,000,000. */
  hugeColumn: () => xlsxOf(sheetOf(`<row r="2">${inline('JBOLTQ2', 'a@b.test')}</row>`)),
  hugeColumnLetters: () => xlsxOf(sheetOf(`<row r="2">${inline(`${'Z'.repeat(1000)}2`, 'x')}</row>`)),
  hugeRow: () => xlsxOf(sheetOf(`<row r="2000000">${inline('A2000000', 'a@b.test')}</row>`)),
  hugeCellRow: (ref: string) => xlsxOf(sheetOf(`<row r="2">${inline(ref, 'a@b.test')}</row>`)),
  /** A row of `cells` cells (63M cells is the attacker's version). */
  wideRow: (cells: number) => xlsxOf(repeatedSheet('<c><v>1</v></c>', cells * 15, '<row r="2">', '</row>')),
  /** `rows` rows holding nothing, numbered (so they compress like real ones). */
  blankRowsXlsx: (rows: number) =>
    xlsxOf(sheetOf(Array.from({ length: rows }, (_, i) => `<row r="${i + 2}"/>`).join(''))),
  /** Millions of `<row/>`: 2 GB of XML in a few MB. */
  rowBomb: (bytes: number) => xlsxOf(repeatedSheet('<row/>', bytes)),
  blankRowsCsv: (rows: number) => Buffer.from(`Email\r\n${'\r\n'.repeat(rows)}`),
  /** Shared strings that inflate `bytes` of `<si>`s. */
  sharedStringsBomb: (bytes: number) =>
    xlsxOf(sheetOf(''), { head: `<sst ${MAIN}>`, piece: '<si><t>x</t></si>', bytes, tail: '</sst>' }),
  sharedStrings: (texts: string[]) =>
    xlsxOf(sheetOf(''), `<sst ${MAIN}>${texts.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`),
  /** Elements Slipway ignores: no rows, no text, just inflated bytes. */
  ignoredMarkup: (bytes: number) => xlsxOf(repeatedSheet('<x/>', bytes)),
  /** A single inline-string cell of `bytes` characters. */
  longCell: (bytes: number) =>
    xlsxOf(repeatedSheet('a', bytes, '<row r="2"><c r="A2" t="inlineStr"><is><t>', '</t></is></c></row>')),
  billionLaughs: () =>
    xlsxOf(
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`,
      ).join('')}]>${sheetOf(`<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>`)}`,
    ),
  /** A good workbook whose sheet's CRC in the central directory is wrong. */
  badCrc: async () => {
    const zip = await xlsxOf(sheetOf(`<row r="2">${inline('A2', 'a@b.test')}</row>`));
    const at = centralRecord(zip, SHEET_PATH);
    zip.writeUInt32LE(zip.readUInt32LE(at + 16) ^ 0xffff, at + 16);
    return zip;
  },
  /** A central directory that says the sheet unpacks to `declared` bytes (`bytes` of markup in truth). */
  lyingSizes: async (declared: number, bytes = 0) => {
    const zip = await xlsxOf(repeatedSheet('<x/>', bytes, `<row r="2">${inline('A2', 'a@b.test')}</row>`));
    zip.writeUInt32LE(declared, centralRecord(zip, SHEET_PATH) + 24);
    return zip;
  },
  /** A zip where the sheet should be: here, a sheet bomb. */
  nestedZip: async () => xlsxOf(await hostile.rowBomb(50 << 20)),
  /** A CSV with one cell of `bytes` characters. */
  longCsvCell: (bytes: number) =>
    Buffer.concat([Buffer.from('Email\r\n"'), Buffer.alloc(bytes, 'a'), Buffer.from('"\r\n')]),
  wideCsvRow: (cells: number) => Buffer.from(`Email\r\na@b.test${','.repeat(cells)}\r\n`),
};
