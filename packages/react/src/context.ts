import type { EmbedEngine, QuickBIClientAdapter, RenewalPolicy } from '@quickbi-embed/core';
import { createContext, useContext } from 'react';

export type QuickBILocale = 'en' | 'zh-CN';

export interface QuickBIContextValue {
  adapter: QuickBIClientAdapter;
  locale: QuickBILocale;
  renewal: RenewalPolicy | undefined;
  /** The provider's engine: every credential of this page. */
  engine: EmbedEngine;
}

export const QuickBIContext = createContext<QuickBIContextValue | null>(null);

/** The provider's settings; throws outside `<QuickBIProvider>` (a silent default would hide a bug). */
export function useQuickBI(): QuickBIContextValue {
  const value = useContext(QuickBIContext);
  if (!value)
    throw new Error('Quick BI hooks and <QuickBIReport> must be used inside <QuickBIProvider>');
  return value;
}
