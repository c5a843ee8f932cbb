import { isQuickBIEmbedError } from '@quickbi-embed/core';
import type { LogFields, ShellLog } from './shellLog.js';
import { say } from './refusal.js';

/**
 * For one handler: a missing AccessKey (or other setting) found on a request answers 500
 * `NOT_CONFIGURED` naming the setting (never a value), and is logged once, not once per request.
 * Returns false when `error` is something else.
 */
export function createNotConfiguredLog(log: ShellLog) {
  return function logNotConfigured(error: unknown, where: string, fields: LogFields): boolean {
    if (!isQuickBIEmbedError(error) || error.code !== 'NOT_CONFIGURED') return false;
    log.once('error', 'NOT_CONFIGURED', say('NOT_CONFIGURED', where, error.message), {
      ...fields,
      event: 'quickbi.not_configured',
      message: error.message,
    });
    return true;
  };
}
