import { useState, type ReactNode } from 'react';
import { QueryClient } from '@tanstack/react-query';
import { createHttpAdapter, type RenewalPolicy } from '@quickbi-embed/core';
import { QuickBIProvider } from '@quickbi-embed/react';
import { demoHeaders, type DemoScenario, type DemoUserName } from '../demo/demoUsers.js';

export interface DemoProviderProps {
  user?: DemoUserName;
  scenario?: DemoScenario;
  locale?: 'en' | 'zh-CN';
  renewal?: RenewalPolicy;
  /** The app's server cannot be reached: every call fails as fetch does offline. */
  offline?: boolean;
  children: ReactNode;
}

const offlineFetch: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));

/**
 * A fresh QueryClient and a provider pointed at the dev server's `/api/quickbi`, acting as one
 * demo user. Each mount is its own session, so its credentials are its own.
 */
export function DemoProvider({
  user = 'alice',
  scenario = 'default',
  locale = 'en',
  renewal,
  offline = false,
  children,
}: DemoProviderProps) {
  const [{ queryClient, adapter }] = useState(() => ({
    queryClient: new QueryClient(),
    adapter: createHttpAdapter({
      headers: demoHeaders(user, scenario, crypto.randomUUID()),
      ...(offline ? { fetch: offlineFetch } : {}),
    }),
  }));
  return (
    <QuickBIProvider
      adapter={adapter}
      queryClient={queryClient}
      locale={locale}
      {...(renewal ? { renewal } : {})}
    >
      {children}
    </QuickBIProvider>
  );
}
