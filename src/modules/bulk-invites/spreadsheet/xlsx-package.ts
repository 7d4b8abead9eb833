import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { SpreadsheetError } from './spreadsheet-error.js';
import { DAMAGED, decodeOoxmlText, feed, localName, newSaxParser } from './xml-stream.js';

/** Shared strings are kept in memory; refuse a part no real 100,000-row template comes near. */
const MAX_SHARED_STRINGS_BYTES = 200 << 20;

export interface XlsxPackage {
  /** The first visible worksheet, decompressed as it streams. */
  openSheet(): Promise<Readable>;
  sharedStrings: string[];
}

function openZip(buffer: Buffer): Promise<Map<string, Entry> & { zip: ZipFile }> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(new SpreadsheetError(DAMAGED, null, null));
      const entries = Object.assign(new Map<string, Entry>(), { zip });
      zip.on('entry', (entry: Entry) => {
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

async function partStream(
  entries: Awaited<ReturnType<typeof openZip>>,
  path: string,
): Promise<Readable | null> {
  const entry = entries.get(path.toLowerCase());
  if (!entry) return null;
  return new Promise((resolve, reject) => {
    entries.zip.openReadStream(entry, (err, stream) =>
      err || !stream ? reject(new SpreadsheetError(DAMAGED, null, null)) : resolve(stream),
    );
  });
}

/** Calls `onTag` with every element's local name and attributes. */
async function scanTags(
  stream: Readable | null,
  onTag: (name: string, attrs: Record<string, string>) => void,
) {
  if (!stream) return;
  const parser = newSaxParser();
  parser.on('opentag', (tag) => onTag(localName(tag.name), tag.attributes));
  for await (const _ of feed(parser, stream));
}

/** Relationship targets by id and by type (its last path segment), resolved from the package root. */
async function relationships(entries: Awaited<ReturnType<typeof openZip>>, part: string) {
  const rels = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  await scanTags(await partStream(entries, rels), (name, a) => {
    if (name !== 'Relationship' || !a.Target || a.TargetMode === 'External') return;
    const target = a.Target.startsWith('/')
      ? a.Target.slice(1)
      : posix.normalize(posix.join(posix.dirname(part), a.Target));
    byId.set(a.Id, target);
    const type = a.Type?.split('/').pop();
    if (type && !byType.has(type)) byType.set(type, target);
  });
  return { byId, byType };
}

async function readSharedStrings(stream: Readable | null, size: number): Promise<string[]> {
  if (!stream) return [];
  if (size > MAX_SHARED_STRINGS_BYTES) {
    throw new SpreadsheetError(
      'The .xlsx file holds too much text to read. Split it into several files.',
      null,
      null,
    );
  }
  const strings: string[] = [];
  const parser = newSaxParser();
  let text = '';
  let inText = false;
  let phonetic = 0; // <rPh> runs hold furigana, not part of the value
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') text = '';
    else if (name === 'rPh') phonetic++;
    else if (name === 't' && !phonetic && !tag.isSelfClosing) inText = true;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') strings.push(decodeOoxmlText(text));
    else if (name === 'rPh') phonetic--;
    else if (name === 't') inText = false;
  });
  parser.on('text', (t) => {
    if (inText) text += t;
  });
  parser.on('cdata', (t) => {
    if (inText) text += t;
  });
  for await (const _ of feed(parser, stream));
  return strings;
}

/** Opens a workbook held in memory (uploads are at most ~10 MB compressed). */
export async function openXlsx(buffer: Buffer): Promise<XlsxPackage> {
  const entries = await openZip(buffer);
  const root = await relationships(entries, '');
  const workbook = root.byType.get('officeDocument') ?? 'xl/workbook.xml';
  if (!entries.has(workbook.toLowerCase())) {
    throw new SpreadsheetError(
      'The file is a zip archive but not an Excel workbook. Save it from your spreadsheet app as .xlsx or CSV and upload again.',
      null,
      null,
    );
  }
  const sheets: { rid: string; visible: boolean }[] = [];
  await scanTags(await partStream(entries, workbook), (name, a) => {
    if (name !== 'sheet') return;
    const rid = Object.entries(a).find(([k]) => localName(k) === 'id' && k.includes(':'))?.[1];
    if (rid) sheets.push({ rid, visible: !a.state || a.state === 'visible' });
  });
  const rels = await relationships(entries, workbook);
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
  const stringsEntry = entries.get(stringsPath.toLowerCase());
  const sharedStrings = await readSharedStrings(
    await partStream(entries, stringsPath),
    stringsEntry?.uncompressedSize ?? 0,
  );
  return {
    sharedStrings,
    openSheet: async () => (await partStream(entries, sheetPath))!,
  };
}
