import { ERROR_TEXT, errorKind, type QuickBIEmbedError } from '@quickbi-embed/core';
import type { QuickBILocale } from './context.js';

const RETRY = { en: 'Retry', 'zh-CN': '重试' };

/**
 * The default error view: the cause in words (en, zh-CN) by its code, the code, and Retry.
 * Loaded with the first error, so none of it costs a page anything until then.
 */
export default function ErrorView({
  error,
  locale,
  retry,
}: {
  error: QuickBIEmbedError;
  locale: QuickBILocale;
  retry: () => void;
}) {
  return (
    <div role="alert" data-code={error.code}>
      {ERROR_TEXT[locale][errorKind(error)]} ({error.code}){' '}
      <button type="button" onClick={retry}>
        {RETRY[locale]}
      </button>
    </div>
  );
}
