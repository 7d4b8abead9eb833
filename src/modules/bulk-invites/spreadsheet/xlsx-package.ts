import { posix } from 'node:path';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type Deadline, overBudget, type ReadBudget } from './read-budget.js';
import { SpreadsheetError } from './spreadsheet-error.js';
import {
  DAMAGED,
  decodeOoxmlText,
  type FeedLimits,
  feed,
  localName,
  newSaxParser,
  rawCellChars,
} from './xml-stream.js';

export interface XlsxPackage {
  /** The first visible worksheet, decompressed as it streams. */
  openSheet(): Promise<Readable>;
  sharedStrings: string[];
}

interface Reading {
  budget: ReadBudget;
  deadline: Deadline;
}

type Entries = Map<string, Entry> & { zip: ZipFile };

/** More parts, sheets or relationships than a workbook has; each is kept while the package opens. */
const MAX_PARTS = 10_000;

function openZip(buffer: Buffer): Promise<Entries> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(new SpreadsheetError(DAMAGED, null, null));
      const entries = Object.assign(new Map<string, Entry>(), { zip });
      zip.on('entry', (entry: Entry) => {
        if (entries.size >= MAX_PARTS) {
          zip.close();
          return reject(new SpreadsheetError(DAMAGED, null, null));
        }
        // Part names are case-insensitive in the packaging spec.
        entries.set(entry.fileName.replace(/^\//, '').toLowerCase(), entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', () => reject(new SpreadsheetError(DAMAGED, null, null)));
      zip.readEntry();
    });
  });
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Counts what a part inflates to as it streams, never trusting the sizes the zip declares:
 * more than the budget, a compression ratio no spreadsheet app reaches, more bytes than the
 * central directory said, or a wrong CRC stop the read (and the inflater) at once.
 */
class PartMeter extends Transform {
  private inflated = 0;
  private crc = 0;

  constructor(
    private readonly entry: Entry,
    private readonly name: string,
    private readonly compressed: () => number,
    private readonly reading: Reading,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    const { budget, deadline } = this.reading;
    try {
      deadline.check();
      if (this.inflated === 0 && chunk.subarray(0, 4).equals(ZIP_SIGNATURE)) {
        throw new SpreadsheetError(
          `The file's ${this.name} is itself a zip archive, not the XML Excel writes. Save it again from Excel as .xlsx or CSV and upload again.`,
          null,
          null,
        );
      }
      this.inflated += chunk.length;
      if (this.inflated > budget.partBytes) throw overBudget.partBytes(budget, this.name);
      if (
        this.inflated > budget.ratioAfterBytes &&
        this.inflated > budget.partRatio * Math.max(1, this.compressed())
      ) {
        throw overBudget.partRatio(budget, this.name);
      }
      if (this.inflated > this.entry.uncompressedSize) throw new SpreadsheetError(DAMAGED, null, null);
      this.crc = crc32(chunk, this.crc);
      done(null, chunk);
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    const whole = this.inflated === this.entry.uncompressedSize && this.crc === this.entry.crc32 >>> 0;
    done(whole ? null : new SpreadsheetError(DAMAGED, null, null));
  }
}

/** What staff call the part in messages. */
function partName(path: string): string {
  if (/sharedstrings/i.test(path)) return 'shared text (sharedStrings.xml)';
  if (/worksheets\//i.test(path)) return 'sheet';
  return `part ${posix.basename(path)}`;
}

async function partStream(entries: Entries, path: string, reading: Reading): Promise<Readable | null> {
  const entry = entries.get(path.toLowerCase());
  if (!entry) return null;
  if (entry.isEncrypted() || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)) {
    throw new SpreadsheetError(DAMAGED, null, null);
  }
  // The raw bytes, inflated here: yauzl's own inflater can neither say how many compressed
  // bytes it has taken in (for the ratio) nor check the CRC.
  const raw = await new Promise<Readable>((resolve, reject) => {
    entries.zip.openReadStream(entry, { decodeFileData: false }, (err, stream) =>
      err || !stream ? reject(new SpreadsheetError(DAMAGED, null, null)) : resolve(stream),
    );
  });
  const name = partName(path);
  if (entry.compressionMethod === 0) {
    let read = 0;
    const meter = new PartMeter(entry, name, () => read, reading);
    raw.on('data', (chunk: Buffer) => {
      read += chunk.length;
    });
    return pipeline(raw, meter, () => {});
  }
  const inflate = createInflateRaw();
  const meter = new PartMeter(entry, name, () => inflate.bytesWritten, reading);
  // pipeline destroys the raw stream and the inflater with the meter: a refused part stops inflating.
  return pipeline(raw, inflate, meter, () => {});
}

/** Any error out of a part becomes a sentence for staff; inflate and CRC errors mean damage. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof SpreadsheetError ? err : new SpreadsheetError(DAMAGED, null, null);
  }
}

const tooLongIn = (reading: Reading) => () =>
  new SpreadsheetError(
    `The .xlsx file holds a text longer than ${reading.budget.cellChars.toLocaleString('en-US')} characters. Shorten it (or delete the column) and upload again.`,
    null,
    null,
  );

/** The limits a part's XML is fed with, outside any cell. */
export const partLimits = (reading: Reading, tooLong = tooLongIn(reading)): FeedLimits => ({
  pending: Math.max(16 * 1024, rawCellChars(reading.budget.cellChars)),
  tooLong,
});

/** Calls `onTag` with every element's local name and attributes. */
async function scanTags(
  stream: Readable | null,
  reading: Reading,
  onTag: (name: string, attrs: Record<string, string>) => void,
) {
  if (!stream) return;
  const parser = newSaxParser();
  parser.on('opentag', (tag) => onTag(localName(tag.name), tag.attributes));
  try {
    for await (const _ of feed(parser, stream, partLimits(reading)));
  } finally {
    stream.destroy();
  }
}

function keep<K, V>(map: Map<K, V>, key: K, value: V) {
  if (map.size >= MAX_PARTS) throw new SpreadsheetError(DAMAGED, null, null);
  map.set(key, value);
}

/** Relationship targets by id and by type (its last path segment), resolved from the package root. */
async function relationships(entries: Entries, part: string, reading: Reading) {
  const rels = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  await scanTags(await partStream(entries, rels, reading), reading, (name, a) => {
    if (name !== 'Relationship' || !a.Target || a.TargetMode === 'External') return;
    const target = a.Target.startsWith('/')
      ? a.Target.slice(1)
      : posix.normalize(posix.join(posix.dirname(part), a.Target));
    keep(byId, a.Id, target);
    const type = a.Type?.split('/').pop();
    if (type && !byType.has(type)) keep(byType, type, target);
  });
  return { byId, byType };
}

/** Every shared string, kept in memory for the sheet's cells: their count and characters are budgeted. */
async function readSharedStrings(stream: Readable | null, reading: Reading): Promise<string[]> {
  if (!stream) return [];
  const { budget } = reading;
  const strings: string[] = [];
  const parser = newSaxParser();
  let text = '';
  let chars = 0;
  let inText = false;
  let phonetic = 0; // <rPh> runs hold furigana, not part of the value
  const tooLong = () =>
    new SpreadsheetError(
      `The .xlsx file holds a text of more than ${budget.cellChars.toLocaleString('en-US')} characters (shared text ${strings.length + 1}). A cell holds at most that many; shorten it (or delete the column) and upload again.`,
      null,
      null,
    );
  const append = (t: string) => {
    if (!inText) return;
    text += t;
    if (text.length > rawCellChars(budget.cellChars)) throw tooLong();
  };
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') text = '';
    else if (name === 'rPh') phonetic++;
    else if (name === 't' && !phonetic && !tag.isSelfClosing) inText = true;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') {
      const value = decodeOoxmlText(text);
      if (value.length > budget.cellChars) throw tooLong();
      chars += value.length;
      if (chars > budget.sharedStringChars) throw overBudget.sharedStringChars(budget);
      if (strings.length >= budget.sharedStrings) throw overBudget.sharedStrings(budget);
      strings.push(value);
      text = '';
    } else if (name === 'rPh') phonetic--;
    else if (name === 't') inText = false;
  });
  parser.on('text', append);
  parser.on('cdata', append);
  try {
    for await (const _ of feed(parser, stream, partLimits(reading, tooLong)));
  } finally {
    stream.destroy();
  }
  return strings;
}

