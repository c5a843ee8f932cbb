import { DEV, ERROR_TEXT, errorKind, UI_TEXT, type QuickBIEmbedError } from '@quickbi-embed/core';
import type { QuickBILocale } from './context.js';

/**
 * The default error view: the cause in words (en, zh-CN) by its code, whose mistake it is, the
 * code, and Retry; in development also the server's own message, which names the fix.
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
        {UI_TEXT[locale].retry}
      </button>
      {DEV && (
        <small style={{ display: 'block' }} data-quickbi-detail="">
          {error.message}
          {error.requestId && ` (requestId ${error.requestId})`}
        </small>
      )}
    </div>
  );
}
