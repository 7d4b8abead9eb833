import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { PreviewInputRow } from './batch-preview.js';

/**
 * Reads every row of an upload into a file of parsed rows (one JSON object a line) before
 * anything touches the database: a file that turns out unreadable at row 90,000 has
 * written nothing, and no transaction or pooled connection waits while a client's bytes
 * are parsed. Memory stays flat whatever the file's size.
 */
export async function stageRows<T = PreviewInputRow>(rows: AsyncIterable<T>, path: string): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  try {
    for await (const row of rows) {
      if (!out.write(`${JSON.stringify(row)}\n`)) await Promise.race([once(out, 'drain'), failed]);
    }
  } finally {
    out.end();
    await Promise.race([once(out, 'close'), failed]);
  }
}

/** The rows stageRows wrote, in file order. */
export async function* readStagedRows<T = PreviewInputRow>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line) yield JSON.parse(line) as T;
  }
}
