import type { Preview } from '@storybook/react-vite';
import '../stories/stories.css';
import { DemoProvider, type DemoProviderProps } from '../stories/DemoProvider.js';

export interface QuickBIStoryParameters {
  user?: DemoProviderProps['user'];
  scenario?: DemoProviderProps['scenario'];
  locale?: DemoProviderProps['locale'];
  renewal?: DemoProviderProps['renewal'];
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
        order: ['Report', 'Policy', 'Sharing', 'Lifecycle', 'Locale'],
      },
    },
  },
};
export default preview;
