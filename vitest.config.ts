import { defineConfig } from 'vitest/config';

export default defineConfig({
  // React's automatic JSX runtime for the component tests (src/web/**/*.test.tsx).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  test: {
    // Component tests (*.test.tsx) choose jsdom with a `// @vitest-environment jsdom` line;
    // everything else runs in Node.
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // PGlite takes seconds to open: each file opens one database per engine and the
    // tests inside it make their own yard, so they never see each other's rows.
    testTimeout: 30_000,
    // expect.poll waits for what a user would wait for (a page after a password is hashed, a
    // mail from the worker); its 1 s default is too short on a machine busy with other tests.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