/** Opens a workbook held in memory (uploads are at most ~10 MB compressed). */
export async function openXlsx(buffer: Buffer, reading: Reading): Promise<XlsxPackage> {
  return guarded(async () => {
    const entries = await openZip(buffer);
    const root = await relationships(entries, '', reading);
    const workbook = root.byType.get('officeDocument') ?? 'xl/workbook.xml';
    if (!entries.has(workbook.toLowerCase())) {
      throw new SpreadsheetError(
        'The file is a zip archive but not an Excel workbook. Save it from your spreadsheet app as .xlsx or CSV and upload again.',
        null,
        null,
      );
    }
    const sheets: { rid: string; visible: boolean }[] = [];
    await scanTags(await partStream(entries, workbook, reading), reading, (name, a) => {
      if (name !== 'sheet') return;
      if (sheets.length >= MAX_PARTS) throw new SpreadsheetError(DAMAGED, null, null);
      const rid = Object.entries(a).find(([k]) => localName(k) === 'id' && k.includes(':'))?.[1];
      if (rid) sheets.push({ rid, visible: !a.state || a.state === 'visible' });
    });
    const rels = await relationships(entries, workbook, reading);
    const first = sheets.find((s) => s.visible) ?? sheets[0];
    const sheetPath = first && rels.byId.get(first.rid);
    if (!sheetPath || !entries.has(sheetPath.toLowerCase())) {
      throw new SpreadsheetError(
        'The .xlsx file has no worksheet. Put the customers on the first sheet and upload again.',
        null,
        null,
      );
    }
    const stringsPath = rels.byType.get('sharedStrings') ?? 'xl/sharedStrings.xml';
    const sharedStrings = await readSharedStrings(await partStream(entries, stringsPath, reading), reading);
    return {
      sharedStrings,
      openSheet: async () => (await guarded(() => partStream(entries, sheetPath, reading)))!,
    };
  });
}
