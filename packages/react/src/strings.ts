import type { QuickBILocale } from './context.js';

export const reportStrings: Record<
  QuickBILocale,
  { loading: string; error: string; retry: string }
> = {
  en: { loading: 'Loading report…', error: 'The report could not be loaded.', retry: 'Retry' },
  'zh-CN': { loading: '报表加载中…', error: '报表加载失败。', retry: '重试' },
};
