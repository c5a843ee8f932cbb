// Runs only the emulator project, for working on this package without the other projects' setup.
import { defineConfig } from 'vitest/config';

const conditions = ['@quickbi-embed/source'];
export default defineConfig({
  root: '../..',
  resolve: { conditions: [...conditions, 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: [...conditions, 'module', 'node', 'development|production'] } },
  test: {
    name: 'emulator',
    environment: 'node',
    include: ['packages/emulator/src/**/*.test.ts', 'packages/emulator/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
