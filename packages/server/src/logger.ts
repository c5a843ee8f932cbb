/**
 * A minimal structured logger: console, pino and winston all fit. The library only ever passes
 * fields without secrets (AccessKey secret and STS token are never handed to it).
 *
 * Every line the handler logs is one sentence naming its code, its cause and its fix; `fields`
 * repeat the facts for a structured logger: `event` (a stable name to filter on, e.g.
 * `quickbi.upstream.error`), `code`, and `requestId` (also sent back in the answer's
 * `x-request-id` header).
 */
export interface QuickBILogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** One line: the sentence, then the request id (never the other fields: they repeat it). */
function line(message: string, fields: Record<string, unknown> | undefined): string {
  const id = fields?.['requestId'];
  return typeof id === 'string' ? `${message} (requestId ${id})` : message;
}

/**
 * The default: warnings and errors to `console`, one line each, so a first misconfiguration is
 * visible without any setup. Debug and info lines are dropped.
 */
export const consoleLogger: QuickBILogger = {
  warn: (message, fields) => console.warn(line(message, fields)),
  error: (message, fields) => console.error(line(message, fields)),
};

/** `logger` option → the logger to use: the default console one, the app's own, or none (`false`). */
export function resolveLogger(logger: QuickBILogger | false | undefined): QuickBILogger {
  if (logger === false) return {};
  return logger ?? consoleLogger;
}
