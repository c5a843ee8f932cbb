import type { QuickBIClientAdapter } from './adapter.js';
import { CONTRACT_VERSION, CONTRACT_VERSION_HEADER, DEFAULT_BASE_PATH } from './contract.js';
import {
  COPILOT_TICKET_PATH,
  TICKET_INFO_PATH,
  TICKET_PATH,
  TICKET_RENEW_PATH,
  TOKEN_PATH,
} from './contractPaths.js';
import type { HttpFailure } from './httpFailure.js';
import type { Timers } from './timers.js';

export interface HttpAdapterOptions {
  /** Where the server handler is mounted; absolute or relative to the page. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Extra headers (e.g. a CSRF token), or a function returning them per call. */
  headers?: HeadersInit | (() => HeadersInit);
  /** Cookie policy of the calls; the app's session usually rides on cookies. */
  credentials?: RequestCredentials;
  /**
   * Milliseconds a call may take, answer included, before it is given up as a (retryable)
   * `NETWORK_ERROR`. Default 30 000, as Superset's guest-token fetch; `0` waits for ever.
   */
  timeout?: number;
  /** The timers the timeout runs on (tests pass fake ones); the globals by default. */
  timers?: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
}

/** A client adapter speaking our HTTP contract to `createQuickBIHandler`. */
export function createHttpAdapter(options: HttpAdapterOptions = {}): QuickBIClientAdapter {
  const base = (options.baseUrl ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const { timeout = 30_000 } = options;
  // The error and its words are only needed once a call failed: they load on demand, started now
  // so they are at hand by then. Should even that fail (the page went offline), a plain Error with
  // the code stands in.
  const errors = import('./httpFailure.js');
  errors.catch(() => {});
  const fail = (facts: HttpFailure): Promise<never> =>
    errors.then(
      ({ httpFailure }) => Promise.reject(httpFailure(facts)),
      () =>
        Promise.reject(Object.assign(new Error(facts.url), { code: 'NETWORK_ERROR', status: 0 })),
    );
  const call =
    (path: string) =>
    async (body: object, init: { signal?: AbortSignal } = {}): Promise<never> => {
      const url = base + path;
      const headers = new Headers(
        typeof options.headers === 'function' ? options.headers() : options.headers,
      );
      headers.set('content-type', 'application/json');
      headers.set(CONTRACT_VERSION_HEADER, String(CONTRACT_VERSION));
      // The caller's abort and our timeout end the same request; only the caller's is an abort.
      const controller = new AbortController();
      const { signal } = init;
      const abort = () => controller.abort(signal?.reason);
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort);
      let late: number | undefined;
      const timers = options.timers ?? globalThis;
      const timer =
        timeout > 0 &&
        timers.setTimeout(() => {
          late = timeout;
          controller.abort();
        }, timeout);
      let response: Response;
      let text: string;
      try {
        // Looked up per call, not captured: tests and polyfills may replace the global later.
        response = await (options.fetch ?? globalThis.fetch)(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          credentials: options.credentials ?? 'same-origin',
          signal: controller.signal,
        });
        text = await response.text();
      } catch (cause) {
        if (signal?.aborted) throw cause;
        return fail({ url, base, status: 0, timeout: late, cause });
      } finally {
        if (timer !== false) timers.clearTimeout(timer as never);
        signal?.removeEventListener('abort', abort);
      }
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        // Not JSON: not our handler's answer.
      }
      if (response.ok && payload !== undefined) return payload as never;
      return fail({
        url,
        base,
        status: response.status,
        type: response.headers.get('content-type'),
        body: payload,
      });
    };
  return {
    createEmbedToken: call(TOKEN_PATH),
    createTicket: call(TICKET_PATH),
    renewTicket: call(TICKET_RENEW_PATH),
    queryTicketInfo: call(TICKET_INFO_PATH),
    createCopilotTicket: call(COPILOT_TICKET_PATH),
  };
}
