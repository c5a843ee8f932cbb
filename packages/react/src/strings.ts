import type { QuickBILocale } from './context.js';

export const reportStrings: Record<QuickBILocale, { loading: string; retry: string }> = {
  en: { loading: 'Loading report…', retry: 'Retry' },
  'zh-CN': { loading: '报表加载中…', retry: '重试' },
};
