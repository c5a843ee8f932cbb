import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test-support/chromium';

// Workspace packages resolve to their TypeScript sources in tests (see each package's "exports").
const SOURCE = '@quickbi-embed/source';
const conditions = [SOURCE];

// The global setup of a browser project runs in a Vite environment that ignores custom resolve
// conditions, so every entry point of every package is also aliased to its source file.
const sourceAliases = readdirSync('packages').flatMap((dir) => {
  const pkg = JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8')) as {
    name: string;
    exports: Record<string, string | Record<string, unknown>>;
  };
  return Object.entries(pkg.exports).flatMap(([subpath, target]) => {
    const source = typeof target === 'object' ? target[SOURCE] : undefined;
    if (typeof source !== 'string') return [];
    const specifier = pkg.name + subpath.slice(1);
    return [
      {
        find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
        replacement: resolve('packages', dir, source),
      },
    ];
  });
});

const chromium = playwright({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  },
});
// A fresh object per project: Vitest writes the instance name into it.
const browser = () => ({
  enabled: true,
  headless: true,
  provider: chromium,
  instances: [{ browser: 'chromium' as const }],
});

const node = (name: string, include: string[], extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, environment: 'node' as const, include, ...extra },
});

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: sourceAliases,
    conditions: [...conditions, 'module', 'browser', 'development|production'],
  },
  ssr: { resolve: { conditions: [...conditions, 'module', 'node', 'development|production'] } },
  test: {
    projects: [
      node('core', ['packages/core/src/**/*.test.ts']),
      node(
        'emulator',
        ['packages/emulator/src/**/*.test.ts', 'packages/emulator/test/**/*.test.ts'],
        {
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      ),
      node('server', ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'], {
        testTimeout: 30_000,
        hookTimeout: 30_000,
      }),
      {
        extends: true,
        test: {
          name: 'react-jsdom',
          environment: 'jsdom',
          include: ['packages/react/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.browser.test.{ts,tsx}', '**/node_modules/**'],
          setupFiles: ['./vitest.setup.jsdom.ts'],
          typecheck: {
            enabled: true,
            include: ['packages/react/src/**/*.test-d.{ts,tsx}'],
            tsconfig: './packages/react/tsconfig.json',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'react-browser',
          include: ['packages/react/src/**/*.browser.test.{ts,tsx}'],
          globalSetup: ['packages/react/test/browserGlobalSetup.ts'],
          testTimeout: 30_000,
          browser: browser(),
        },
      },
      // The end-to-end demo runs after the other projects, not beside them: it times a first paint
      // and drives a dev server, which a machine busy with the rest of the suite only slows.
      node('e2e', ['e2e/**/*.test.ts'], {
        testTimeout: 120_000,
        hookTimeout: 180_000,
        sequence: { groupOrder: 1 },
      }),
      {
        // The test-kit examples users copy (msw handlers, fake adapter), run as written.
        extends: true,
        test: {
          name: 'test-kit',
          environment: 'jsdom',
          include: ['examples/test-kit/**/*.test.{ts,tsx}'],
          exclude: ['examples/test-kit/**/*.playwright.test.ts', '**/node_modules/**'],
          setupFiles: ['./vitest.setup.jsdom.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // Every story in stories/ runs as a test in Chromium, its play function as the assertions.
        // The dev-server plugin (from .storybook/main.ts viteFinal) starts the emulator and handler.
        extends: true,
        plugins: [storybookTest({ configDir: '.storybook' })],
        // One file at a time: stories share one emulator, and some inject faults into it.
        test: {
          name: 'storybook',
          testTimeout: 60_000,
          fileParallelism: false,
          browser: browser(),
        },
      },
    ],
  },
});
