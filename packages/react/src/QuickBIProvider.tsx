'use client';
import type { QuickBIClientAdapter, RenewalPolicy } from '@quickbi-embed/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { QuickBIContext, type QuickBILocale } from './context.js';

export interface QuickBIProviderProps {
  /** How to reach the app's server, e.g. `createHttpAdapter()` from `@quickbi-embed/core`. */
  adapter: QuickBIClientAdapter;
  /** The app's own client; a private one is created when omitted. */
  queryClient?: QueryClient;
  locale?: QuickBILocale;
  /** When to renew and how to retry; read once per credential. */
  renewal?: RenewalPolicy;
  children?: ReactNode;
}

export function QuickBIProvider({
  adapter,
  queryClient,
  locale = 'en',
  renewal,
  children,
}: QuickBIProviderProps) {
  const [ownClient] = useState(() => queryClient ?? new QueryClient());
  const value = useMemo(() => ({ adapter, locale, renewal }), [adapter, locale, renewal]);
  return (
    <QueryClientProvider client={queryClient ?? ownClient}>
      <QuickBIContext.Provider value={value}>{children}</QuickBIContext.Provider>
    </QueryClientProvider>
  );
}
