/**
 * The words the default views show besides an error's cause (`ERROR_TEXT`, loaded with the first
 * error): one table for the React binding, `mountQuickBIReport` and Smart Q.
 */
export const UI_TEXT: Record<'en' | 'zh-CN', { loading: string; retry: string }> = {
  en: { loading: 'Loading report…', retry: 'Retry' },
  'zh-CN': { loading: '报表加载中…', retry: '重试' },
};
