/**
 * A minimal structured logger: console, pino and winston all fit. The library only ever passes
 * fields without secrets (AccessKey secret and STS token are never handed to it).
 */
export interface QuickBILogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}
