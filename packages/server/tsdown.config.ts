import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/node.ts',
    'src/express.ts',
    'src/next.ts',
    'src/redis.ts',
    'src/doctor.ts',
    'src/bin.ts',
  ],
  format: ['esm', 'cjs'],
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  // Per-module output (dist mirrors src): a user's bundler sees our modules and lazy boundaries,
  // not shared chunks that make lazy code eager (issue 18).
  unbundle: true,
  // Same file names as the neutral packages: .js (ESM, "type": "module") and .cjs.
  fixedExtension: false,
});
