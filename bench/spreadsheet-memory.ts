/**
 * Memory and time of reading a 100,000-row invite template: `npx tsx bench/spreadsheet-memory.ts`.
 *
 * Writes a realistic .xlsx with exceljs (shared strings, as Excel saves; unique emails and
 * names, numeric customer numbers and phones) and the same rows as CSV, then reads each in a
 * fresh child process — so one reader's heap does not inflate the next — with Slipway's
 * reader and with ExcelJS's streaming WorkbookReader. Prints peak RSS above the child's idle
 * RSS (sampled every 20 ms) and wall time. BENCH_ROWS overrides the row count.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { readTemplateRows } from '../src/modules/bulk-invites/spreadsheet/index.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const READERS = ['slipway-xlsx', 'exceljs-stream-xlsx', 'slipway-csv'] as const;
type Reader = (typeof READERS)[number];

function person(i: number) {
  return [
    100_001 + i,
    `customer.${i}@example-yard.test`,
    `First${i}`,
    `Last${(i * 7919) % 1_000_003}`,
    3_055_500_000 + i,
  ];
}

async function writeFiles(dir: string) {
  const xlsx = join(dir, 'template.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true });
  const sheet = wb.addWorksheet('Customers');
  sheet.addRow(['Customer number', 'Email', 'First name', 'Last name', 'Phone']).commit();
  for (let i = 0; i < ROWS; i++) sheet.addRow(person(i)).commit();
  sheet.commit();
  await wb.commit();
  const csv = join(dir, 'template.csv');
  const out = createWriteStream(csv);
  out.write('Customer number,Email,First name,Last name,Phone\r\n');
  for (let i = 0; i < ROWS; i++) out.write(`${person(i).join(',')}\r\n`);
  await new Promise((resolve) => out.end(resolve));
  return { xlsx, csv };
}

async function read(reader: Reader, file: string): Promise<number> {
  let rows = 0;
  if (reader === 'exceljs-stream-xlsx') {
    const wb = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit' });
    for await (const sheet of wb) for await (const _ of sheet) rows++;
    return rows - 1; // header
  }
  const kind = reader === 'slipway-csv' ? 'csv' : 'xlsx';
  for await (const _ of readTemplateRows(createReadStream(file), { kind, maxRows: ROWS })) rows++;
  return rows;
}

/** In the child: idle RSS after GC, then peak RSS while reading. */
async function measure(reader: Reader, file: string) {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const idle = process.memoryUsage().rss;
  let peak = idle;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const rows = await read(reader, file);
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  console.log(
    JSON.stringify({ reader, rows, ms: Math.round(ms), idleMB: mb(idle), peakDeltaMB: mb(peak - idle) }),
  );
}

async function main() {
  const [mode, reader, file] = process.argv.slice(2);
  if (mode === '--child') return measure(reader as Reader, file);
  const dir = mkdtempSync(join(tmpdir(), 'slipway-sheet-bench-'));
  try {
    const files = await writeFiles(dir);
    console.log(
      `${ROWS} rows: .xlsx ${statSync(files.xlsx).size} bytes, CSV ${statSync(files.csv).size} bytes`,
    );
    for (const r of READERS) {
      const file = r.endsWith('csv') ? files.csv : files.xlsx;
      const args = [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--child', r, file];
      const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
      process.stdout.write(child.stdout || child.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
