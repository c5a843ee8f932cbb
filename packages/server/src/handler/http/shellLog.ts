import type { QuickBILogger } from '../../logger.js';

export type LogFields = Record<string, unknown>;

/** The handler's own log: the app's logger (or the console default), one line per first mistake. */
export interface ShellLog {
  info(message: string, fields: LogFields): void;
  warn(message: string, fields: LogFields): void;
  error(message: string, fields: LogFields): void;
  /**
   * A mistake that repeats on every request (an origin refused, a wrong mount path, a missing
   * key): logged the first time its `key` is seen, not again. Bounded: past `MAX_KEYS` distinct
   * keys the memory starts over (a scanner cannot grow it).
   */
  once(level: 'warn' | 'error', key: string, message: string, fields: LogFields): void;
}

const MAX_KEYS = 256;

/**
 * The handler's own log, readable by the node and Express adapters: their lines go where the
 * handler's (one `logger` option, the handler's, owns them all).
 */
export const HANDLER_LOG: unique symbol = Symbol.for('@quickbi-embed/server.log');

/** The log of a `createQuickBIHandler` handler, or undefined for any other fetch handler. */
export function handlerLogOf(handler: object): ShellLog | undefined {
  const log = (handler as { [HANDLER_LOG]?: ShellLog })[HANDLER_LOG];
  return log && typeof log.error === 'function' ? log : undefined;
}

export function createShellLog(logger: QuickBILogger): ShellLog {
  const seen = new Set<string>();
  // A throwing logger must never turn an answer into a crash.
  const safe =
    (level: keyof QuickBILogger) =>
    (message: string, fields: LogFields): void => {
      try {
        logger[level]?.(message, fields);
      } catch {
        // The app's logger failed; there is nowhere left to say so.
      }
    };
  const levels = { info: safe('info'), warn: safe('warn'), error: safe('error') };
  return {
    ...levels,
    once(level, key, message, fields) {
      if (seen.has(key)) return;
      if (seen.size >= MAX_KEYS) seen.clear();
      seen.add(key);
      levels[level](message, fields);
    },
  };
}
