import type { QuickBIClientAdapter } from './adapter.js';
import {
  CONTRACT_VERSION,
  CONTRACT_VERSION_HEADER,
  DEFAULT_BASE_PATH,
  type ErrorBody,
} from './contract.js';
import {
  COPILOT_TICKET_PATH,
  TICKET_INFO_PATH,
  TICKET_PATH,
  TICKET_RENEW_PATH,
  TOKEN_PATH,
} from './contractPaths.js';
import type { QuickBIEmbedErrorOptions } from './errors.js';

export interface HttpAdapterOptions {
  /** Where the server handler is mounted; absolute or relative to the page. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Extra headers (e.g. a CSRF token), or a function returning them per call. */
  headers?: HeadersInit | (() => HeadersInit);
  /** Cookie policy of the calls; the app's session usually rides on cookies. */
  credentials?: RequestCredentials;
}

/** A client adapter speaking our HTTP contract to `createQuickBIHandler`. */
export function createHttpAdapter(options: HttpAdapterOptions = {}): QuickBIClientAdapter {
  const base = (options.baseUrl ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  // The error class is only needed once a call failed: it loads on demand, started now so it is
  // at hand by then. Should even that fail (the page went offline), a plain Error with the same
  // fields stands in.
  const errors = import('./errors.js');
  errors.catch(() => {});
  const fail = (o: QuickBIEmbedErrorOptions): Promise<never> =>
    errors.then(
      ({ QuickBIEmbedError }) => Promise.reject(new QuickBIEmbedError(o)),
      () => Promise.reject(Object.assign(new Error(o.message), o)),
    );
  const call =
    (path: string) =>
    async (body: object, init: { signal?: AbortSignal } = {}): Promise<never> => {
      const headers = new Headers(
        typeof options.headers === 'function' ? options.headers() : options.headers,
      );
      headers.set('content-type', 'application/json');
      headers.set(CONTRACT_VERSION_HEADER, String(CONTRACT_VERSION));
      let response: Response;
      try {
        // Looked up per call, not captured: tests and polyfills may replace the global later.
        response = await (options.fetch ?? globalThis.fetch)(base + path, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          credentials: options.credentials ?? 'same-origin',
          signal: init.signal ?? null,
        });
      } catch (cause) {
        if (init.signal?.aborted) throw cause;
        return fail({
          code: 'NETWORK_ERROR',
          message: `Could not reach ${base}`,
          status: 0,
          cause,
        });
      }
      const payload: unknown = await response.json().catch(() => undefined);
      if (response.ok && payload !== undefined) return payload as never;
      const error = (payload as Partial<ErrorBody> | undefined)?.error;
      return fail({
        code: error?.code ?? 'INTERNAL',
        message: error?.message ?? `HTTP ${response.status} from ${base}`,
        status: response.status,
        ...(error?.requestId && { requestId: error.requestId }),
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
