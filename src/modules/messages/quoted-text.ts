/**
 * The new part of an emailed reply (docs/messages.md): everything from the first line that
 * starts quoted history is cut — "On … wrote:" (also wrapped over two lines, and a few
 * other languages), "-----Original Message-----", an Outlook "From:" header block after a
 * rule or blank line, a signature separator "-- " — and any remaining line quoted with ">".
 */
const ATTRIBUTION = /^(on|am|le|el|op|il)\s.+(wrote|schrieb|a écrit|escribió|schreef|ha scritto)\s*:?\s*$/i;
const ATTRIBUTION_START = /^(on|am|le|el|op|il)\s.+/i;
const ATTRIBUTION_END = /(wrote|schrieb|a écrit|escribió|schreef|ha scritto)\s*:?\s*$/i;
const ORIGINAL = /^-{2,}\s*(original message|forwarded message|reply message)\s*-{2,}\s*$/i;
const OUTLOOK_RULE = /^_{8,}\s*$/;
const OUTLOOK_FROM = /^\*?from:\*?\s.+/i;
const SIGNATURE = /^--\s?$/;

export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    if (ATTRIBUTION.test(t)) break;
    if (ATTRIBUTION_START.test(t) && i + 1 < lines.length && ATTRIBUTION_END.test(lines[i + 1].trim())) break;
    if (ORIGINAL.test(t) || OUTLOOK_RULE.test(t)) break;
    if (OUTLOOK_FROM.test(t) && (i === 0 || lines[i - 1].trim() === '')) {
      // Outlook's quoted header: "From:" followed within a few lines by "Sent:" or "Date:".
      const next = lines.slice(i + 1, i + 4).map((l) => l.trim());
      if (next.some((l) => /^\*?(sent|date):\*?\s/i.test(l))) break;
    }
    if (line === '-- ' || SIGNATURE.test(line)) break;
    if (t.startsWith('>')) continue;
    kept.push(line.replace(/\s+$/, ''));
  }
  while (kept.length && kept[kept.length - 1].trim() === '') kept.pop();
  while (kept.length && kept[0].trim() === '') kept.shift();
  return kept.join('\n');
}
