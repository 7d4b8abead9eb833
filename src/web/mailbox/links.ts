/** The http(s) links of an email, from the plain-text body, else from the HTML's hrefs. */
export function extractLinks(text: string | null, html: string | null): string[] {
  const found: string[] = [];
  const add = (raw: string) => {
    const url = raw.replace(/&amp;/g, '&').replace(/[).,;:!?'"\]>]+$/, '');
    if (/^https?:\/\/\S+$/.test(url) && !found.includes(url)) found.push(url);
  };
  for (const match of (text ?? '').matchAll(/https?:\/\/[^\s<>"']+/g)) add(match[0]);
  if (found.length === 0 && html) {
    for (const match of html.matchAll(/href\s*=\s*["'](https?:\/\/[^"']+)["']/gi)) add(match[1]);
  }
  return found;
}

/** Makes links in the sandboxed HTML open in a new tab (the sandbox allows popups, not scripts). */
export function withBaseTarget(html: string): string {
  const base = '<base target="_blank">';
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (head) => `${head}${base}`);
  return `${base}${html}`;
}
