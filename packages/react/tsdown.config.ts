import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/status/index.ts',
    'src/devtools/index.ts',
    'src/devtools/production.ts',
    'src/copilot/index.ts',
  ],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  dts: true,
  sourcemap: true,
  clean: true,
});
