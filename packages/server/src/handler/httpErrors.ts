import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import type { EmbedErrorCode } from '@quickbi-embed/core';

/** Throws one of our own typed errors; its status comes from core's one table. */
export function fail(code: EmbedErrorCode, message: string): never {
  throw new QuickBIEmbedError({ code, message, status: ERROR_STATUS[code] });
}
