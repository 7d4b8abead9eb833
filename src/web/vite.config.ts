import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { bundleReport } from './bundle-report';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [bundleReport(['portal-area', 'dashboard-area', 'mailbox-area'])],
  // Preact's React compatibility layer in the browser bundle: the same components and
  // libraries at a tenth of react-dom's size, so a portal page on a phone loads ~100 kB
  // less (docs/decisions.md). Tests in jsdom render with React itself.
  resolve: {
    alias: [
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
      { find: /^react$/, replacement: 'preact/compat' },
    ],
  },
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
        // TanStack Router probes for React 19's `use` and falls back when it is missing, as
        // it is in Preact's compat layer.
        if (warning.code === 'IMPORT_IS_UNDEFINED' && warning.message.includes('`use`')) return;
        warn(warning);
      },
      output: {
        // Libraries in their own files: they change less often than our code, so browsers keep them.
        codeSplitting: {
          groups: [
            { name: 'preact', test: /node_modules[\\/]preact[\\/]/ },
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
