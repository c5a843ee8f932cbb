import { ERROR_TEXT, errorKind, type QuickBIEmbedError } from '@quickbi-embed/core';
import type { QuickBILocale } from './context.js';

/**
 * The cause of an error in words (en, zh-CN), by its code. Loaded with the first error, so the
 * texts cost a page nothing until then; the code and Retry show without waiting for it.
 */
export function ErrorText({ error, locale }: { error: QuickBIEmbedError; locale: QuickBILocale }) {
  return <>{ERROR_TEXT[locale][errorKind(error)]} </>;
}
