import type { Preview } from '@storybook/react-vite';
import '../stories/stories.css';
import { DemoProvider, type DemoProviderProps } from '../stories/DemoProvider.js';
import { clearFaults } from '../stories/emulatorControl.js';

export interface QuickBIStoryParameters {
  user?: DemoProviderProps['user'];
  scenario?: DemoProviderProps['scenario'];
  locale?: DemoProviderProps['locale'];
  renewal?: DemoProviderProps['renewal'];
  offline?: boolean;
  /** Stories that render their own providers (side by side) turn the default one off. */
  provider?: false;
}

// A static build has no server: the stories' backend then runs in this page (see main.ts).
const inBrowser = import.meta.env.STORYBOOK_QUICKBI_BROWSER_EMULATOR === true;

const preview: Preview = {
  loaders: [
    async () => {
      if (inBrowser) await (await import('../stories/browserWorld.js')).ensureBrowserWorld();
      return {};
    },
  ],
  // No story inherits another's injected faults (stories add their own in their beforeEach).
  beforeEach: async () => {
    await clearFaults();
  },
  // Every story gets a fresh QueryClient and a provider pointed at the dev server's handler.
  decorators: [
    (Story, context) => {
      const params = (context.parameters.quickbi ?? {}) as QuickBIStoryParameters;
      if (params.provider === false) return <Story />;
      return (
        <DemoProvider
          {...(params.user ? { user: params.user } : {})}
          {...(params.scenario ? { scenario: params.scenario } : {})}
          {...(params.locale ? { locale: params.locale } : {})}
          {...(params.renewal ? { renewal: params.renewal } : {})}
          {...(params.offline ? { offline: true } : {})}
        >
          <Story />
        </DemoProvider>
      );
    },
  ],
  parameters: {
    layout: 'padded',
    options: {
      storySort: {
        order: [
          'Report',
          'Errors',
          'Policy',
          'Sharing',
          'Lifecycle',
          'Locale',
          'Hooks',
          'Devtools',
        ],
      },
    },
  },
};
export default preview;
