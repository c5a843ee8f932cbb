import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import type { EmbedErrorCode } from '@quickbi-embed/core';
import type { LogFields } from './shellLog.js';

/**
 * What the server log says about a refusal the app's own setup causes (never sent to the browser):
 * one line naming what was seen, what was expected and the setting that fixes it. `key` makes it
 * a first-time-only line.
 */
export interface Explanation {
  key: string;
  line: string;
  fields: LogFields;
}

/** A refusal the shell decides (route, origin, method, contract): headers and an explanation ride along. */
export class Refusal extends QuickBIEmbedError {
  readonly headers: Record<string, string>;
  readonly explanation: Explanation | undefined;

  constructor(
    code: EmbedErrorCode,
    message: string,
    extra: { headers?: Record<string, string>; explain?: Explanation } = {},
  ) {
    super({ code, message, status: ERROR_STATUS[code] });
    this.headers = extra.headers ?? {};
    this.explanation = extra.explain;
  }
}

export function refuse(
  code: EmbedErrorCode,
  message: string,
  extra: { headers?: Record<string, string>; explain?: Explanation } = {},
): never {
  throw new Refusal(code, message, extra);
}

/** A value from the request, quoted and cut short, safe inside one log line. */
export const quoted = (value: string, max = 100) => JSON.stringify(value.slice(0, max));

/** Every log line starts the same way: who speaks, the code, where. */
export const say = (code: string, where: string, text: string) =>
  `[quickbi-embed] ${code} ${where}: ${text}`;
