import type { QuickBIClientAdapter } from './adapter.js';
import { DEFAULT_BASE_PATH } from './contract.js';
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
  const call =
    (path: string) =>
    async (body: object, { signal }: { signal?: AbortSignal } = {}): Promise<never> => {
      const url = base + path;
      const headers = new Headers(
        typeof options.headers === 'function' ? options.headers() : options.headers,
      );
      headers.set('content-type', 'application/json');
      // CONTRACT_VERSION_HEADER and CONTRACT_VERSION, written out (test: httpAdapter.test.ts).
      headers.set('x-quickbi-embed-contract', '1');
      // The caller's abort and our timeout end the same request; only the caller's is an abort.
      const controller = new AbortController();
      const abort = () => controller.abort(signal?.reason);
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort);
      const timers = options.timers ?? globalThis;
      const failure: HttpFailure = { url, base };
      const timer =
        timeout > 0 &&
        timers.setTimeout(() => {
          failure.timeout = timeout;
          controller.abort();
        }, timeout);
      try {
        // Looked up per call, not captured: tests and polyfills may replace the global later.
        const response = (failure.response = await (options.fetch ?? globalThis.fetch)(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          // Unset is fetch's own default, 'same-origin'.
          credentials: options.credentials,
          signal: controller.signal,
        }));
        failure.text = await response.text();
        // Only JSON is our handler's answer (an OK HTML page is an SPA fallback): anything else
        // is worded by `httpFailure`, which reads the rest of the answer.
        if (response.ok) return JSON.parse(failure.text) as never;
      } catch (cause) {
        if (signal?.aborted) throw cause;
        failure.cause = cause;
      } finally {
        // Also when no timer was set (`false`): clearing what is no timer does nothing.
        timers.clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      }
      throw await errors.then(
        ({ httpFailure }) => httpFailure(failure),
        () => Object.assign(new Error(url), { code: 'NETWORK_ERROR', status: 0 }),
      );
    };
  // CONTRACT_ROUTES, written out: a bundler keeps imported constants as variables (Vite's
  // `topLevelVar`), literals ship inline (test: httpAdapter.test.ts holds them to the contract).
  return {
    createEmbedToken: call('/token'),
    createTicket: call('/ticket'),
    renewTicket: call('/ticket/renew'),
    queryTicketInfo: call('/ticket/info'),
    createCopilotTicket: call('/copilot/ticket'),
  };
}
