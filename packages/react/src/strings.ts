import type { QuickBILocale } from './context.js';

export const loadingText: Record<QuickBILocale, string> = {
  en: 'Loading report…',
  'zh-CN': '报表加载中…',
};
