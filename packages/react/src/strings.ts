import { ERROR_TEXT } from '@quickbi-embed/core';
import type { QuickBILocale } from './context.js';

export const reportStrings = {
  en: { loading: 'Loading report…', retry: 'Retry', errors: ERROR_TEXT.en },
  'zh-CN': { loading: '报表加载中…', retry: '重试', errors: ERROR_TEXT['zh-CN'] },
} satisfies Record<QuickBILocale, object>;
