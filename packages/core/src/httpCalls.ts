import type { QuickBIClientAdapter } from './adapter.js';
import { DEFAULT_BASE_PATH } from './contract.js';
import type { HttpAdapterOptions } from './httpAdapter.js';
import { httpFailure, type HttpFailure } from './httpFailure.js';

/**
 * What `createHttpAdapter` does, loaded on demand (the import starts when the app creates its
 * adapter): the calls, their timeout and their errors. Nothing of it is in a page's first chunk.
 */
export function httpCalls(options: HttpAdapterOptions): QuickBIClientAdapter {
  const base = (options.baseUrl ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const { timeout = 30_000 } = options;
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
      throw httpFailure(failure);
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
