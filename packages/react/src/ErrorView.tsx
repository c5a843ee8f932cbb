import { DEV, ERROR_TEXT, errorKind, type QuickBIEmbedError } from '@quickbi-embed/core';
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
  label,
}: {
  error: QuickBIEmbedError;
  locale: QuickBILocale;
  retry: () => void;
  /** The Retry button's words (`UI_TEXT`): handed in, so this chunk and the report's first one
   * share no module (a shared one would be a chunk of its own, one more request). */
  label: string;
}) {
  return (
    <div role="alert" data-code={error.code}>
      {ERROR_TEXT[locale][errorKind(error)]} ({error.code}){' '}
      <button type="button" onClick={retry}>
        {label}
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
