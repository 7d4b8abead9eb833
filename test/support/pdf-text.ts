import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF written by pdfkit with its built-in fonts, read back from the bytes:
 * every content stream is inflated, and each text-showing operator (`Tj`, `TJ`) becomes
 * one string — the pieces of a kerned `TJ` array joined, WinAnsi hex decoded. Enough to
 * assert what a reader of the document sees; pages are separated by a form feed.
 */
export function pdfText(pdf: Buffer): { text: string; pages: number } {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const raw = pdf.toString('latin1');
  const pages = (raw.match(/\/Type \/Page\b/g) ?? []).length;
  const out: string[] = [];
  const streamRe = /<<([\s\S]*?)>>\s*stream\r?\n/g;
  for (let m = streamRe.exec(raw); m; m = streamRe.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = (/FlateDecode/.test(m[1]) ? inflateSync(bytes) : bytes).toString('latin1');
    } catch {
      continue;
    }
    if (!/\bBT\b/.test(content)) continue;
    const pieces: string[] = [];
    const opRe = /\[((?:[^\]\\]|\\.)*)\]\s*TJ|(<[0-9a-fA-F\s]*>|\((?:[^)\\]|\\.)*\))\s*Tj/g;
    for (let t = opRe.exec(content); t; t = opRe.exec(content)) {
      const body = t[1] ?? t[2];
      const strings = body.match(/<[0-9a-fA-F\s]*>|\((?:[^)\\]|\\.)*\)/g) ?? [];
      pieces.push(strings.map(decode).join(''));
    }
    out.push(pieces.join('\n'));
    streamRe.lastIndex = end;
  }
  return { text: out.join('\n\f\n'), pages };
}

function decode(s: string): string {
  if (s.startsWith('<')) {
    const hex = s.slice(1, -1).replace(/\s/g, '');
    let r = '';
    for (let i = 0; i < hex.length; i += 2) r += winAnsi(Number.parseInt(hex.slice(i, i + 2), 16));
    return r;
  }
  return s
    .slice(1, -1)
    .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) =>
      /^[0-7]/.test(e)
        ? winAnsi(Number.parseInt(e, 8))
        : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e),
    );
}

/** The WinAnsi characters pdfkit's standard fonts use outside Latin-1. */
const WIN_ANSI: Record<number, string> = {
  128: '€',
  133: '…',
  145: '‘',
  146: '’',
  147: '“',
  148: '”',
  149: '•',
  150: '–',
  151: '—',
};
const winAnsi = (code: number) => WIN_ANSI[code] ?? String.fromCharCode(code);
