import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  // Vite 8 transforms TSX with Oxc; use React's automatic JSX runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Print every bundle with its gzip size: the portal's bundle is what a customer on a
    // phone downloads first, so its size is watched (docs/decisions.md).
    reportCompressedSize: true,
    rolldownOptions: {
      onwarn(warning, warn) {
        // TanStack's "use client" markers are for server rendering, which this app does not do.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        // Libraries in their own files: they change less often than our code, so browsers keep them.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'tanstack', test: /node_modules[\\/]@tanstack[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev:web` talks to the API server started with `npx tsx src/cli.ts start`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
