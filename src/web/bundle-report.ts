import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface Chunk {
  type: 'chunk';
  name: string;
  isEntry: boolean;
  imports: string[];
  code: string;
}

/**
 * After a build, prints the JavaScript each area's first page downloads: the entry, the
 * area's lazily loaded chunk, and every chunk they import, raw and gzipped. The portal's
 * line is the one to watch: it is what a customer's phone loads first (docs/decisions.md).
 */
export function bundleReport(areas: readonly string[]): Plugin {
  return {
    name: 'slipway-bundle-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, Chunk>();
      for (const [file, item] of Object.entries(bundle)) {
        if (item.type === 'chunk') chunks.set(file, item as unknown as Chunk);
      }
      const entry = [...chunks.entries()].find(([, c]) => c.isEntry)?.[0];
      if (!entry) return;
      const lines = areas.map((area) => {
        const start = [...chunks.entries()].find(([, c]) => c.name === area)?.[0];
        const files = closure([entry, ...(start ? [start] : [])], chunks);
        const raw = files.reduce((n, f) => n + Buffer.byteLength(chunks.get(f)!.code), 0);
        const gz = files.reduce((n, f) => n + gzipSync(chunks.get(f)!.code).length, 0);
        return `  ${area.padEnd(16)} ${kb(raw).padStart(9)} │ gzip: ${kb(gz).padStart(9)}  (${files.length} files)`;
      });
      console.log(`\nJavaScript a first page of each area downloads:\n${lines.join('\n')}`);
    },
  };
}

function closure(roots: string[], chunks: Map<string, Chunk>): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !chunks.has(file)) return;
    seen.add(file);
    for (const dep of chunks.get(file)!.imports) visit(dep);
  };
  for (const root of roots) visit(root);
  return [...seen];
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
