'use client';
import {
  EmbedEngine,
  type Credential,
  type QuickBIClientAdapter,
  type RenewalPolicy,
} from '@quickbi-embed/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { QuickBIContext, type QuickBILocale } from './context.js';
import { credentialQueryKey } from './credentialQueryKey.js';

// One engine per QueryClient, kept on the client itself: providers over the same client (a
// remount, a second tree) share its credentials and use counts, as they share its cache.
const ENGINE = Symbol.for('@quickbi-embed/engine');

// Created bare: the provider's `configure` hands it the renewal policy and report origin at once.
function engineOf(client: QueryClient, adapter: QuickBIClientAdapter): EmbedEngine {
  return ((client as unknown as Record<symbol, EmbedEngine | undefined>)[ENGINE] ??=
    new EmbedEngine({
      adapter,
      // A credential a route loader prefetched into the QueryClient (`ticketQueryOptions`).
      seed: (request) => {
        const state = client.getQueryState<Credential>(credentialQueryKey(request));
        return state?.data && { credential: state.data, receivedAt: state.dataUpdatedAt };
      },
    }));
}

export interface QuickBIProviderProps {
  /** How to reach the app's server, e.g. `createHttpAdapter()` from `@quickbi-embed/core`. */
  adapter: QuickBIClientAdapter;
  /** The app's own client; a private one is created when omitted. */
  queryClient?: QueryClient;
  locale?: QuickBILocale;
  /** When to renew and how to retry. */
  renewal?: RenewalPolicy;
  /** The Quick BI origin reports may load from when the server announces none. */
  reportOrigin?: string;
  /** The engine to use (e.g. shared with `mountQuickBIReport`); else one per QueryClient. */
  engine?: EmbedEngine;
  children?: ReactNode;
}

export function QuickBIProvider({
  adapter,
  queryClient,
  locale = 'en',
  renewal,
  reportOrigin,
  engine: given,
  children,
}: QuickBIProviderProps) {
  const [client] = useState(() => queryClient ?? new QueryClient());
  const active = queryClient ?? client;
  const engine = given ?? engineOf(active, adapter);
  // The latest settings serve the engine's next call (idempotent, so safe to do while rendering).
  if (!given) engine.configure({ adapter, renewal, reportOrigin });
  const value = useMemo(() => ({ adapter, locale, engine }), [adapter, locale, engine]);
  return (
    <QueryClientProvider client={active}>
      <QuickBIContext.Provider value={value}>{children}</QuickBIContext.Provider>
    </QueryClientProvider>
  );
}
