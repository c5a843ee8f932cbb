import { isQuickBIEmbedError } from '@quickbi-embed/core';
import type { QuickBILogger } from '../logger.js';
import { errorResponse } from './jsonResponse.js';

/**
 * For one handler: turns a missing AccessKey (or other setting) found on a request into a 500
 * `NOT_CONFIGURED` naming the setting (never a value), and logs it once, not once per request.
 * Without a logger it goes to `console.error`: a deployment without keys must be visible.
 */
export function createNotConfiguredReporter(logger: QuickBILogger | undefined) {
  let logged = false;
  return function notConfiguredResponse(
    error: unknown,
    headers: Record<string, string>,
  ): Response | undefined {
    if (!isQuickBIEmbedError(error) || error.code !== 'NOT_CONFIGURED') return undefined;
    if (!logged) {
      logged = true;
      if (logger) logger.error?.('quickbi.not_configured', { message: error.message });
      else console.error(`quickbi.not_configured: ${error.message}`);
    }
    return errorResponse(500, { code: 'NOT_CONFIGURED', message: error.message }, headers);
  };
}
