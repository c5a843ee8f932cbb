import type { QuickBIClientAdapter } from '@quickbi-embed/core';
import { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { QuickBIProvider, type QuickBILocale } from '../index.js';

// On-demand modules (the error view), loaded up front: fake timers do not wait for a first load.
await import('../ErrorView.js');

/** A client without garbage-collection timers, so timer counts show only ours. */
export const testClient = () =>
  new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } });

export function makeWrapper(
  adapter: QuickBIClientAdapter,
  { locale, client = testClient() }: { locale?: QuickBILocale; client?: QueryClient } = {},
) {
  return function Wrapper({ children }: { children?: ReactNode }) {
    return (
      <QuickBIProvider adapter={adapter} queryClient={client} {...(locale && { locale })}>
        {children}
      </QuickBIProvider>
    );
  };
}
