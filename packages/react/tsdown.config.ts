import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/status/index.ts', 'src/devtools/index.ts', 'src/copilot/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  dts: true,
  sourcemap: true,
  clean: true,
});
