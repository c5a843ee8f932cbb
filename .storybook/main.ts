import type { StorybookConfig } from '@storybook/react-vite';
import { quickbiDevServer } from '../demo/quickbiDevServer.js';
import { emulatorWorkerFiles } from './emulatorWorkerFiles.js';

// Workspace packages resolve to their TypeScript sources (see each package's "exports").
const source = '@quickbi-embed/source';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-vitest', '@storybook/addon-docs'],
  framework: { name: '@storybook/react-vite', options: { strictMode: true } },
  core: { disableTelemetry: true },
  // Stories talk to the real server adapter and an emulator. Under the dev server (and Vitest's
  // browser server when stories run as tests) both run in Node, inside the dev server. A static
  // build has no server: both run in the browser (stories/browserWorld.ts), behind a service
  // worker (`storybook build` only: the dev server has its own).
  async viteFinal(config, { configType }) {
    const inBrowser = configType === 'PRODUCTION';
    return {
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        quickbiDevServer({ refreshIntervalMs: 1_000 }),
        emulatorWorkerFiles(),
      ],
      define: {
        ...config.define,
        'import.meta.env.STORYBOOK_QUICKBI_BROWSER_EMULATOR': JSON.stringify(inBrowser),
      },
      resolve: {
        ...config.resolve,
        conditions: [source, 'module', 'browser', 'development|production'],
        alias: toAliasList(config.resolve?.alias),
      },
      ssr: {
        ...config.ssr,
        resolve: {
          ...config.ssr?.resolve,
          conditions: [source, 'module', 'node', 'development|production'],
        },
      },
    };
  },
};
export default config;

type Alias = { find: string | RegExp; replacement: string };
function toAliasList(alias: unknown): Alias[] {
  if (!alias) return [];
  if (Array.isArray(alias)) return alias as Alias[];
  return Object.entries(alias as Record<string, string>).map(([find, replacement]) => ({
    find,
    replacement,
  }));
}
