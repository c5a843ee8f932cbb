import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/msw.ts', 'src/playwright.ts'],
    format: ['esm', 'cjs'],
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    // Same file names as the neutral packages: .js (ESM, "type": "module") and .cjs.
    fixedExtension: false,
  },
  {
    // `@quickbi-embed/emulator/browser`, for bundlers (randomness is Web Crypto's, as in Node).
    entry: ['src/browser.ts'],
    format: ['esm', 'cjs'],
    platform: 'browser',
    outDir: 'dist/browser',
    dts: true,
    sourcemap: true,
    clean: false,
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
