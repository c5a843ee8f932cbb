import { defineConfig } from 'tsdown';
import { keepReexports } from '../../scripts/keepReexports.mjs';

export default defineConfig({
  entry: ['src/index.ts', 'src/heldReports.ts', 'src/mount.ts', 'src/testing/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  dts: true,
  sourcemap: true,
  clean: true,
  // Per-module output (dist mirrors src): a user's bundler sees our modules and lazy boundaries,
  // not shared chunks that make lazy code eager (issue 18).
  unbundle: true,
  plugins: [keepReexports()],
});
