#!/usr/bin/env node
// The `slipway` command (start, web, worker, migrate, seed): runs the TypeScript CLI through
// tsx, a dependency, so an installed checkout needs no build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('../src/cli.ts', import.meta.url);
