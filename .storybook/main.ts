import type { StorybookConfig } from '@storybook/react-vite';
import { quickbiDevServer } from '../demo/quickbiDevServer.js';

// Workspace packages resolve to their TypeScript sources (see each package's "exports").
const source = '@quickbi-embed/source';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: { strictMode: true } },
  core: { disableTelemetry: true },
  // Stories talk to the real server adapter and an in-process emulator, both inside the dev
  // server (and inside Vitest's browser server when stories run as tests).
  async viteFinal(config) {
    return {
      ...config,
      plugins: [...(config.plugins ?? []), quickbiDevServer({ refreshIntervalMs: 1_000 })],
      resolve: {
        ...config.resolve,
        conditions: [source, 'module', 'browser', 'development|production'],
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
