import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/msw.ts'],
    format: ['esm', 'cjs'],
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    // Same file names as the neutral packages: .js (ESM, "type": "module") and .cjs.
    fixedExtension: false,
  },
  {
    // The `quickbi-emulator` bin: ESM only (it uses top-level await).
    entry: ['src/cli.ts'],
    format: ['esm'],
    platform: 'node',
    dts: false,
    clean: false,
    fixedExtension: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
